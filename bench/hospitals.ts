/**
 * bench:hospitals — 预约挂号 on PostgreSQL, three figures:
 *  1. 500 concurrent POST /api/v1/registrations at one half-day with 30 places: exactly 30 succeed
 *     (201), the rest get a clear 409 session_full; the database holds 30 and booked = 30.
 *  2. 2,000 registrations spread over a department's half-days by 2,000 people (concurrency 100):
 *     registrations/s, p50, p99.
 *  3. 500 bed updates by the hospital's system (PUT /api/v1/hospitals/:id/beds with a token,
 *     concurrency 20): p50, p99.
 * Budget: 0 over quota; the rest are figures (run it more than once on a quiet machine).
 *
 *   npm run bench:hospitals [-- --registrations 2000]
 *
 * A fresh database yimen_bench_hospitals on BENCH_PG (default postgres://postgres@127.0.0.1:5432),
 * dropped at the end; hospitals run on a clock set to a Wednesday morning.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp, createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createHospitalService } from '../src/modules/appointments/index.js';
import { buildCitizens, buildDepartment, buildHospital, buildStaff } from '../test/factories/index.js';

const { values } = parseArgs({ options: { registrations: { type: 'string', default: '2000' } } });
const REGISTRATIONS = Number(values.registrations);
const server = process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432';
const dbName = 'yimen_bench_hospitals';

const admin = new pg.Client({ connectionString: `${server.replace(/\/+$/, '')}/postgres` });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
await admin.end();
const databaseUrl = `${server.replace(/\/+$/, '')}/${dbName}`;

const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 20 });
await database.migrate();
const config = { ...loadConfig({ NODE_ENV: 'test' }), databaseUrl, logLevel: 'silent' as const, letterRateLimit: 0, loginRateLimit: 0, searchRateLimit: 0 };
const services = await createServices(config, database, { search: 'write' });
const start = Date.now();
const clock = { now: () => new Date(Date.parse('2026-03-04T02:00:00Z') + (Date.now() - start)) }; // Wednesday 10:00 in Shanghai
services.hospitals = createHospitalService(database, { accounts: services.accounts, calendar: services.letters.calendar, publicUrl: config.publicUrl, clock });
const hosp = services.hospitals;
const app = await createApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
const agent = new http.Agent({ keepAlive: true, maxSockets: 600 });

function request(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: string; ms: number }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
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

console.log(`bench:hospitals on ${databaseUrl.replace(/\/\/[^@]*@/, '//')}: preparing people and hospitals…`);
const people = await buildCitizens(services, database, 500 + REGISTRATIONS);
const cookies = await Promise.all(people.map(async (c) => `yimen_sid=${await services.accounts.sessions.start(c.id)}`));

// ---- 1. 500 concurrent attempts at 30 places --------------------------------------------------------------
{
  const h = await buildHospital(hosp, { quota: 30 });
  const s = (await hosp.doctorSchedule(h.doctors[0]!.id)).days[1]!.am!.session;
  const t0 = performance.now();
  const results = await Promise.all(people.slice(0, 500).map((_, i) => request('POST', '/api/v1/registrations', { sessionId: s.id }, { cookie: cookies[i] as string })));
  const ms = performance.now() - t0;
  const created = results.filter((r) => r.status === 201).length;
  const full = results.filter((r) => r.status === 409 && r.body.includes('session_full')).length;
  const after = (await hosp.doctorSchedule(h.doctors[0]!.id)).days[1]!.am!.session;
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const rows = (await c.query(`select count(*)::int as n from hosp_registrations where session_id = $1 and status = 'booked'`, [s.id])).rows[0].n as number;
  await c.end();
  console.log(`1. 500 concurrent attempts at 30 places: ${created} registered (201), ${full} told "full" (409 session_full), ${results.length - created - full} other; database: ${rows} registrations, booked=${after.booked}/${after.quota}; over quota: ${Math.max(0, rows - 30)}; ${fmt(ms)} ms`);
}

// ---- 2. registrations spread over a department's half-days --------------------------------------------------
{
  const h = await buildHospital(hosp, { quota: 200, doctorsPerDepartment: 4 });
  const sessions = (await Promise.all(h.doctors.map((d) => hosp.doctorSchedule(d.id)))).flatMap((s) => s.days.slice(1).flatMap((d) => [d.am, d.pm])).filter((x) => x?.state === 'open').map((x) => x!.session.id);
  const latencies: number[] = [];
  let next = 0;
  let created = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      for (let i = next++; i < REGISTRATIONS; i = next++) {
        const r = await request('POST', '/api/v1/registrations', { sessionId: sessions[i % sessions.length] }, { cookie: cookies[500 + i] as string });
        latencies.push(r.ms);
        if (r.status === 201) created++;
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`2. ${REGISTRATIONS} registrations over ${sessions.length} half-days (concurrency 100): ${created} registered, ${fmt(created / s)} registrations/s, p50 ${fmt(pct(latencies, 50))} ms, p99 ${fmt(pct(latencies, 99))} ms`);
}

// ---- 3. bed updates by the hospital's system ---------------------------------------------------------------
{
  const h = await buildHospital(hosp, { departments: 4, beds: 60 });
  const d = buildDepartment();
  await services.catalog.importBundle({ departments: [d], halls: [], themes: [], specialGroups: [], forms: [], items: [] });
  const staff = await buildStaff(services, { role: 'hospital_admin', department: d.slug });
  await hosp.assignAdmin(staff.principal.userId, h.hospital.slug);
  const token = (await services.accounts.createToken(staff.principal, { name: '床位同步', scopes: ['hospitals:write'] })).token;
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = next++; i < 500; i = next++) {
        const body = { departments: h.departments.map((x, k) => ({ departmentId: x.id, total: 60, free: (i + k) % 61 })) };
        const r = await request('PUT', `/api/v1/hospitals/${h.hospital.id}/beds`, body, { authorization: `Bearer ${token}` });
        latencies.push(r.ms);
        if (r.status === 200) ok++;
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`3. 500 bed updates (4 departments each, concurrency 20): ${ok} accepted, ${fmt(500 / s)} updates/s, p50 ${fmt(pct(latencies, 50))} ms, p99 ${fmt(pct(latencies, 99))} ms`);
}

await app.close();
await services.close();
await database.close();
agent.destroy();
const drop = new pg.Client({ connectionString: `${server.replace(/\/+$/, '')}/postgres` });
await drop.connect();
await drop.query(`drop database if exists ${dbName} with (force)`);
await drop.end();
process.exit(0);
