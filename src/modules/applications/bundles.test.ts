/**
 * 一件事一次办 in the flow, on the real database (PGlite, or PostgreSQL with DATABASE_URL): one
 * combined form fans out into linked applications in one go; the parallel part is submitted at
 * once, the serial one waits and opens by itself when its predecessor is granted; the combined
 * status follows the members; journeys' reminders fire; another person's bundle is not found;
 * bad input writes nothing.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications } from '../../db/schema/applications.js';
import { BadRequestError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { buildAnswers, buildApplicationWorld, buildFormDefinition, PDF_BYTES, PNG_BYTES, type ApplicationWorld } from '../../../test/factories/applications.js';
import { createApp, createServices, type Services } from '../../app.js';
import { FACTORY_PASSWORD } from '../../../test/factories/accounts.js';
import { cookieHeader } from '../../../test/cookies.js';
import { testConfig, testDatabase, type TestDb } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';
import type { FastifyInstance } from 'fastify';
import * as defRepo from './definitions/repo.js';
import type { BundleDefinition } from './index.js';

let db: TestDb;
let services: Services;
let app: FastifyInstance;
let browser: WebClient;
const t = { get services() { return services; } };
let a: ApplicationWorld;
let b: ApplicationWorld;
let c: ApplicationWorld;

const oneStage = (s: { lead: string }) => ({ stages: [{ key: 'review', name: '审查', mode: 'all' as const, participants: [{ department: s.lead }] }] });
const code = async (w: ApplicationWorld) => w.implCode;

const combinedForm = () => {
  const base = buildFormDefinition();
  return { ...base, fields: [...base.fields, { key: 'plan', type: 'file' as const, label: '经营场所平面图', accept: ['pdf' as const, 'image' as const], maxFiles: 2, maxSizeMb: 5, required: true }] };
};
const mapping = { name: 'name', idNumber: 'idNumber', phone: 'phone', kind: 'kind', shareholders: 'shareholders' };

async function bundle(): Promise<BundleDefinition> {
  return {
    slug: 'test-startup',
    title: '测试开办一件事',
    aliases: [],
    audience: 'citizen',
    summary: '一张表同时申请三项许可。',
    form: combinedForm() as BundleDefinition['form'],
    parts: [
      { key: 'first', title: '第一项许可', item: await code(a), answers: mapping, files: { licence: 'licence', 经营场所平面图: 'plan' } },
      { key: 'second', title: '第二项许可', item: await code(b), answers: mapping, files: { licence: 'licence', 经营场所平面图: 'plan' } },
      { key: 'side', title: '并联许可', item: await code(c), answers: mapping, files: { licence: 'licence', 经营场所平面图: 'plan' } },
    ],
    order: '(first → second) ‖ side',
  };
}

const files = () => ({ licence: [{ filename: 'licence.pdf', data: PDF_BYTES }], plan: [{ filename: 'plan.png', data: PNG_BYTES }] });
const total = async () => Number((await t.services.database.db.select({ n: count() }).from(applications))[0]!.n);

async function grant(w: ApplicationWorld, no: string) {
  await a.applications.accept(w.people.clerk, no);
  await a.applications.opine(w.people.leadReviewer, no, { stage: 'review', kind: 'approve' });
  return a.applications.conclude(w.people.leadAdmin, no, { decision: 'grant', reason: '经审查，符合法定条件' });
}

beforeAll(async () => {
  db = await testDatabase();
  services = await createServices(testConfig({ loginRateLimit: 0, letterRateLimit: 0 }, db.databaseUrl), db.database);
  a = await buildApplicationWorld(t.services, { route: oneStage });
  b = await buildApplicationWorld(t.services, { route: oneStage });
  c = await buildApplicationWorld(t.services, { route: oneStage });
  // one service that knows every item online (the definitions of the three worlds)
  for (const w of [b, c]) a.definitions.define({ itemId: w.itemId, form: buildFormDefinition(), route: w.route });
  const def = await bundle();
  await defRepo.upsertBundle(t.services.database.db, { slug: def.slug, title: def.title, definition: def });
  services.applications = a.applications;
  app = await createApp(services);
  await app.ready();
  browser = new WebClient(app);
  await browser.get('/login');
  const verified = await services.accounts.verifiedPhone(a.people.citizen.userId);
  await browser.post('/login', { identifier: verified!, password: FACTORY_PASSWORD });
  await browser.get('/me');
}, 240_000);
afterAll(async () => {
  await app.close();
  await services.close();
  await db.drop();
});

describe('一件事一次办', () => {
  it('fans one form out into linked applications, opens the serial part when its predecessor is granted, and sums up one status', async () => {
    const p = a.people.citizen;
    const before = await total();
    const view = await a.applications.applyBundle(p, { bundleId: 'test-startup', answers: buildAnswers(), files: files() });
    expect(await total()).toBe(before + 3);
    expect(view.created).toBe(true);
    expect(view.ref).toMatch(/^YJ\d{14}$/);
    expect(view.members.map((m) => [m.part, m.status])).toEqual([
      ['first', 'submitted'],
      ['second', 'waiting'],
      ['side', 'submitted'],
    ]);
    expect(view.members[1]!.waitsFor).toEqual(['第一项许可']);
    expect(view.status).toMatchObject({ status: 'inProgress', done: 0, total: 3 });
    // every member carries the bundle's number; each keeps its own item, department and materials
    const rows = await t.services.database.db.select().from(applications).where(eq(applications.bundleNo, view.ref));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.departmentId)).size).toBe(3);
    const first = view.members[0]!;
    const firstView = await a.applications.myCase(p, first.no!);
    expect(firstView.slots.filter((s) => s.files.length).map((s) => s.key).sort()).toEqual(['licence', '经营场所平面图'].sort());

    // the first granted: the reminders fire, the waiting one is submitted by itself
    await grant(a, first.no!);
    expect(a.concluded).toContainEqual([p.userId, a.implCode]);
    let now = await a.applications.myBundle(p, view.ref);
    expect(now.members.map((m) => [m.part, m.status])).toEqual([
      ['first', 'approved'],
      ['second', 'submitted'],
      ['side', 'submitted'],
    ]);
    expect(now.members[1]!.no).toMatch(/^SQ/);
    expect(now.status).toMatchObject({ status: 'inProgress', done: 1 });

    await grant(b, now.members[1]!.no!);
    await grant(c, now.members[2]!.no!);
    now = await a.applications.myBundle(p, view.ref);
    expect(now.status).toMatchObject({ status: 'completed', done: 3, total: 3 });
    expect(a.concluded).toContainEqual([p.userId, b.implCode]);
    expect(a.concluded).toContainEqual([p.userId, c.implCode]);
  });

  it('does not let a waiting part be submitted before its predecessor is granted', async () => {
    const p = a.people.citizen;
    const view = await a.applications.applyBundle(p, { bundleId: 'test-startup', answers: buildAnswers(), files: files() });
    const waiting = view.members.find((m) => m.status === 'waiting')!;
    await expect(a.applications.submit(p, waiting.id)).rejects.toThrow('需等前序事项准予后自动提交');
    expect((await a.applications.myBundle(p, view.ref)).members.find((m) => m.id === waiting.id)!.status).toBe('waiting');
  });

  it('gives the same bundle back for the same Idempotency-Key', async () => {
    const p = a.people.citizen;
    const one = await a.applications.applyBundle(p, { bundleId: 'test-startup', answers: buildAnswers(), files: files(), idempotencyKey: 'bundle-key-1' });
    const before = await total();
    const two = await a.applications.applyBundle(p, { bundleId: 'test-startup', answers: buildAnswers(), files: files(), idempotencyKey: 'bundle-key-1' });
    expect(two).toMatchObject({ ref: one.ref, created: false });
    expect(await total()).toBe(before);
  });

  it('keeps one person’s bundle from another', async () => {
    const mine = await a.applications.applyBundle(a.people.citizen, { bundleId: 'test-startup', answers: buildAnswers(), files: files() });
    await expect(a.applications.myBundle(a.people.stranger, mine.ref)).rejects.toThrow(NotFoundError);
    await expect(a.applications.myBundle(a.people.stranger, 'YJ20260101000001')).rejects.toThrow(NotFoundError);
    await expect(a.applications.myBundle(a.people.stranger, '../etc')).rejects.toThrow(NotFoundError);
    await expect(a.applications.myBundle(a.people.leadReviewer, mine.ref)).rejects.toThrow(BadRequestError);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const p = a.people.citizen;
    const before = await total();
    await expect(a.applications.applyBundle(p, { bundleId: 'no-such-thing', answers: buildAnswers(), files: files() })).rejects.toThrow('未找到该“一件事一次办”事项');
    await expect(a.applications.applyBundle(p, { bundleId: 42, answers: buildAnswers(), files: files() })).rejects.toThrow(NotFoundError);
    const problems = async (input: Parameters<typeof a.applications.applyBundle>[1]) => {
      const e = await a.applications.applyBundle(p, input).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).message).toContain('尚未提交任何申请');
      return (e as ValidationError).problems.map((x) => `${x.where} ${x.message}`).join('\n');
    };
    expect(await problems({ bundleId: 'test-startup', answers: { ...buildAnswers(), hukouAddress: 'x' }, files: files() })).toContain('hukouAddress');
    const { name: _name, ...noName } = buildAnswers();
    expect(await problems({ bundleId: 'test-startup', answers: noName, files: files() })).toContain('申请人姓名');
    expect(await problems({ bundleId: 'test-startup', answers: buildAnswers(), files: { licence: files().licence } })).toContain('经营场所平面图');
    expect(await problems({ bundleId: 'test-startup', answers: buildAnswers(), files: { ...files(), other: files().licence } })).toContain('other');
    expect(await problems({ bundleId: 'test-startup', answers: buildAnswers(), files: { ...files(), plan: [{ filename: 'x.exe', data: Buffer.from('MZ not a picture') }] } })).toMatch(/经营场所平面图只接受.*x\.exe/); // read from its content on the one form, before any part
    expect(await problems({ bundleId: 'test-startup', answers: ['not', 'an', 'object'] })).toContain('对象');
    expect(await total()).toBe(before);
  });
});

describe('一件事一次办 over the API', () => {
  const post = (body: unknown, key?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/application-bundles',
      headers: { cookie: cookieHeader(browser.cookies), 'x-csrf-token': browser.csrf, ...(key ? { 'idempotency-key': key } : {}) },
      payload: body as object,
    });
  const apiFiles = [
    { field: 'licence', filename: 'licence.pdf', data: PDF_BYTES.toString('base64') },
    { field: 'plan', filename: 'plan.png', data: PNG_BYTES.toString('base64') },
  ];

  it('applies for a bundle in one call, replays the same key, and reads the combined status', async () => {
    const res = await post({ bundle: 'test-startup', answers: buildAnswers(), files: apiFiles }, 'api-bundle-1');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.members).toHaveLength(3);
    expect(body.status).toMatchObject({ status: 'inProgress', total: 3 });
    const again = await post({ bundle: 'test-startup', answers: buildAnswers(), files: apiFiles }, 'api-bundle-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().ref).toBe(body.ref);
    const read = await app.inject({ method: 'GET', url: `/api/v1/application-bundles/${body.ref}`, headers: { cookie: cookieHeader(browser.cookies) } });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ ref: body.ref, status: { total: 3 } });
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/application-bundles', '/api/v1/application-bundles/{ref}']));
  });

  it('answers bad input with a JSON error, never a 5xx', async () => {
    const cases: [unknown, number, string][] = [
      [{ bundle: 'no-such', answers: buildAnswers(), files: apiFiles }, 404, 'not_found'],
      [{ bundle: 'test-startup', answers: { ...buildAnswers(), hukouAddress: 'x' }, files: apiFiles }, 400, 'validation_failed'],
      [{ bundle: 'test-startup', answers: buildAnswers() }, 400, 'validation_failed'],
      [{ bundle: 'test-startup', answers: buildAnswers(), files: [{ field: 'plan', filename: 'x', data: '@@@' }] }, 400, 'bad_file'],
      [{ answers: {} }, 400, ''],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.json().error.message).toBeTruthy();
      if (code) expect(res.json().error.code).toBe(code);
    }
    const other = await app.inject({ method: 'GET', url: '/api/v1/application-bundles/YJ20260101000001', headers: { cookie: cookieHeader(browser.cookies) } });
    expect(other.statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/application-bundles/YJ20260101000001' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('一件事一次办 pages', () => {
  const BOUNDARY = '----yimen-bundle';
  const multipart = (fields: Record<string, string>, files: { name: string; filename: string; type: string; data: Buffer }[]) => {
    const part = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    return Buffer.concat([
      Buffer.from(Object.entries(fields).map(([k, v]) => part(k, v)).join('')),
      ...files.flatMap((f) => [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n')]),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]);
  };
  const submit = (fields: Record<string, string>, files: { name: string; filename: string; type: string; data: Buffer }[]) =>
    app.inject({
      method: 'POST',
      url: `/bundles/test-startup/apply?_csrf=${encodeURIComponent(browser.csrf)}`,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: cookieHeader(browser.cookies) },
      payload: multipart({ _csrf: browser.csrf, ...fields }, files),
    });
  const good = { 'a.name': '张三', 'a.idNumber': buildAnswers().idNumber as string, 'a.phone': '13800138000', 'a.kind': 'new', 'a.shareholders.0.name': '张三', 'a.shareholders.0.idNumber': buildAnswers().idNumber as string };
  const uploads = [
    { name: 'upload_licence', filename: 'licence.pdf', type: 'application/pdf', data: PDF_BYTES },
    { name: 'upload_plan', filename: 'plan.png', type: 'image/png', data: PNG_BYTES },
  ];

  it('shows the combined form, submits every part in one go and shows the combined status', async () => {
    const page = await browser.get('/bundles/test-startup/apply');
    expect(page.status).toBe(200);
    expect(page.body).toContain('测试开办一件事');
    expect(page.body).toContain('申请人姓名');
    expect(page.body).toContain('name="upload_plan"');
    const res = await submit(good, uploads);
    expect(res.statusCode, res.body.replace(/[\s\S]*?(<div[^>]*error-summary[\s\S]{0,1500})[\s\S]*/, "$1")).toBe(303);
    const to = String(res.headers.location);
    expect(to).toMatch(/^\/me\/bundles\/YJ\d+$/);
    const mine = await browser.get(to);
    expect(mine.status).toBe(200);
    expect(mine.body).toContain('办理中（已办结 0/3 项）');
    expect(mine.body).toContain('等待前序事项办结');
    expect(mine.body).toContain('第一项许可');
    const list = await browser.get('/me/applications');
    expect(list.status).toBe(200);
    expect(list.body).toContain(`href="${to}"`);
    expect(list.body).toContain('测试开办一件事');
  });

  it('shows problems in Chinese, writes nothing; an unknown bundle or another person’s is not found', async () => {
    const before = await total();
    const { 'a.name': _n, ...noName } = good;
    const res = await submit(noName, uploads.slice(0, 1));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('尚未提交任何申请');
    expect(res.body).toContain('请填写申请人姓名');
    expect(await total()).toBe(before);
    expect((await browser.get('/bundles/no-such/apply')).status).toBe(404);
    expect((await browser.get('/me/bundles/YJ20260101000001')).status).toBe(404);
    expect((await browser.get('/me/bundles/nonsense')).status).toBe(404);
  });
});
