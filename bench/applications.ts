/**
 * bench:applications — the applications' write path on PostgreSQL, in process (the operations
 * the API and pages call, without HTTP: the online definitions come from apps-auto at merge, so
 * the server cannot take applications on its own yet):
 *   1. N concurrent submissions (applyOnline), each with 1 MB of materials (a PDF and an image,
 *      each unique, kept in the file store) → submissions/s, p50/p99, applications lost;
 *   2. accepted cases at a 会签 stage of two departments and 2×cases approvals racing on them,
 *      plus a duplicate approval per case from a colleague of the same department → stages
 *      advanced twice (must be 0), opinions lost (must be 0).
 * Budget: ≥ 200 submissions/s with 1 MB each; 0 lost, 0 advanced twice.
 *
 *   npm run bench:applications [-- --n 500 --cases 100]
 *
 * Uses a fresh database yimen_bench_applications on BENCH_PG (default postgres://postgres@127.0.0.1:5432).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { buildAnswers, buildApplicationWorld, PDF_BYTES, PNG_BYTES } from '../test/factories/applications.js';
import { buildStaff } from '../test/factories/accounts.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '500' }, cases: { type: 'string', default: '100' } } });
const N = Number(values.n);
const CASES = Number(values.cases);
const server = (process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const dbName = 'yimen_bench_applications';
const admin = new pg.Client({ connectionString: `${server}/postgres` });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
await admin.end();

const filesDir = mkdtempSync(join(tmpdir(), 'yimen-bench-apps-'));
const databaseUrl = `${server}/${dbName}`;
const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 20 });
await database.migrate();
const config = { ...loadConfig({ NODE_ENV: 'test' }), filesDir, databaseUrl, logLevel: 'silent' as const };
const services = await createServices(config, database, { search: 'write' });
const w = await buildApplicationWorld(services);
const fireColleague = (await buildStaff(services, { role: 'handler', department: w.slugs.fire })).principal;

/** 1 MB of materials, unique per submission: a 512 KB PDF and a 512 KB PNG. */
const files = () => ({
  licence: [{ filename: 'licence.pdf', data: Buffer.concat([PDF_BYTES, randomBytes(512 * 1024 - PDF_BYTES.length)]) }],
  经营场所平面图: [{ filename: 'plan.png', data: Buffer.concat([PNG_BYTES, randomBytes(512 * 1024 - PNG_BYTES.length)]) }],
});

// ---- 1. submissions ---------------------------------------------------------------------------
const payloads = Array.from({ length: N }, () => files());
const latencies: number[] = [];
const receipts: string[] = [];
let failed = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(
  payloads.map(async (f, i) => {
    const start = performance.now();
    try {
      const r = await w.applications.apply(w.people.citizen, { itemId: w.itemId, answers: buildAnswers() }, { files: f, idempotencyKey: `bench-${i}` });
      receipts.push(r.no);
    } catch (e) {
      failed++;
      if (failed < 3) console.error(e);
    }
    latencies.push(performance.now() - start);
  }),
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
latencies.sort((a, b) => a - b);
const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
const check = new pg.Client({ connectionString: databaseUrl });
await check.connect();
const stored = await check.query<{ n: number }>('select count(*)::int as n from applications where no = any($1)', [receipts]);
const lost = receipts.length - stored.rows[0]!.n;

// ---- 2. racing approvals on a 会签 stage --------------------------------------------------------
const numbers = receipts.slice(0, CASES);
for (const no of numbers) {
  await w.applications.accept(w.people.clerk, no);
  await w.applications.opine(w.people.leadReviewer, no, { stage: 'review', kind: 'approve' });
}
const attempts = numbers.flatMap((no) => [
  () => w.applications.opine(w.people.fireReviewer, no, { stage: 'joint', kind: 'approve', text: '消防同意' }),
  () => w.applications.opine(w.people.envReviewer, no, { stage: 'joint', kind: 'approve', text: '环保同意' }),
  () => w.applications.opine(fireColleague, no, { stage: 'joint', kind: 'approve', text: '消防同事同意' }),
]);
const a0 = performance.now();
const outcomes = await Promise.allSettled(attempts.map((f) => f()));
const approvalSeconds = (performance.now() - a0) / 1000;
const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
const twice = await check.query<{ n: number }>(
  `select count(*)::int as n from (select application_id from application_events where kind = 'stageCompleted' and note like '%联合审查%' group by application_id having count(*) > 1) x`,
);
const jointOpinions = await check.query<{ n: number }>(`select count(*)::int as n from application_opinions where stage = 'joint' and kind = 'approve'`);
const atDecide = await check.query<{ n: number }>(`select count(*)::int as n from applications where no = any($1) and (route_state->>'stage')::int = 2`, [numbers]);
// every approval that was acknowledged must be recorded: 2 per case, one per department
const opinionsLost = accepted - jointOpinions.rows[0]!.n;
await check.end();

console.log(`bench:applications on PostgreSQL (in process, ${N} concurrent submissions of 1 MB each)`);
console.log(`  submissions/s        ${(receipts.length / seconds).toFixed(0)}   (budget ≥ 200)`);
console.log(`  this process's CPU   ${(cpuMs / N).toFixed(1)} ms per submission (${((cpuMs / 1000 / seconds) * 100).toFixed(0)}% of one core; PostgreSQL's own CPU not counted)`);
console.log(`  latency p50 / p99    ${pct(0.5)} ms / ${pct(0.99)} ms`);
console.log(`  failed submissions   ${failed}`);
console.log(`  applications lost    ${lost}`);
console.log(`  approvals            ${attempts.length} racing on ${numbers.length} 会签 stages in ${approvalSeconds.toFixed(1)} s: ${accepted} acknowledged, ${attempts.length - accepted} refused (a department's second decision)`);
console.log(`  stages advanced      ${atDecide.rows[0]!.n} of ${numbers.length} moved on to the next stage`);
console.log(`  stages advanced twice ${twice.rows[0]!.n}`);
console.log(`  opinions lost        ${opinionsLost}`);
await services.close();
await database.close();
rmSync(filesDir, { recursive: true, force: true });
process.exit(0);
