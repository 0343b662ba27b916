/**
 * bench:pdf — guide PDFs (明白纸) must not hold up anyone else. 100 concurrent requests for the
 * guide PDFs of 100 different items (each rendered in the worker pool), then the same 100 again
 * (from the cache), while /healthz is asked every 10 ms on its own connection; printed: the
 * PDFs' median and p99 time and /healthz latency p50/p99/max in each round.
 * Budget: /healthz under 100 ms while the PDFs are rendered.
 *
 *   npm run bench:pdf [-- --n 100 --postgres postgres://postgres@127.0.0.1:5432]
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { ms, percentile, probeHealth, startServer, summary } from './harness.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '100' }, postgres: { type: 'string' } } });
const N = Number(values.n);

const server = await startServer({ name: 'pdf', postgres: values.postgres });
try {
  const ids: number[] = [];
  for (let offset = 0; ids.length < N + 4; offset += 100) {
    const page = (await (await fetch(`${server.base}/api/v1/items?limit=100&offset=${offset}`)).json()) as { items: { id: number }[] };
    if (!page.items.length) break;
    ids.push(...page.items.map((i) => i.id));
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: N });
  const get = (id: number) =>
    new Promise<{ status: number; ms: number; bytes: number }>((resolve, reject) => {
      const started = performance.now();
      http
        .get(`${server.base}/items/${id}/guide.pdf`, { agent }, (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
        })
        .on('error', reject);
    });

  // one PDF at a time (items not asked for below): what one rendering costs, the workers warm
  const alone: number[] = [];
  for (const id of ids.slice(N, N + 4)) alone.push((await get(id)).ms);
  const idle = probeHealth(server.base);
  await new Promise((r) => setTimeout(r, 1000));
  const before = await idle.stop();
  console.log(`bench:pdf  ${values.postgres ? 'PostgreSQL' : 'PGlite'}; ${N} concurrent guide PDFs of ${Math.min(N, ids.length)} different items`);
  console.log(`  one PDF alone: ${alone.map((x) => ms(x)).join(', ')} (the first starts the worker)`);
  console.log(`  ${summary('/healthz before', before)}`);
  for (const round of ['rendered', 'cached']) {
    const probe = probeHealth(server.base);
    const results = await Promise.all(Array.from({ length: N }, (_, i) => get(ids[i % ids.length] as number)));
    const during = await probe.stop();
    const ok = results.filter((r) => r.status === 200).length;
    const times = results.map((r) => r.ms);
    console.log(`  ${round}: ${ok}/${N} PDFs (median ${Math.round(percentile(results.map((r) => r.bytes), 50) / 1024)} KB), median ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}`);
    console.log(`    ${summary('/healthz during', during)}`);
    if (ok !== N) process.exitCode = 1;
  }
  console.log(`  server RSS after: ${server.rssMb()} MB`);
} finally {
  await server.stop();
}
