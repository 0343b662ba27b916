/**
 * 预约挂号 over HTTP on the real database: the public pages from hospital to doctor, registering
 * with a form and over the API (Idempotency-Key), the beds API's token (none, another hospital's,
 * a bad payload: refused and nothing changed; the right one: updated and audited), the hospital
 * administrator's back office (their hospital only), and bad input never a 5xx.
 * The app's hospitals run on a clock set to Wednesday 2026-03-04, 10:00 in Shanghai.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type Services, createApp, createServices } from '../../app.js';
import { buildCitizen, buildDepartment, buildHospital, buildStaff } from '../../../test/factories/index.js';
import { testConfig, testDatabase } from '../../../test/helpers.js';
import { WebClient, staffWeb } from '../../../test/web.js';
import { createHospitalService } from './index.js';

let services: Services;
let app: Awaited<ReturnType<typeof createApp>>;
let drop: () => Promise<void>;
let dept: string;
const now = new Date('2026-03-04T02:00:00Z');

beforeAll(async () => {
  const db = await testDatabase();
  services = await createServices(testConfig({ loginRateLimit: 0, letterRateLimit: 0 }, db.databaseUrl), db.database);
  services.hospitals = createHospitalService(db.database, { accounts: services.accounts, calendar: services.letters.calendar, publicUrl: 'http://localhost:3000', clock: { now: () => now } });
  app = await createApp(services);
  await app.ready();
  const d = buildDepartment();
  await services.catalog.importBundle({ departments: [d], halls: [], themes: [], specialGroups: [], forms: [], items: [] });
  dept = d.slug;
  drop = async () => {
    await app.close();
    await services.close();
    await db.drop();
  };
});
afterAll(() => drop?.());

async function citizenWeb() {
  const c = await buildCitizen(services);
  const web = new WebClient(app);
  await web.get('/login');
  await web.post('/login', { identifier: c.phone, password: c.password });
  return { c, web };
}

const json = { 'content-type': 'application/json' };

describe('pages and the API for patients', () => {
  it('walks hospital → department → doctor, registers with a form, refuses a second one, cancels', async () => {
    const h = await buildHospital(services.hospitals, { quota: 2 });
    const doctor = h.doctors[0]!;
    const { web } = await citizenWeb();
    expect((await web.get('/hospitals')).body).toContain(h.hospital.name);
    const hp = await web.get(`/hospitals/${h.hospital.slug}`);
    expect(hp.status).toBe(200);
    expect(hp.body).toContain('空床');
    const dp = await web.get(`/hospitals/${h.hospital.slug}/departments/${h.departments[0]!.id}`);
    expect(dp.body).toContain('主任医师');
    const week = await web.get(`/hospitals/doctors/${doctor.id}`);
    expect(week.body).toContain('余 2'); // today 10:00: the 11th opened at 08:00, every half-day to come shows its places
    const schedule = await services.hospitals.doctorSchedule(doctor.id);
    const s = schedule.days[1]!.am!;
    const done = await web.post('/hospitals/registrations', { sessionId: String(s.session.id) });
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^\/hospitals\/registrations\/[A-Z0-9]{10}\?done=booked$/);
    const page = await web.get(done.location);
    expect(page.body).toContain('挂号成功');
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('calendar.ics');
    const again = await web.post('/hospitals/registrations', { sessionId: String(s.session.id) });
    expect(again.status).toBe(409);
    expect(again.body).toContain('同一医生同一半天只能保留一个挂号');
    expect((await web.get('/hospitals/mine')).body).toContain(doctor.name);
    // the personal space lists it under 我办的事
    const me = await web.get('/me');
    expect(me.body).toContain('我的挂号');
    expect(me.body).toContain(done.location.split('?')[0]);
    const code = /registrations\/([A-Z0-9]{10})/.exec(done.location)![1]!;
    const ics = await app.inject({ url: `/api/v1/registrations/${code}/calendar.ics` });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('STATUS:CONFIRMED');
    const cancelled = await web.post(`/hospitals/registrations/${code}/cancel`, {});
    expect(cancelled.status).toBe(303);
    expect((await app.inject({ url: `/api/v1/registrations/${code}/calendar.ics` })).body).toContain('STATUS:CANCELLED');
    // a past half-day, a forged code, a bad session: a message, never a 5xx
    const past = await web.post('/hospitals/registrations', { sessionId: String(schedule.days[0]!.am!.session.id) });
    expect(past.status).toBe(400);
    expect(past.body).toContain('已经开始或已过去');
    expect((await web.post('/hospitals/registrations', { sessionId: 'abc' })).status).toBe(400);
    expect((await web.post('/hospitals/registrations', { sessionId: '99999999' })).status).toBe(400);
    expect((await web.get('/hospitals/registrations/AAAAAAAAAA')).status).toBe(404);
  });

  it('registers over the API with an Idempotency-Key; lists, schedules and bad input answer in JSON', async () => {
    const h = await buildHospital(services.hospitals);
    const doctor = h.doctors[1]!;
    const { web } = await citizenWeb();
    const cookie = [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const list = (await app.inject({ url: '/api/v1/hospitals' })).json();
    expect(list.hospitals.some((x: { slug: string }) => x.slug === h.hospital.slug)).toBe(true);
    const sched = (await app.inject({ url: `/api/v1/doctors/${doctor.id}/schedule` })).json();
    expect(sched.doctor).toMatchObject({ titleLabel: '主治医师' });
    const open = sched.sessions.find((s: { state: string }) => s.state === 'open');
    const post = () => app.inject({ method: 'POST', url: '/api/v1/registrations', headers: { ...json, cookie, 'idempotency-key': 'reg-1' }, payload: { sessionId: open.id } });
    const [a, b] = [await post(), await post()];
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(a.json().code).toBe(b.json().code);
    expect((await app.inject({ url: '/api/v1/registrations', headers: { cookie } })).json().total).toBe(1);
    const bad = [
      { method: 'POST' as const, url: '/api/v1/registrations', headers: { ...json, cookie }, payload: { sessionId: 'x' } },
      { method: 'POST' as const, url: '/api/v1/registrations', headers: { ...json, cookie }, payload: { sessionId: 99999999 } },
      { method: 'POST' as const, url: '/api/v1/registrations', headers: json, payload: { sessionId: open.id } },
      { method: 'GET' as const, url: '/api/v1/registrations/<script>', headers: { cookie } },
      { method: 'GET' as const, url: '/api/v1/doctors/99999999/schedule', headers: {} },
      { method: 'GET' as const, url: '/api/v1/hospitals/no-such/beds', headers: {} },
    ];
    for (const x of bad) {
      const r = await app.inject(x);
      expect(r.statusCode, x.url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, x.url).toBeLessThan(500);
      expect(r.json().error.message, x.url).toMatch(/[\u4e00-\u9fff]/);
    }
    const docs = await app.inject({ url: '/api/docs/json' });
    if (docs.statusCode === 200) {
      const paths = Object.keys(docs.json().paths);
      for (const p of ['/api/v1/hospitals', '/api/v1/doctors/{id}/schedule', '/api/v1/registrations', '/api/v1/hospitals/{id}/beds']) expect(paths).toContain(p);
    }
  });
});

describe('beds and the back office', () => {
  it('updates beds only with a hospitals:write token of that hospital and a valid payload; audited', async () => {
    const a = await buildHospital(services.hospitals, { departments: 2, beds: 30 });
    const b = await buildHospital(services.hospitals);
    const ofA = await buildStaff(services, { role: 'hospital_admin', department: dept });
    const ofB = await buildStaff(services, { role: 'hospital_admin', department: dept });
    await services.hospitals.assignAdmin(ofA.principal.userId, a.hospital.slug);
    await services.hospitals.assignAdmin(ofB.principal.userId, b.hospital.slug);
    const token = async (p: typeof ofA.principal) => (await services.accounts.createToken(p, { name: '床位同步', scopes: ['hospitals:write'] })).token;
    const [tA, tB] = [await token(ofA.principal), await token(ofB.principal)];
    const [d1, d2] = [a.departments[0]!.id, a.departments[1]!.id];
    const put = (auth: string | undefined, payload: unknown, method: 'PUT' | 'POST' = 'PUT') =>
      app.inject({ method, url: `/api/v1/hospitals/${a.hospital.id}/beds`, headers: { ...json, ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, payload: payload as object });
    const before = (await app.inject({ url: `/api/v1/hospitals/${a.hospital.slug}/beds` })).json();

    const refused = [
      [await put(undefined, { departments: [{ departmentId: d1, total: 30, free: 5 }] }), 401],
      [await put('not-a-token', { departments: [{ departmentId: d1, total: 30, free: 5 }] }), 401],
      [await put(tB, { departments: [{ departmentId: d1, total: 30, free: 5 }] }), 404],
      [await put(tA, { departments: [{ departmentId: d1, total: 30, free: 31 }] }), 400],
      [await put(tA, { departments: [{ departmentId: d1, total: 30, free: 3 }, { departmentId: b.departments[0]!.id, total: 10, free: 1 }] }), 400],
      [await put(tA, { departments: [{ departmentId: d1, total: -1, free: 0 }] }), 400],
      [await put(tA, { departments: [] }), 400],
      [await put(tA, 'free=3'), 400],
    ] as const;
    for (const [r, status] of refused) {
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await app.inject({ url: `/api/v1/hospitals/${a.hospital.slug}/beds` })).json()).toEqual(before);

    const ok = await put(tA, { departments: [{ departmentId: d1, total: 30, free: 7 }, { departmentId: d2, total: 20, free: 0 }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().updatedAt).toBe(now.toISOString());
    expect((await put(tA, { departments: [{ departmentId: d2, total: 20, free: 2 }] }, 'POST')).statusCode).toBe(200);
    const after = (await app.inject({ url: `/api/v1/hospitals/${a.hospital.slug}/beds` })).json();
    expect(after).toMatchObject({ free: 9, total: 50 });
    const audit = await services.hospitals.ctx.db.execute(sql`select count(*)::int as n from audit_log where action = 'hospital.beds' and entity_id = ${String(a.hospital.id)}`);
    const rows = (audit as unknown as { rows?: { n: number }[] }).rows ?? (audit as unknown as { n: number }[]);
    expect(Number(rows[0]?.n)).toBe(2);
    expect((await app.inject({ url: `/hospitals/${a.hospital.slug}` })).body).toContain('3月4日');
  });

  it("a hospital administrator works on their hospital's schedule only; 停诊 from the back office tells the patients", async () => {
    const a = await buildHospital(services.hospitals);
    const b = await buildHospital(services.hospitals);
    const admin = await buildStaff(services, { role: 'hospital_admin', department: dept });
    await services.hospitals.assignAdmin(admin.principal.userId, a.hospital.slug);
    const web = await staffWeb(app, admin.username, admin.password);
    const home = await web.get('/admin/hospitals');
    expect(home.location).toBe(`/admin/hospitals/${a.hospital.id}`);
    const own = await web.get(`/admin/hospitals/${a.hospital.id}`);
    expect(own.status).toBe(200);
    expect((await web.get(`/admin/hospitals/${b.hospital.id}`)).status).toBe(404);

    const { c } = await citizenWeb();
    const sa = (await services.hospitals.doctorSchedule(a.doctors[0]!.id)).days[2]!.pm!;
    const sb = (await services.hospitals.doctorSchedule(b.doctors[0]!.id)).days[2]!.pm!;
    const reg = await services.hospitals.register(c.principal, sa.session.id);
    await web.get(`/admin/hospitals/${a.hospital.id}`);
    expect((await web.post(`/admin/hospitals/sessions/${sb.session.id}/suspend`, { notice: '停诊' })).status).toBe(404);
    expect((await web.post(`/admin/hospitals/sessions/${sb.session.id}/quota`, { quota: '1' })).status).toBe(404);
    expect((await web.post(`/admin/hospitals/${b.hospital.id}/rule`, { releaseDays: '3', releaseTime: '07:00', cancelCutoffMinutes: '0' })).status).toBe(404);
    expect((await services.hospitals.doctorSchedule(b.doctors[0]!.id)).days[2]!.pm!.session).toMatchObject({ status: 'open', quota: 10 });
    expect((await web.post(`/admin/hospitals/sessions/${sa.session.id}/suspend`, { notice: '' })).status).toBe(400);
    expect((await web.post(`/admin/hospitals/sessions/${sa.session.id}/quota`, { quota: 'x' })).status).toBe(400);
    expect((await web.post(`/admin/hospitals/doctors/${a.doctors[0]!.id}/weekly`, { [`weekly-${a.doctors[0]!.id}`]: '8-am=3' })).status).toBe(400);
    const done = await web.post(`/admin/hospitals/sessions/${sa.session.id}/suspend`, { notice: '医生外出义诊' });
    expect(done.status).toBe(303);
    const mine = await services.hospitals.myRegistration(c.principal, reg.registration.code);
    expect(mine.registration.status).toBe('suspended');
    const patient = new WebClient(app);
    await patient.get('/login');
    await patient.post('/login', { identifier: c.phone, password: c.password });
    const page = await patient.get(`/hospitals/registrations/${reg.registration.code}`);
    expect(page.body).toContain('医生外出义诊');
    expect(page.body).toContain('一键改约');
    const offer = /name="sessionId" value="(\d+)"/.exec(page.body)![1]!;
    const moved = await patient.post(`/hospitals/registrations/${reg.registration.code}/rebook`, { sessionId: offer });
    expect(moved.status).toBe(303);
    expect(moved.location).toMatch(/done=rebooked$/);
  });
});
