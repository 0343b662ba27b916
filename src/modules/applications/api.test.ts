/**
 * The JSON API over HTTP: a citizen applies in one call from their signed-in browser (with the
 * CSRF header) and the same Idempotency-Key gives the same case back; a file that is not what
 * it says and a field of another item are 400s naming the problem; a window clerk's token
 * accepts; another department's token gets "not found"; nothing is ever a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServices } from '../../app.js';
import { buildAnswers, buildApplicationWorld, PDF_BYTES, PNG_BYTES, type ApplicationWorld } from '../../../test/factories/applications.js';
import { FACTORY_PASSWORD } from '../../../test/factories/accounts.js';
import { testConfig, testDatabase, type TestDb } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';
import { cookieHeader } from '../../../test/cookies.js';
import type { FastifyInstance } from 'fastify';

let db: TestDb;
let app: FastifyInstance;
let w: ApplicationWorld;
let close: () => Promise<void>;
let browser: WebClient;
const token = {} as Record<'clerk' | 'other' | 'lead', string>;

beforeAll(async () => {
  db = await testDatabase();
  const services = await createServices(testConfig({ loginRateLimit: 0, letterRateLimit: 0 }, db.databaseUrl), db.database);
  w = await buildApplicationWorld(services);
  // the definitions are apps-auto's until merge: this app uses the in-memory ones
  services.applications = w.applications;
  app = await createApp(services);
  await app.ready();
  close = async () => {
    await app.close();
    await services.close();
    await db.drop();
  };
  browser = new WebClient(app);
  await browser.get('/login');
  const phone = (await services.accounts.account(w.people.citizen.userId)).phone;
  expect(phone).toBeTruthy();
  const verified = await services.accounts.verifiedPhone(w.people.citizen.userId);
  await browser.post('/login', { identifier: verified!, password: FACTORY_PASSWORD });
  await browser.get('/me');
  for (const [k, p] of [['clerk', w.people.clerk], ['other', w.people.windowReviewer], ['lead', w.people.leadReviewer]] as const) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: p.username, password: FACTORY_PASSWORD } });
    token[k] = res.json().token;
  }
}, 180_000);
afterAll(() => close());

const apply = (body: unknown, key?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { cookie: cookieHeader(browser.cookies), 'x-csrf-token': browser.csrf, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body as object,
  });
const files = [
  { slot: 'licence', filename: 'licence.pdf', data: PDF_BYTES.toString('base64') },
  { slot: '经营场所平面图', filename: 'plan.png', data: PNG_BYTES.toString('base64') },
];

describe('applications API', () => {
  it('applies in one call with materials, and the same Idempotency-Key gives the same case', async () => {
    const res = await apply({ itemId: w.itemId, answers: buildAnswers(), files }, 'apply-once-1');
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(receipt.no).toMatch(/^SQ\d{14}$/);
    const again = await apply({ itemId: w.itemId, answers: buildAnswers(), files }, 'apply-once-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().no).toBe(receipt.no);
    const mine = await app.inject({ method: 'GET', url: `/api/v1/applications/${receipt.no}`, headers: { cookie: cookieHeader(browser.cookies) } });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ no: receipt.no, status: 'submitted' });
    // without the CSRF header a browser's session cannot write
    const forged = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { cookie: cookieHeader(browser.cookies) }, payload: { itemId: w.itemId, answers: buildAnswers(), files } });
    expect(forged.statusCode).toBe(403);
  });

  it('refuses a file that is not what it says, a field of another item and a missing required field, naming each', async () => {
    const bad = await apply({ itemId: w.itemId, answers: buildAnswers({ name: '', licencePlate: '赣A12345' }), files: [{ slot: 'licence', filename: 'licence.pdf', data: Buffer.from('just text').toString('base64') }, files[1]] });
    expect(bad.statusCode).toBe(400);
    const messages = bad.json().error.problems.map((p: { message: string }) => p.message).join('\n');
    expect(messages).toContain('licencePlate');
    expect(messages).toContain('请填写申请人姓名');
    expect(messages).toContain('的内容不是');
    for (const body of [{ itemId: 'x' }, { itemId: 2_147_483_647, answers: {} }, { itemId: w.itemId, answers: [] }, { itemId: w.itemId, answers: {}, files: [{ slot: 'licence', filename: 'a', data: '!!!' }] }]) {
      const res = await apply(body);
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toBeTruthy();
    }
  });

  it('lets a window clerk’s token accept, hides the case from another department, and refuses approving twice', async () => {
    const { no } = (await apply({ itemId: w.itemId, answers: buildAnswers(), files })).json();
    const bearer = (k: keyof typeof token) => ({ authorization: `Bearer ${token[k]}` });
    const queue = await app.inject({ method: 'GET', url: '/api/v1/staff/applications?status=submitted', headers: bearer('clerk') });
    expect(queue.json().applications.map((a: { no: string }) => a.no)).toContain(no);
    const acc = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${no}/accept`, headers: bearer('clerk'), payload: {} });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json().clock.remainingDays).toBeGreaterThan(0);
    const hidden = await app.inject({ method: 'GET', url: `/api/v1/staff/applications/${no}`, headers: bearer('other') });
    expect(hidden.statusCode).toBe(404);
    const op = () => app.inject({ method: 'POST', url: `/api/v1/staff/applications/${no}/opinion`, headers: bearer('lead'), payload: { stage: 'review', kind: 'approve', text: '同意' } });
    expect((await op()).statusCode).toBe(200);
    const twice = await op();
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('当前环节没有待提交的意见');
    const correctNot = await app.inject({ method: 'POST', url: `/api/v1/applications/${no}/resubmit`, headers: { cookie: cookieHeader(browser.cookies), 'x-csrf-token': browser.csrf }, payload: {} });
    expect(correctNot.statusCode).toBe(409);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/staff/applications' });
    expect(anonymous.statusCode).toBe(401);
    const docs = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.body).toContain('/api/v1/staff/applications/{no}/opinion');
  });
});
