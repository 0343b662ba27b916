/**
 * Ratings over HTTP: the rater's pages (rate with a no-JS form, POST → 303, errors shown again
 * with 400/409), a stranger's "not found", the department's rectification pages (CSRF, another
 * department "not found", close → 303), the API (Idempotency-Key, CSRF header, JSON errors) and
 * the public figures with their charts, never a 5xx on hostile input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, buildDepartment, buildItem } from '../../../test/factories/catalog.js';
import { buildCitizen, buildStaff } from '../../../test/factories/accounts.js';
import { buildRatableSubject } from '../../../test/factories/ratings.js';
import { cookieHeader } from '../../../test/cookies.js';
import { testApp } from '../../../test/helpers.js';
import { staffWeb, WebClient } from '../../../test/web.js';
import type { RatableSubject } from './index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let deptA: number;
let deptB: number;
let itemA: number;
let citizen: Awaited<ReturnType<typeof buildCitizen>>;
let stranger: Awaited<ReturnType<typeof buildCitizen>>;
let slugA: string;
let slugB: string;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const bundle = buildBundle(1);
  const second = buildDepartment();
  bundle.departments.push(second);
  bundle.items.push(buildItem({ department: second.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug }));
  await t.services.catalog.importBundle(bundle);
  slugA = bundle.departments[0]!.slug;
  slugB = second.slug;
  const depts = await t.services.catalog.listDepartments();
  deptA = depts.find((d) => d.slug === slugA)!.id;
  deptB = depts.find((d) => d.slug === slugB)!.id;
  itemA = (await t.services.catalog.itemRefs({ codes: [bundle.items[0]!.implCode] }))[0]!.id;
  citizen = await buildCitizen(t.services);
  stranger = await buildCitizen(t.services);
}, 120_000);
afterAll(() => t.close());

async function signedIn(phone: string, password: string) {
  const web = new WebClient(t.app);
  await web.get('/login');
  await web.post('/login', { identifier: phone, password });
  expect(web.last.location).toBe('/me');
  return web;
}

async function open(o: Partial<RatableSubject> = {}) {
  const s = buildRatableSubject({ departmentId: deptA, raterUserId: citizen.id, itemId: itemA, ...o });
  await t.db.database.db.transaction((tx) => t.services.ratings.openRatable(tx, s));
  return s;
}

describe('ratings pages and API', () => {
  it('lets the rater rate once on the page; a bad rating reaches the department, which closes it with the callback', async () => {
    const s = await open();
    const web = await signedIn(citizen.phone, citizen.password);
    // the personal space's overview lists what awaits a rating, linking to 办件评价
    expect((await web.get('/me')).body).toContain(`/me/ratings/application/${s.subjectRef}`);
    const list = await web.get('/me/ratings');
    expect(list.status).toBe(200);
    expect(list.body).toContain(s.subjectRef);
    const page = `/me/ratings/application/${s.subjectRef}`;
    expect((await web.get(page)).status).toBe(200);
    expect(web.last.body).toContain('非常不满意');

    // a bad rating without a reason: shown again with the message, nothing saved
    const missing = await web.post(page, { level: 'unsatisfied' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('至少勾选一项原因');
    // without CSRF: refused
    expect((await web.post(page, { _csrf: '', level: 'satisfied' })).status).toBe(403);
    const rated = await web.post(page, { level: 'unsatisfied', reasons: ['slow', 'manyTrips'], comment: '<script>alert(1)</script> 跑了三次' });
    expect(rated.status).toBe(303);
    expect(rated.location).toBe(`${page}?done=rated`);
    const after = await web.get(rated.location);
    expect(after.body).toContain('已转交');
    expect(after.body).not.toContain('<script>alert(1)');
    expect(after.body).toContain('&lt;script&gt;');
    const again = await web.post(page, { level: 'very_satisfied' });
    expect(again.status).toBe(409);
    expect(again.body).toContain('已经评价过了');
    expect((await web.post(`${page}/follow-up`, { followUp: '补充：第三次去才办成。' })).status).toBe(303);
    expect((await web.post(`${page}/follow-up`, { followUp: '再补充' })).status).toBe(409);

    // a stranger, staff and the anonymous: "not found" (the anonymous is sent to sign in)
    const other = await signedIn(stranger.phone, stranger.password);
    expect((await other.get(page)).status).toBe(404);
    expect((await other.post(page, { level: 'satisfied' })).status).toBe(404);
    expect((await new WebClient(t.app).get(page)).status).toBe(303);

    // the department's queue
    const handler = await buildStaff(t.services, { role: 'handler', department: slugA });
    const desk = await staffWeb(t.app, handler.username, handler.password);
    const queue = await desk.get('/admin/rectifications');
    expect(queue.status).toBe(200);
    const id = new RegExp(`/admin/rectifications/(\\d+)">[^<]*${s.subjectRef}`).exec(queue.body)?.[1];
    expect(id).toBeTruthy();
    expect((await desk.get('/admin')).body).toContain('待整改的差评');
    const casePage = await desk.get(`/admin/rectifications/${id}`);
    expect(casePage.body).toContain('第三次去才办成');
    const version = /name="version" value="(\d+)"/.exec(casePage.body)?.[1] ?? '';

    // another department's staff: "not found", the queue without it
    const otherHandler = await buildStaff(t.services, { role: 'handler', department: slugB });
    const otherDesk = await staffWeb(t.app, otherHandler.username, otherHandler.password);
    expect((await otherDesk.get(`/admin/rectifications/${id}`)).status).toBe(404);
    expect((await otherDesk.post(`/admin/rectifications/${id}/close`, { version, measures: '越权办结的尝试内容文字', callbackDate: '2026-01-01', callbackMethod: 'phone', callbackResult: 'satisfied', callbackNote: '越权尝试' })).status).toBe(404);
    expect((await otherDesk.get('/admin/rectifications?status=all')).body).not.toContain(s.subjectRef);

    const today = t.services.ratings.calendar.localDate(new Date());
    const bad = await desk.post(`/admin/rectifications/${id}/close`, { version, measures: '短', callbackDate: today, callbackMethod: 'phone', callbackResult: 'satisfied', callbackNote: '已电话回访' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('整改措施');
    const closed = await desk.post(`/admin/rectifications/${id}/close`, {
      version,
      measures: '已在办事指南中写明需现场核验的情形，并开通预约核验。',
      callbackDate: today,
      callbackMethod: 'phone',
      callbackResult: 'basically',
      callbackNote: '办事人表示指南改清楚了。',
    });
    expect(closed.status).toBe(303);
    expect((await desk.get(closed.location)).body).toContain('整改已办结');
    expect((await web.get(page)).body).toContain('已整改');
  });

  it('rates through the API with an Idempotency-Key and the page CSRF header; refuses everything else with a JSON error', async () => {
    const s = await open({ departmentId: deptB, itemId: null, itemName: null });
    const web = await signedIn(citizen.phone, citizen.password);
    await web.get('/me/ratings');
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/ratings', headers: { cookie: cookieHeader(web.cookies), 'x-csrf-token': web.csrf, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
    const body = { kind: 'application', subjectRef: s.subjectRef, level: 'very_satisfied', reasons: ['fast'] };

    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/ratings', headers: { cookie: cookieHeader(web.cookies), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(noCsrf.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/ratings', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(anonymous.statusCode).toBe(401);
    for (const hostile of [{ ...body, level: 5 }, { ...body, reasons: 'fast' }, { ...body, extra: 1 }, { ...body, subjectRef: 'x'.repeat(5000) }, [], 'null']) {
      const r = await post(hostile);
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json().error.message).toBeTruthy();
    }
    expect((await post({ ...body, subjectRef: 'SF-NOT-THERE' })).statusCode).toBe(404);

    const first = await post(body, { 'idempotency-key': 'rate-1' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ level: 'very_satisfied', reasons: ['fast'], rectification: null });
    const replay = await post(body, { 'idempotency-key': 'rate-1' });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const twice = await post({ ...body, level: 'unsatisfied', reasons: ['slow'] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('已经评价过了');

    const summary = await t.app.inject({ method: 'GET', url: `/api/v1/ratings/summary?department=${deptB}` });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().figures).toMatchObject({ total: 1, satisfiedRate: 1, bad: 0, rectifiedOnTimeRate: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/ratings/summary?department=abc' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/ratings/summary?item=99999999' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).body).toContain('/api/v1/ratings/summary');
    expect((await t.app.inject({ method: 'GET', url: '/api/docs', headers: { accept: 'text/html' } })).body).toContain('好差评（办件评价与满意度）');
  });

  it('publishes the figures as tables and charts without personal data', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/satisfaction' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('满意率');
    expect(page.body).not.toContain(citizen.displayName);
    expect(page.body).not.toContain('跑了三次');
    const dept = await t.app.inject({ method: 'GET', url: `/satisfaction/departments/${deptA}` });
    expect(dept.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/satisfaction/items/${itemA}` })).statusCode).toBe(200);
    for (const url of ['/satisfaction/levels.svg', `/satisfaction/levels.svg?department=${deptA}`, '/satisfaction/departments.svg']) {
      const svg = await t.app.inject({ method: 'GET', url });
      expect(svg.statusCode).toBe(200);
      expect(svg.body).toContain('<svg');
    }
    for (const url of ['/satisfaction/departments/0', '/satisfaction/departments/99999999', '/satisfaction/items/%27', '/satisfaction/nope.svg', '/satisfaction/levels.svg?department=99999999']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
    }
  });
});
