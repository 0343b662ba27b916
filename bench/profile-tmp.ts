import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { readJudgedQueries } from '../src/modules/search/evaluate.js';
const url = 'postgres://postgres@127.0.0.1:5432/yimen_bench_search_100000';
const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), databaseUrl: url };
const database = await openDatabase({ databaseUrl: url, dataDir: '' });
const services = await createServices(config, database);
const qs = [...readJudgedQueries().map((j) => j.q), '东湖区食品生产许可', '西山区道路运输许可变更', 'jianshegongcheng', 'spsc', '危险化学品'];
const times: [number, string, number][] = [];
for (let r = 0; r < 3; r++) for (const q of qs) { const t = performance.now(); const res = services.search.search({ q, limit: 10, offset: 0, noLog: true }); times.push([performance.now() - t, q, res.total]); }
times.sort((a, b) => a[0] - b[0]);
const pct = (p: number) => times[Math.floor(times.length * p)]![0].toFixed(1);
console.log('p50', pct(0.5), 'p95', pct(0.95), 'p99', pct(0.99));
console.log(times.slice(-8).map(([t, q, n]) => `${t.toFixed(1)}ms ${q} (${n})`).join('\n'));
process.exit(0);
