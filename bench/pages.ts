/**
 * bench:pages — throughput and latency of the home page and a guide page against a bare Fastify
 * route serving the same bytes from memory, in the same run, 50 connections (autocannon).
 * Budget: ratio ≥ 0.6, p99 ≤ 50 ms, guide page ≤ 100 KB transferred.
 *
 *   npm run bench:pages [-- --seconds 10]      (uses a fresh demo database in .bench/)
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const seconds = Number(values.seconds);
const dataDir = '.bench/pages-data';
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_SEARCH: '0' };
delete env.DATABASE_URL;

rmSync(dataDir, { recursive: true, force: true });
await run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'seed', '--demo'], env);

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/page-server.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise<{ appPort: number; barePort: number; paths: Record<string, string>; sizes: Record<string, number> }>(
  (resolve) => {
    createInterface({ input: server.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  },
);

async function measure(url: string, duration: number) {
  const r = await autocannon({ url, connections: 50, duration, pipelining: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, bytes: r.throughput.total / Math.max(r.requests.total, 1) };
}

const rows: string[] = [];
let ok = true;
for (const [name, path] of Object.entries(info.paths)) {
  await measure(`http://127.0.0.1:${info.appPort}${path}`, 2); // warm up
  await measure(`http://127.0.0.1:${info.barePort}${path}`, 2);
  const bare = await measure(`http://127.0.0.1:${info.barePort}${path}`, seconds);
  const app = await measure(`http://127.0.0.1:${info.appPort}${path}`, seconds);
  const ratio = app.rps / bare.rps;
  const size = info.sizes[name] ?? 0;
  const pass = ratio >= 0.6 && app.p99 <= 50 && (name !== 'guide' || size <= 100 * 1024) && app.errors === 0;
  ok &&= pass;
  rows.push(
    `${name.padEnd(6)} bare ${bare.rps.toFixed(0).padStart(6)} req/s p50 ${bare.p50} ms p99 ${bare.p99} ms | yimen ${app.rps.toFixed(0).padStart(6)} req/s p50 ${app.p50} ms p99 ${app.p99} ms | ratio ${ratio.toFixed(2)} | page ${(size / 1024).toFixed(1)} KB | errors ${app.errors} | ${pass ? 'within budget' : 'OVER BUDGET'}`,
  );
}
server.kill('SIGTERM');
console.log(`bench:pages  ${seconds}s per run, 50 connections, PGlite demo data`);
for (const r of rows) console.log(r);
console.log(ok ? 'budget: met (ratio ≥ 0.6, p99 ≤ 50 ms, guide ≤ 100 KB)' : 'budget: NOT met');
process.exit(0);

function run(cmd: string, args: string[], e: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { env: e, stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}
