/**
 * bench:booking — appointments on PostgreSQL, three figures:
 *  1. 500 concurrent POST /api/v1/bookings at one slot with 10 seats: exactly 10 succeed (201),
 *     the rest get a clear 409 slot_full; the database holds 10 bookings and booked = 10.
 *  2. 2,000 bookings spread over a day's slots by 2,000 people (concurrency 100): bookings/s, p99.
 *  3. A display board with 1,000 SSE listeners while the counter calls 100 numbers: the time from
 *     each call to each listener hearing it (p50, p99, max) and any listener that never heard one.
 * Budgets: 0 overbooked, ≥ 300 bookings/s, call-to-screen p99 ≤ 500 ms. Figures are printed.
 *
 *   npm run bench:booking [-- --listeners 1000 --calls 100 --bookings 2000 --pool 20]
 *
 * A fresh database yimen_bench_booking on BENCH_PG (default postgres://postgres@127.0.0.1:5432);
 * the portal runs in this process (HTTP on a local port) with appointments on a clock set to a
 * Wednesday morning, so the figures do not depend on the day the bench runs. The 1,000 board
 * listeners run in a child process (bench/sse-listeners.mjs), as browsers would be elsewhere;
 * the booking clients (figures 1 and 2) still share this process with the server.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp, createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createAppointmentService } from '../src/modules/appointments/index.js';
import { buildBookableHall, buildCitizens, buildStaff } from '../test/factories/index.js';

const { values } = parseArgs({ options: { listeners: { type: 'string', default: '1000' }, calls: { type: 'string', default: '100' }, bookings: { type: 'string', default: '2000' }, pool: { type: 'string', default: '20' } } });
const LISTENERS = Number(values.listeners);
const CALLS = Number(values.calls);
const BOOKINGS = Number(values.bookings);
const POOL = Number(values.pool);
const server = process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432';
const dbName = 'yimen_bench_booking';

const admin = new pg.Client({ connectionString: `${server.replace(/\/+$/, '')}/postgres` });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
await admin.end();
const databaseUrl = `${server.replace(/\/+$/, '')}/${dbName}`;

const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: POOL });
await database.migrate();
const config = { ...loadConfig({ NODE_ENV: 'test' }), databaseUrl, logLevel: 'silent' as const, letterRateLimit: 0, loginRateLimit: 0, searchRateLimit: 0 };
const services = await createServices(config, database, { search: 'write' });
const start = Date.now();
const clock = { now: () => new Date(Date.parse('2026-03-04T02:00:00Z') + (Date.now() - start)) }; // Wednesday 10:00 in Shanghai
services.appointments = createAppointmentService(database, {
  catalog: services.catalog,
  accounts: services.accounts,
  notify: services.notify,
  changes: services.changes,
  calendar: services.letters.calendar,
  publicUrl: config.publicUrl,
  clock,
});
const appt = services.appointments;
const app = await createApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
const agent = new http.Agent({ keepAlive: true, maxSockets: 600 });

function request(method: string, path: string, body: unknown, cookie: string): Promise<{ status: number; body: string; ms: number }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: { cookie, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, ms: performance.now() - t0 }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const fmt = (n: number) => n.toFixed(1);

console.log(`bench:booking on ${databaseUrl.replace(/\/\/[^@]*@/, '//')}: preparing people and halls…`);
const people = await buildCitizens(services, database, 500 + BOOKINGS);
const cookies = await Promise.all(people.map(async (c) => `yimen_sid=${await services.accounts.sessions.start(c.id)}`));

// ---- 1. 500 concurrent attempts at 10 seats -------------------------------------------------------------
{
  const h = await buildBookableHall({ catalog: services.catalog, appointments: appt }, { seats: 10, minNoticeMinutes: 0 });
  const slot = (await appt.slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-05')).slots[0]!.slot;
  const t0 = performance.now();
  const results = await Promise.all(people.slice(0, 500).map((_, i) => request('POST', '/api/v1/bookings', { slotId: slot.id, itemId: h.itemIds[0] }, cookies[i] as string)));
  const ms = performance.now() - t0;
  const created = results.filter((r) => r.status === 201).length;
  const full = results.filter((r) => r.status === 409 && r.body.includes('slot_full')).length;
  const other = results.length - created - full;
  const after = (await appt.slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-05')).slots[0]!.slot;
  const pool = new pg.Client({ connectionString: databaseUrl });
  await pool.connect();
  const rows = (await pool.query('select count(*)::int as n from appt_bookings where slot_id = $1', [slot.id])).rows[0].n as number;
  await pool.end();
  console.log(`1. 500 concurrent attempts at 10 seats: ${created} booked (201), ${full} told "full" (409 slot_full), ${other} other; database: ${rows} bookings, booked=${after.booked}/${after.capacity}; overbooked: ${Math.max(0, rows - 10)}; ${fmt(ms)} ms`);
}

// ---- 2. 2,000 bookings over a day's slots -----------------------------------------------------------------
{
  const h = await buildBookableHall({ catalog: services.catalog, appointments: appt }, { seats: 200, minNoticeMinutes: 0 });
  const slots = (await appt.slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-05')).slots.map((s) => s.slot);
  const latencies: number[] = [];
  let next = 0;
  let created = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      for (let i = next++; i < BOOKINGS; i = next++) {
        const slot = slots[i % slots.length] as { id: number };
        const r = await request('POST', '/api/v1/bookings', { slotId: slot.id, itemId: h.itemIds[0] }, cookies[500 + i] as string);
        latencies.push(r.ms);
        if (r.status === 201) created++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`2. ${BOOKINGS} bookings over ${slots.length} slots of a day (concurrency 100): ${created} booked, ${failed} refused; ${fmt(created / seconds)} bookings/s; latency p50 ${fmt(pct(latencies, 50))} ms, p99 ${fmt(pct(latencies, 99))} ms`);
}

// ---- 3. 1,000 board listeners while the counter calls 100 numbers -------------------------------------------
{
  const h = await buildBookableHall({ catalog: services.catalog, appointments: appt }, { hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })) });
  const staff = await buildStaff(services, { role: 'hall_manager', department: h.department });
  const tickets = [];
  for (let i = 0; i < CALLS; i++) tickets.push(await appt.walkIn(h.hall.slug, { queueId: h.queue.id }));
  // the listeners run in a process of their own (bench/sse-listeners.mjs): parsing 1,000 streams here
  // would charge their work to the server and make call-to-screen a measure of this process's load
  const child = fork(fileURLToPath(new URL('./sse-listeners.mjs', import.meta.url)));
  const heardAll = new Set<string>();
  let waiting: (() => void) | undefined;
  let report: ((heard: Record<string, number>[]) => void) | undefined;
  const opened = await new Promise<number>((resolve) => {
    child.on('message', (m: { ready?: number; all?: string; heard?: Record<string, number>[] }) => {
      if (m.ready !== undefined) resolve(m.ready);
      if (m.all !== undefined) {
        heardAll.add(m.all);
        waiting?.();
      }
      if (m.heard) report?.(m.heard);
    });
    child.send({ port, path: `/appointments/halls/${h.hall.slug}/board/events`, listeners: LISTENERS });
  });
  const calledAt = new Map<string, number>();
  for (const ticket of tickets) {
    calledAt.set(ticket.label, performance.timeOrigin + performance.now());
    await appt.callNext(staff.principal, h.windows[0]!.id);
    // wait (at most 5 s) until every listener heard this number, then serve it
    if (!heardAll.has(ticket.label))
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        waiting = () => {
          if (heardAll.has(ticket.label)) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
    await appt.counterAction(staff.principal, h.windows[0]!.id, ticket.id, 'start');
    await appt.counterAction(staff.principal, h.windows[0]!.id, ticket.id, 'finish');
  }
  const heard = await new Promise<Record<string, number>[]>((resolve) => {
    report = resolve;
    child.send({ report: true });
  });
  const delays: number[] = [];
  let missed = 0;
  for (const [label, t0] of calledAt)
    for (const m of heard) {
      const at = m[label];
      if (at === undefined) missed++;
      else delays.push(Math.max(0, at - t0));
    }
  delays.sort((a, b) => a - b);
  console.log(
    `3. ${opened} SSE listeners (another process) on one board, ${CALLS} calls: call → listener p50 ${fmt(pct(delays, 50))} ms, p99 ${fmt(pct(delays, 99))} ms, max ${fmt(delays.at(-1) ?? 0)} ms; never heard: ${missed} of ${CALLS * LISTENERS}`,
  );
}

console.log(`budgets: 0 overbooked, ≥ 300 bookings/s, call-to-screen p99 ≤ 500 ms (the listeners in a process of their own; the machine is shared); pool ${POOL}`);
await app.close();
await services.close();
await database.close();
agent.destroy();
process.exit(0);
