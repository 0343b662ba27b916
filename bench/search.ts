/**
 * bench:search — 100,000 synthetic items (yimen seed --scale) indexed for search, on PGlite and
 * on PostgreSQL, under a mixed query load (the judged queries citizens type: everyday words,
 * questions, pinyin, traditional script, typos; plus names of synthetic items).
 * Prints documents, index build time, queries/s, p50/p95/p99 latency and the server's RSS.
 * Budget: p95 ≤ 15 ms, RSS ≤ 1 GB.
 *
 *   npm run bench:search [-- --items 100000 --seconds 20 --connections 8 --fresh --only pglite|postgres]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { readJudgedQueries } from '../src/modules/search/index.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '8' },
    fresh: { type: 'boolean', default: false },
    only: { type: 'string' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const items = Number(values.items);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const queries = [
  ...readJudgedQueries().map((j) => j.q),
  '东湖区食品生产许可', '西山区道路运输许可变更', '南港区建设工程验收备案', '高新区旅馆业年度报告', '滨江街道排水设施审批',
  '办食品生产', '燃气经营许可延续', 'jianshegongcheng', 'spsc', '危险化学品', '户外广告设施', '养老机构备案', '消防设施检验',
  '二手车交易登记', '职业培训资格认定', '人防工程审批', '民办学校许可证书补领', '文物保护工程', '计量器具检验',
];

async function prepare(kind: 'pglite' | 'postgres'): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
  delete env.DATABASE_URL;
  let existing = 0;
  if (kind === 'pglite') {
    env.DATA_DIR = `.bench/search-${items}`;
    if (values.fresh) rmSync(env.DATA_DIR, { recursive: true, force: true });
    existing = existsSync(env.DATA_DIR) ? Number(readFileSync(`${env.DATA_DIR}.count`, 'utf8').trim() || 0) : 0;
  } else {
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    const name = `yimen_bench_search_${items}`;
    if (values.fresh) await admin.query(`drop database if exists ${name} with (force)`);
    const have = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!have.rowCount) await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(values.pg as string);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    existing = Number((await c.query("select count(*) from information_schema.tables where table_name = 'items'")).rows[0].count)
      ? Number((await c.query('select count(*) from items')).rows[0].count)
      : 0;
    await c.end();
  }
  if (existing !== items) {
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'seed', '--scale', String(items)], { env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('seed --scale failed');
    console.log(`${kind}: seeded ${items} items in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (kind === 'pglite') spawnSync('sh', ['-c', `echo ${items} > ${env.DATA_DIR}.count`]);
  }
  return env;
}

function startServer(env: NodeJS.ProcessEnv) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/search-server.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<{ proc: ChildProcess; info: { port: number; documents: number; buildMs: number; rssMb: number } }>((resolve, reject) => {
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve({ proc, info: JSON.parse(line) }));
    proc.once('exit', (code) => reject(new Error(`search server exited ${code}`)));
  });
}

/** One request at a time for `seconds`, cycling through the paths; every latency kept for exact percentiles. */
async function sequentialLatencies(base: string, paths: string[], seconds: number) {
  const times: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < end; i++) {
    const started = performance.now();
    const r = await fetch(base + (paths[i % paths.length] as string));
    await r.arrayBuffer();
    times.push(performance.now() - started);
    if (r.status !== 200) errors++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))] as number;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: times.length, errors };
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

const lines: string[] = [];
let ok = true;
for (const kind of ['pglite', 'postgres'] as const) {
  if (values.only && values.only !== kind) continue;
  const env = await prepare(kind);
  const { proc, info } = await startServer(env);
  const requests = queries.map((q) => ({ method: 'GET' as const, path: `/api/v1/search?q=${encodeURIComponent(q)}&limit=10` }));
  const url = `http://127.0.0.1:${info.port}`;
  await autocannon({ url, connections, duration: 3, requests }); // warm up
  // latency as one citizen sees it (one request at a time, every latency recorded), then throughput under load
  const lat = await sequentialLatencies(url, requests.map((x) => x.path), seconds);
  const load = await autocannon({ url, connections, duration: Math.max(5, Math.round(seconds / 2)), requests });
  const mem = rssMb(proc.pid as number);
  proc.kill('SIGTERM');
  const errors = lat.errors + load.errors + load.non2xx;
  const pass = lat.p95 <= 15 && mem.peak <= 1024 && errors === 0;
  ok &&= pass;
  const ll = load.latency as unknown as Record<string, number>;
  lines.push(
    `${kind.padEnd(8)} docs ${info.documents} | index build ${(info.buildMs / 1000).toFixed(1)} s | 1 connection: p50 ${lat.p50.toFixed(1)} ms p95 ${lat.p95.toFixed(1)} ms p99 ${lat.p99.toFixed(1)} ms (${lat.count} queries) | ${connections} connections: ${load.requests.average.toFixed(0)} queries/s, p50 ${ll.p50} ms p99 ${ll.p99} ms | RSS ${mem.rss} MB (peak ${mem.peak} MB) | errors ${errors} | ${pass ? 'within budget' : 'OVER BUDGET'}`,
  );
}
console.log(`bench:search  ${items} items, ${queries.length} distinct queries (judged citizen queries + synthetic names), ${seconds} s per run`);
for (const l of lines) console.log(l);
console.log(ok ? 'budget: met (p95 ≤ 15 ms, RSS ≤ 1 GB)' : 'budget: NOT met');
process.exit(0);
