/**
 * bench:memory — the server's memory must not creep. After a warm-up (caches filled, code
 * compiled), 50,000 mixed requests — pages (home, guides, search, public letters), the JSON API
 * (items, search, suggest) and letters written through the API (one in ten) — from 20 clients;
 * the server's RSS after the warm-up and after the load is printed. Budget: RSS after the load
 * within 10 % of RSS after the warm-up.
 *
 *   npm run bench:memory [-- --n 50000 --warmup 5000 --reads --postgres postgres://postgres@127.0.0.1:5432]
 *
 * Letters written during the load are data that stays (the in-memory search index holds the
 * public ones, PGlite's WebAssembly heap grows with the database and never shrinks): --reads
 * replaces them with reads, to tell a leak from data.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { demoPassword, ms, percentile, startServer } from './harness.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '50000' }, warmup: { type: 'string', default: '5000' }, postgres: { type: 'string' }, reads: { type: 'boolean' } } });
const N = Number(values.n);
const WARMUP = Number(values.warmup);
const CLIENTS = 20;

const server = await startServer({ name: 'memory', postgres: values.postgres });
try {
  const tokenRes = await fetch(`${server.base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dispatcher', password: demoPassword(), scopes: ['letters:read', 'letters:write'], name: '内存压测' }),
  });
  if (tokenRes.status !== 201) throw new Error(`token: ${tokenRes.status} ${await tokenRes.text()}`);
  const token = ((await tokenRes.json()) as { token: string }).token;
  const items = ((await (await fetch(`${server.base}/api/v1/items?limit=100`)).json()) as { items: { id: number; name: string }[] }).items;
  const words = ['身份证', '驾照', '社保', '公积金', '户口', '护照', '结婚登记', '营业执照', '医保', '出生证明', '居住证', '不动产', 'shenfenzheng', '驾驶证补领'];

  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const request = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve) => {
      const req = http.request(`${server.base}${path}`, { method, agent, headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });

  let letterNo = 0;
  const runId = Date.now().toString(36);
  /** request number i of the mix */
  function one(i: number): Promise<number> {
    const item = items[i % items.length] as { id: number };
    const word = encodeURIComponent(words[i % words.length] as string);
    switch (i % 10) {
      case 0:
        return request('GET', '/');
      case 1:
      case 2:
        return request('GET', `/items/${item.id}`);
      case 3:
        return request('GET', `/search?q=${word}&page=${(i % 3) + 1}`);
      case 4:
        return request('GET', `/api/v1/search?q=${word}&limit=10`);
      case 5:
        return request('GET', `/api/v1/items/${item.id}`);
      case 6:
        return request('GET', `/api/v1/suggest?q=${word}`);
      case 7:
        return request('GET', `/letters?page=${(i % 5) + 1}`);
      case 8:
        return request('GET', `/api/v1/items?limit=20&offset=${i % 80}`);
      default: {
        // --reads: no writes, so what stays in memory is not the data that grew
        if (values.reads) return request('GET', `/api/v1/letters?limit=20&offset=${i % 40}`);
        const n = letterNo++;
        return request(
          'POST',
          '/api/v1/letters',
          JSON.stringify({ channel: 'mayor', type: 'consultation', title: `内存压测来信 ${n}`, body: `第 ${n} 封压测来信，检验服务进程的内存不会随请求增长。`, name: '压测', phone: `139${String(10_000_000 + n).slice(-8)}`, isPublic: n % 2 === 0 }),
          { authorization: `Bearer ${token}`, 'idempotency-key': `memory-${runId}-${n}` },
        );
      }
    }
  }

  async function load(count: number) {
    const statuses: Record<number, number> = {};
    const times: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < count) {
          const i = next++;
          const started = performance.now();
          const status = await one(i);
          times.push(performance.now() - started);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    return { statuses, times };
  }
  const settle = () => new Promise((r) => setTimeout(r, 3000));

  const atStart = server.rssMb();
  await load(WARMUP);
  await settle();
  const afterWarmup = server.rssMb();
  const started = performance.now();
  // in slices of 10,000, with RSS after each: a leak climbs on, a cache filling up levels off
  const statuses: Record<number, number> = {};
  const times: number[] = [];
  const path: number[] = [];
  for (let done = 0; done < N; done += 10_000) {
    const slice = await load(Math.min(10_000, N - done));
    for (const [k, v] of Object.entries(slice.statuses)) statuses[Number(k)] = (statuses[Number(k)] ?? 0) + v;
    times.push(...slice.times);
    path.push(server.rssMb());
  }
  const seconds = (performance.now() - started) / 1000;
  await settle();
  const afterLoad = server.rssMb();
  const growth = (afterLoad - afterWarmup) / afterWarmup;
  console.log(`bench:memory  ${values.postgres ? 'PostgreSQL' : 'PGlite'}; ${N} mixed requests (pages, API, search, ${values.reads ? 'letters read' : 'letters written'}) from ${CLIENTS} clients after ${WARMUP} to warm up`);
  console.log(`  statuses: ${JSON.stringify(statuses)}; ${Math.round(N / seconds)} req/s, p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}`);
  console.log(`  server RSS: ${atStart} MB at start, ${afterWarmup} MB after the warm-up, ${afterLoad} MB after the load (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %)`);
  console.log(`  RSS after each 10,000: ${path.join(' → ')} MB`);
  console.log(Math.abs(growth) <= 0.1 ? '  budget met: RSS within 10 % of its level after the warm-up' : '  OVER BUDGET: RSS moved more than 10 % from its level after the warm-up');
  const failed = Object.entries(statuses).filter(([s]) => Number(s) >= 500 || Number(s) === 0);
  if (failed.length) {
    console.log(`  FAILED requests: ${JSON.stringify(Object.fromEntries(failed))}`);
    process.exitCode = 1;
  }
} finally {
  await server.stop();
}
