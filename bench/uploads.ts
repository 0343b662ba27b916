/**
 * bench:uploads — letters with large attachments must not hold up anyone else. A signed-in
 * citizen sends N letters at once through the letter form, each with three attachments of
 * 5 MB (15 MB a letter), while /healthz is asked every 10 ms on its own connection; printed:
 * /healthz latency p50/p99/max before and during the uploads, and the letters' own times.
 * Budget: /healthz max under 100 ms during the uploads.
 *
 *   npm run bench:uploads [-- --n 10 --postgres postgres://postgres@127.0.0.1:5432]
 *
 * PGlite by default (a fresh DATA_DIR and FILES_DIR in the system's temporary folder, with the
 * demo); --postgres runs the server on a fresh database yimen_bench_uploads there instead.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { demoPassword, ms, percentile, probeHealth, Session, startServer, summary } from './harness.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '10' }, postgres: { type: 'string' }, files: { type: 'string', default: '3' } } });
const N = Number(values.n);
const FILES = Number(values.files);
const FILE_BYTES = 5 * 1024 * 1024 - 1024;

const server = await startServer({ name: 'uploads', postgres: values.postgres });
try {
  const citizen = new Session(server.base);
  await citizen.get('/login');
  const signedIn = await citizen.post('/login', { identifier: '13800000001', password: demoPassword() });
  if (signedIn.status !== 303) throw new Error(`sign-in: ${signedIn.status}`);
  await citizen.get('/letters/new?channel=mayor');

  const boundary = '----yimen-bench';
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(FILE_BYTES - 8)]);
  const letter = (i: number) =>
    Buffer.concat([
      Buffer.from(
        part('formKey', `bench-uploads-${Date.now().toString(36)}-${i}`) +
          part('channel', 'mayor') +
          part('type', 'complaint') +
          part('title', `道路破损照片（第 ${i + 1} 封）`) +
          part('body', '小区门口道路破损严重，附三张现场照片，请尽快修复。') +
          part('name', '李明') +
          part('phone', ''),
      ),
      ...Array.from({ length: FILES }, (_, f) => [
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="现场${f + 1}.png"\r\nContent-Type: image/png\r\n\r\n`),
        png(),
        Buffer.from('\r\n'),
      ]).flat(),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
  const bodies = Array.from({ length: N }, (_, i) => letter(i));
  const agent = new http.Agent({ keepAlive: true, maxSockets: N });
  const send = (body: Buffer) =>
    new Promise<{ status: number; ms: number }>((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        `${server.base}/letters/new?_csrf=${citizen.csrf}`,
        { method: 'POST', agent, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length, cookie: citizen.header() } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const idle = probeHealth(server.base);
  await new Promise((r) => setTimeout(r, 1000));
  const before = await idle.stop();

  const probe = probeHealth(server.base);
  const started = performance.now();
  const results = await Promise.all(bodies.map(send));
  const wall = performance.now() - started;
  const during = await probe.stop();

  const statuses: Record<number, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const mb = (FILES * FILE_BYTES) / 1048576;
  console.log(`bench:uploads  ${values.postgres ? 'PostgreSQL' : 'PGlite'}; ${N} concurrent letters of ${FILES} × ${(FILE_BYTES / 1048576).toFixed(2)} MB (${mb.toFixed(1)} MB each) through the letter form`);
  console.log(`  letters: ${JSON.stringify(statuses)} (303 = accepted); each took median ${ms(percentile(results.map((r) => r.ms), 50))}, all done in ${ms(wall)}`);
  console.log(`  ${summary('/healthz before', before)}`);
  console.log(`  ${summary('/healthz during', during)}`);
  console.log(`  server RSS after: ${server.rssMb()} MB`);
  const max = Math.max(...during);
  console.log(max < 100 ? '  budget met: /healthz stayed under 100 ms' : `  OVER BUDGET: /healthz took up to ${ms(max)} (budget 100 ms)`);
  if (statuses[303] !== N) process.exitCode = 1;
} finally {
  await server.stop();
}
