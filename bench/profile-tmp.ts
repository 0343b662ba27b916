import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { readJudgedQueries } from '../src/modules/search/evaluate.js';
const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.bench/search-20000' });
const database = await openDatabase({ dataDir: config.dataDir });
let t0 = performance.now();
const services = await createServices(config, database);
{ const u = process.memoryUsage(); console.log('build', performance.now() - t0, services.search.stats(), 'rss', Math.round(u.rss / 2 ** 20), 'heap', Math.round(u.heapUsed / 2 ** 20), 'ext', Math.round(u.external / 2 ** 20)); }
const eng = (services.search as any).__engine;
if (eng) { let n = 0; for (const l of eng.postings.values()) n += l.length; console.log('terms', eng.postings.size, 'postings', n); }
if (process.env.SNAP) { (await import('node:v8')).writeHeapSnapshot('/tmp/heap.heapsnapshot'); console.log('snap'); process.exit(0); }
const qs = readJudgedQueries().map((j) => j.q);
let ta = 0, ts = 0;
for (const q of qs) {
  t0 = performance.now();
  const a = services.search.analyze(q);
  ta += performance.now() - t0;
  t0 = performance.now();
  services.search.search({ q, limit: 10, offset: 0, noLog: true });
  ts += performance.now() - t0;
}
for (let r = 0; r < 5; r++) for (const q of qs) services.search.search({ q, limit: 10, offset: 0, noLog: true });
console.log('visited/q', (globalThis as any).__visited / (qs.length*7), 'touched/q', (globalThis as any).__touched / (qs.length*7));
console.log('analyze avg', ta / qs.length, 'search avg (incl analyze)', ts / qs.length);
const slow = qs.map((q) => { const t = performance.now(); services.search.search({ q, limit: 10, offset: 0, noLog: true }); return [performance.now() - t, q] as const; }).sort((a, b) => b[0] - a[0]).slice(0, 5);
console.log(slow);
process.exit(0);
