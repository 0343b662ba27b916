/**
 * The automation rules on the pages, over app.inject, on PGlite or PostgreSQL: a citizen whose
 * account proved their ID number submits an item with a 秒批 rule and reads the decision with
 * its explanation at once; the item's department finds the sampled decision under 待复核抽查件 and
 * reviews it (a flag needs a reason); an item with a 免证办 exemption shows the slot as already on
 * file (the certificate named, its number masked) and submits without an upload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationsWorld, PDF } from '../../../test/applications-pages.js';
import { cookieHeader } from '../../../test/cookies.js';
import { VALID_ID_NUMBER } from '../../../test/factories/applications.js';
import { staffWeb, WebClient } from '../../../test/web.js';
import type { HeldCertificate } from './index.js';

let w: Awaited<ReturnType<typeof applicationsWorld>>;
const held: HeldCertificate[] = [];
beforeAll(async () => {
  w = await applicationsWorld();
  const p = await w.services.accounts.signIn(w.citizen.phone, w.citizen.password);
  await w.services.accounts.updateProfile(p, { displayName: '周文博', idNumber: VALID_ID_NUMBER });
  // the certificates the citizen holds (免证办), and none issued here: the world wires no certificates module
  w.services.applications.context.certificates = { issue: async () => ({ code: 'SFZZ0001', verifyUrl: '/verify/SFZZ0001' }), heldBy: async () => held };
}, 180_000);
afterAll(async () => {
  await w?.close();
});

const BOUNDARY = '----yimen-auto';
async function upload(web: WebClient, base: string, slot: string, filename: string, data: Buffer) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${web.csrf}\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="slot"\r\n\r\n${slot}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const res = await w.app.inject({
    method: 'POST',
    url: `${base}/materials?_csrf=${encodeURIComponent(web.csrf)}`,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: cookieHeader(web.cookies) },
    payload: body,
  });
  expect(res.statusCode).toBe(303);
}

async function citizenWeb() {
  const web = new WebClient(w.app);
  await web.get('/login');
  await web.post('/login', { identifier: w.citizen.phone, password: w.citizen.password });
  return web;
}

const answers = {
  'a.name': '周文博',
  'a.idNumber': VALID_ID_NUMBER,
  'a.phone': '13812345678',
  'a.kind': 'new',
  'a.shareholders.0.name': '周文博',
  'a.shareholders.0.idNumber': VALID_ID_NUMBER,
  'a.shareholders.0.share': '100',
};

/** Save a draft, upload the licence unless told not to, submit; the case's number. */
async function apply(web: WebClient, withLicence = true): Promise<{ status: number; no: string; body: string }> {
  await web.get(`/items/${w.itemId}/apply`);
  const saved = await web.post(`/items/${w.itemId}/apply`, { ...answers, action: 'save' });
  const base = saved.location.replace(/\?.*$/, '');
  if (withLicence) await upload(web, base, 'licence', '营业执照.pdf', PDF);
  const page = await web.get(base);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
  const submitted = await web.post(base, { ...answers, version, action: 'submit' });
  return { status: submitted.status, no: /\/me\/applications\/(SQ\d+)/.exec(submitted.location)?.[1] ?? '', body: submitted.body };
}

describe('秒批 on the pages', () => {
  let no = '';
  it('decides at submission and shows the applicant which rule, which data and the result', async () => {
    w.published.automation = {
      instant: {
        basis: '《食品经营许可和备案管理办法》第三十八条',
        sample: { oneIn: 1 },
        conditions: [
          { label: '申请人年满18周岁', fact: 'age', op: 'gte', value: 18, onFail: 'deny' },
          { label: '首次申领', fact: 'answer', field: 'kind', op: 'eq', value: 'new' },
        ],
      },
    };
    const web = await citizenWeb();
    const done = await apply(web);
    expect(done.status).toBe(303);
    no = done.no;
    const page = await web.get(`/me/applications/${no}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('秒批：系统自动核验结果');
    expect(page.body).toContain('准予许可');
    expect(page.body).toContain('《食品经营许可和备案管理办法》第三十八条');
    expect(page.body).toContain('申请人年满18周岁：申请人年龄为');
    expect(page.body).toContain('已签发电子证照 SFZZ0001');
    // the applicant is not shown the staff's 复核 marker
    expect(page.body).not.toContain('待复核');
  });

  it('lists the sampled decision for the item’s department and takes its 复核; a flag needs a reason', async () => {
    const a = await staffWeb(w.app, w.staff.a.username, w.staff.a.password);
    const queue = await a.get('/admin/applications?review=1');
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(no);
    expect(queue.body).toContain('抽查件 · 待复核');
    const page = await a.get(`/admin/applications/${no}`);
    expect(page.body).toContain('抽查复核');
    const version = /action="\/admin\/applications\/[^"]+\/review"[^>]*>.*?name="version" value="(\d+)"/s.exec(page.body)![1]!;
    const bad = await a.post(`/admin/applications/${no}/review`, { result: 'flagged', reviewNote: '', version });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('标记存疑时请写明理由');
    const good = await a.post(`/admin/applications/${no}/review`, { result: 'confirmed', reviewNote: '', version });
    expect(good.status).toBe(303);
    const after = await a.get(good.location);
    expect(after.body).toContain('复核结论已保存');
    expect(after.body).toContain('已复核（确认无误');
    expect((await a.get('/admin/applications?review=1')).body).not.toContain(no);
    // a department with no part in the case does not see it; nor can it review
    const d = await staffWeb(w.app, w.staff.d.username, w.staff.d.password);
    expect((await d.get(`/admin/applications/${no}`)).status).toBe(404);
    await d.get('/admin/applications');
    expect((await d.post(`/admin/applications/${no}/review`, { result: 'confirmed' })).status).toBe(404);
  });
});

describe('the API', () => {
  it('takes a 复核 through the staff API, lists openings for the applicant, and documents both', async () => {
    w.published.automation = { instant: { basis: '《食品经营许可和备案管理办法》第三十八条', sample: { oneIn: 1 }, conditions: [{ label: '首次申领', fact: 'answer', field: 'kind', op: 'eq', value: 'new' }] } };
    const web = await citizenWeb();
    const done = await apply(web);
    const tokenRes = await w.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: w.staff.a.username, password: w.staff.a.password } });
    const bearer = { authorization: `Bearer ${tokenRes.json().token}` };
    const queue = await w.app.inject({ method: 'GET', url: '/api/v1/staff/applications?review=true', headers: bearer });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().applications.map((a: { no: string }) => a.no)).toContain(done.no);
    const bad = await w.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${done.no}/review`, headers: bearer, payload: { result: 'maybe' } });
    expect(bad.statusCode).toBe(400);
    const flagNoReason = await w.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${done.no}/review`, headers: bearer, payload: { result: 'flagged' } });
    expect(flagNoReason.statusCode).toBe(400);
    expect(flagNoReason.json().error.code).toBe('review_note_required');
    const ok = await w.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${done.no}/review`, headers: bearer, payload: { result: 'flagged', note: '承诺书签字需核对' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().instant.review).toMatchObject({ result: 'flagged' });
    expect((await w.app.inject({ method: 'GET', url: '/api/v1/applications/openings' })).statusCode).toBe(401);
    const mine = await w.app.inject({ method: 'GET', url: '/api/v1/applications/openings', headers: { cookie: cookieHeader(web.cookies) } });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({ openings: [] });
    const forged = await w.app.inject({ method: 'POST', url: '/api/v1/applications/openings/abc/confirm', headers: { cookie: cookieHeader(web.cookies), 'x-csrf-token': web.csrf } });
    expect(forged.statusCode).toBe(400);
    const none = await w.app.inject({ method: 'POST', url: '/api/v1/applications/openings/424242/decline', headers: { cookie: cookieHeader(web.cookies), 'x-csrf-token': web.csrf } });
    expect(none.statusCode).toBe(404);
    const docs = (await w.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/v1/staff/applications/{no}/review', '/api/v1/applications/openings', '/api/v1/applications/openings/{id}/confirm']));
    w.published.automation = null;
  });
});

describe('免证办 on the pages', () => {
  it('shows the material as already on file with the certificate named and masked, and submits without an upload', async () => {
    w.published.automation = { exemptions: [{ material: '营业执照副本', certificate: '营业执照' }] };
    held.push({ code: 'SFZZ3601202600042', kind: 'certificate', title: '营业执照', itemId: 1, validUntil: null, status: 'valid', issuedAt: '2026-03-02T02:00:00.000Z' });
    const web = await citizenWeb();
    const form = await web.get(`/items/${w.itemId}/apply`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('已在档，无需提交');
    expect(form.body).toContain('将调用您的电子证照“营业执照”（编号 SFZZ********0042）');
    expect(form.body).not.toContain('SFZZ3601202600042');
    const done = await apply(web, false);
    expect(done.status).toBe(303);
    const page = await web.get(`/me/applications/${done.no}`);
    expect(page.body).toContain('免提交（调用电子证照）');
    // staff see the certificate's reference among the materials, not a download
    const clerk = await staffWeb(w.app, w.staff.clerk.username, w.staff.clerk.password);
    const staffPage = await clerk.get(`/admin/applications/${done.no}`);
    expect(staffPage.body).toContain('电子证照：营业执照（编号 SFZZ3601202600042）');
    held.length = 0;
  });

  it('asks for the upload again once the certificate is gone', async () => {
    const web = await citizenWeb();
    const done = await apply(web, false);
    expect(done.status).toBe(400);
    expect(done.body).toContain('请上传营业执照');
  });
});
