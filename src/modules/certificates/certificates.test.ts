/**
 * Certificates end to end, on PGlite or PostgreSQL: issued inside a transaction as applications
 * will, verified on the public page and the API (holder masked, no ID number), revoked by the
 * issuing department through the form (reason required, audited, holder notified, twice refused),
 * forged and malformed codes, who may download the PDF (holder, enterprise colleague, issuing
 * department) and who is told "not found", and the rate limit answering 429, never a 5xx.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, buildDepartment } from '../../../test/factories/catalog.js';
import { createApp } from '../../app.js';
import { testApp } from '../../../test/helpers.js';
import { staffWeb, WebClient } from '../../../test/web.js';
import type { Principal } from '../../lib/principal.js';
import { CODE_ALPHABET, formatCode, newCode, parseCode, verifyUrlOf } from './code.js';
import type { CertificateInput } from './index.js';

let t: Awaited<ReturnType<typeof testApp>>;
const PASSWORD = 'certs2026ok';
const HOLDER_PHONE = '13712340001';
const OTHER_PHONE = '13712340002';
const OWNER_PHONE = '13712340003';
const ID_NUMBER = '11010519491231002X';
let deptA: { id: number; name: string };
let item: { id: number; name: string };
let holder: Principal;
let owner: Principal;
let seq = 0;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, searchRateLimit: 0 });
  const bundle = buildBundle(1);
  const other = buildDepartment({ name: '示范市卫生健康委员会', shortName: '市卫健委' });
  bundle.departments.push(other);
  await t.services.catalog.importBundle(bundle);
  const depts = await t.services.catalog.listDepartments();
  const pick = (slug: string) => {
    const d = depts.find((x) => x.slug === slug)!;
    return { id: d.id, name: d.name };
  };
  deptA = pick(bundle.departments[0]!.slug);
  const [ref] = await t.services.catalog.itemRefs({ codes: [bundle.items[0]!.implCode] });
  item = { id: ref!.id, name: ref!.name };
  for (const [username, role, department] of [
    ['cert-reviewer-a', 'reviewer', bundle.departments[0]!.slug],
    ['cert-handler-a', 'handler', bundle.departments[0]!.slug],
    ['cert-reviewer-b', 'reviewer', other.slug],
  ] as const)
    await t.services.accounts.staff.createStaff({ username, displayName: username, role, department, password: PASSWORD });
  await t.services.accounts.ensureDemoAccounts({
    password: PASSWORD,
    staff: [],
    citizens: [
      { displayName: '欧阳明华', phone: HOLDER_PHONE, idNumber: ID_NUMBER, note: '' },
      { displayName: '王二', phone: OTHER_PHONE, note: '' },
    ],
    enterprises: [{ name: '示范市青禾餐饮管理有限公司', creditCode: '91350100M000100Y43', owner: { displayName: '张伟', phone: OWNER_PHONE }, note: '' }],
  });
  holder = await t.services.accounts.signIn(HOLDER_PHONE, PASSWORD);
  owner = await t.services.accounts.signIn(OWNER_PHONE, PASSWORD);
});
afterAll(async () => {
  await t?.close();
});

function input(o: Partial<CertificateInput> = {}): CertificateInput {
  seq += 1;
  return {
    kind: 'certificate',
    title: '食品经营许可证',
    holder: { userId: holder.userId, enterpriseId: null, name: '欧阳明华', idNumber: ID_NUMBER, creditCode: null },
    itemId: item.id,
    itemName: item.name,
    departmentId: deptA.id,
    departmentName: deptA.name,
    sourceNo: `SQ20261205${String(seq).padStart(4, '0')}`,
    facts: [
      { label: '经营场所', value: '示范市东湖区幸福路16号' },
      { label: '经营项目', value: '热食类食品制售' },
      { label: '联系人', value: '欧阳明华 13712340001' },
    ],
    validFrom: '2026-12-01',
    validUntil: '2031-11-30',
    ...o,
  };
}

const issue = (o: Partial<CertificateInput> = {}) => t.services.database.db.transaction((tx) => t.services.certificates.issue(tx, input(o)));
const rows = async (q: string) => ((await t.db.database.db.execute(sql.raw(q))) as unknown as { rows: Record<string, unknown>[] }).rows;

async function citizenWeb(phone: string) {
  const web = new WebClient(t.app);
  await web.get('/login');
  await web.post('/login', { identifier: phone, password: PASSWORD });
  expect(web.last.status).toBe(303);
  return web;
}

describe('codes', () => {
  it('draws 20 characters of a readable alphabet (100 bits), and reads them back however typed', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newCode()));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJ-NP-Z]{20}$/);
    expect(CODE_ALPHABET).toHaveLength(32);
    const c = [...codes][0]!;
    expect(parseCode(formatCode(c).toLowerCase())).toBe(c);
    expect(parseCode(` ${formatCode(c)} `)).toBe(c);
    for (const bad of ['', 'ABC', `${c}2`, c.replace(/./, 'O'), c.replace(/./, '1'), '<script>', 'x'.repeat(10_000), 42, null]) expect(parseCode(bad)).toBeUndefined();
  });
});

describe('issue → verify → revoke → verify', () => {
  it('issues once per case, audited, and the public page and the API show it valid with the holder masked', async () => {
    const one = input();
    const first = await t.services.database.db.transaction((tx) => t.services.certificates.issue(tx, one));
    const again = await t.services.database.db.transaction((tx) => t.services.certificates.issue(tx, one));
    expect(again.code).toBe(first.code);
    expect(first.code).toMatch(/^[2-9A-HJ-NP-Z]{5}(-[2-9A-HJ-NP-Z]{5}){3}$/);
    expect(first.verifyUrl).toBe(verifyUrlOf(t.services.config.publicUrl, first.code));
    expect(first.verifyUrl).toMatch(/\/verify\/[2-9A-HJ-NP-Z]{5}(-[2-9A-HJ-NP-Z]{5}){3}$/);
    expect(await rows(`select action from audit_log where entity = 'certificate' and entity_id = '${first.code}'`)).toEqual([{ action: 'certificate.issue' }]);
    // nothing whole of the ID number is kept
    expect(JSON.stringify(await rows(`select * from certificates where code = '${parseCode(first.code)}'`))).not.toContain(ID_NUMBER);

    const web = new WebClient(t.app);
    await web.get(`/verify/${formatCode(first.code)}`);
    expect(web.last.status).toBe(200);
    const headers = (await t.app.inject({ method: 'GET', url: `/verify/${first.code}` })).headers;
    expect(headers['x-robots-tag']).toBe('noindex');
    expect(headers['cache-control']).toBe('no-store');
    expect(web.last.body).toContain('经核验，该证照真实有效');
    expect(web.last.body).toContain('欧**华');
    expect(web.last.body).not.toContain('欧阳明华');
    expect(web.last.body).not.toContain('13712340001');
    expect(web.last.body).not.toContain('幸福路16号');
    expect(web.last.body).toContain('热食类食品制售');
    expect(web.last.body).toContain(deptA.name);

    const api = await t.app.inject({ method: 'GET', url: `/api/v1/verify/${first.code.toLowerCase()}` });
    expect(api.statusCode).toBe(200);
    const body = api.json();
    expect(body).toMatchObject({ code: formatCode(first.code), status: 'valid', holder: '欧**华', title: '食品经营许可证', department: { id: deptA.id, name: deptA.name }, validUntil: '2031-11-30', revokedAt: null });
    expect(api.body).not.toContain('欧阳明华');
    expect(api.body).not.toContain(ID_NUMBER.slice(6, 14));

    // typed on the lookup page: sent on to the code's own address
    await web.get(`/verify?code=${first.code.toLowerCase()}`);
    expect(web.last.status).toBe(303);
    expect(web.last.location).toBe(`/verify/${formatCode(first.code)}`);
  });

  it('lets the issuing department revoke it through the form, once, with a reason; the holder is told', async () => {
    const { code } = await issue();
    const reviewer = await staffWeb(t.app, 'cert-reviewer-a', PASSWORD);
    await reviewer.get('/admin/certificates');
    expect(reviewer.last.status).toBe(200);
    expect(reviewer.last.body).toContain(formatCode(code));

    // no reason: the list again with the message, 400, nothing changed
    await reviewer.post(`/admin/certificates/${formatCode(code)}/revoke`, { reason: '  ', version: '1' });
    expect(reviewer.last.status).toBe(400);
    expect(reviewer.last.body).toContain('请填写撤销原因');
    // no CSRF token: refused
    await reviewer.post(`/admin/certificates/${formatCode(code)}/revoke`, { _csrf: '', reason: '经营场所已变更，依申请注销原许可' });
    expect(reviewer.last.status).toBe(403);
    expect((await t.services.certificates.verify(code)).status).toBe('valid');

    // another department's reviewer and a handler of the same department: "not found"
    const other = await staffWeb(t.app, 'cert-reviewer-b', PASSWORD);
    await other.get('/admin/certificates');
    expect(other.last.body).not.toContain(formatCode(code));
    await other.post(`/admin/certificates/${formatCode(code)}/revoke`, { reason: '经营场所已变更，依申请注销原许可' });
    expect(other.last.status).toBe(404);
    const handler = await staffWeb(t.app, 'cert-handler-a', PASSWORD);
    await handler.get('/admin/certificates');
    expect(handler.last.body).toContain(formatCode(code));
    await handler.post(`/admin/certificates/${formatCode(code)}/revoke`, { reason: '经营场所已变更，依申请注销原许可' });
    expect(handler.last.status).toBe(404);
    expect((await t.services.certificates.verify(code)).status).toBe('valid');

    await reviewer.get('/admin/certificates');
    await reviewer.post(`/admin/certificates/${formatCode(code)}/revoke`, { reason: '经营场所已变更，依申请注销原许可', version: '1' });
    expect(reviewer.last.status, reviewer.last.body.slice(0, 2000)).toBe(303);
    expect(reviewer.last.location).toBe('/admin/certificates?done=revoked');

    const web = new WebClient(t.app);
    await web.get(`/verify/${code}`);
    expect(web.last.status).toBe(200);
    expect(web.last.body).toContain('该证照已被发证机关撤销');
    expect(web.last.body).toContain('经营场所已变更，依申请注销原许可');
    expect(web.last.body).toMatch(/撤销时间：\d{4}年/);
    const api = (await t.app.inject({ method: 'GET', url: `/api/v1/verify/${code}` })).json();
    expect(api).toMatchObject({ status: 'revoked', revokedReason: '经营场所已变更，依申请注销原许可' });
    expect(api.revokedAt).toMatch(/^\d{4}-/);

    expect(await rows(`select action, note from audit_log where entity = 'certificate' and entity_id = '${code}' order by id`)).toEqual([
      { action: 'certificate.issue', note: null },
      { action: 'certificate.revoke', note: '经营场所已变更，依申请注销原许可' },
    ]);
    const notices = await rows(`select channel, recipient from outbox where template = 'certificate-revoked'`);
    expect(notices).toContainEqual({ channel: 'inbox', recipient: String(holder.userId) });

    // twice: a clear refusal, nothing changed
    await reviewer.get('/admin/certificates');
    await reviewer.post(`/admin/certificates/${formatCode(code)}/revoke`, { reason: '再次撤销试一试' });
    expect(reviewer.last.status).toBe(409);
    expect(reviewer.last.body).toContain('该证照已经撤销，不能重复撤销');
    expect(await rows(`select count(*)::int as n from audit_log where entity_id = '${code}'`)).toEqual([{ n: 2 }]);
    expect(await rows(`select revoked_reason from certificates where code = '${parseCode(code)}'`)).toEqual([{ revoked_reason: '经营场所已变更，依申请注销原许可' }]);
  });

  it('two revokers at once: one revokes, the other is told, one audit entry', async () => {
    const { code } = await issue();
    const reviewer = await t.services.accounts.signInStaff('cert-reviewer-a', PASSWORD);
    const results = await Promise.allSettled([
      t.services.certificates.revoke(reviewer, code, { reason: '证照信息有误，予以撤销' }),
      t.services.certificates.revoke(reviewer, code, { reason: '证照信息有误，予以撤销' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([409]);
    expect(await rows(`select count(*)::int as n from audit_log where entity_id = '${code}' and action = 'certificate.revoke'`)).toEqual([{ n: 1 }]);
  });

  it('shows an expired one as expired, with its last day', async () => {
    const { code } = await issue({ title: '无犯罪记录证明', validFrom: '2025-01-01', validUntil: '2025-04-01' });
    const web = new WebClient(t.app);
    await web.get(`/verify/${code}`);
    expect(web.last.body).toContain('该证照已超过有效期');
    expect(web.last.body).toContain('2025年4月1日');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/verify/${code}` })).json().status).toBe('expired');
  });

  it('calls a decision letter a 文书, and shows its legal reason', async () => {
    const { code } = await issue({
      kind: 'decision_letter',
      title: '食品经营许可不予许可决定书',
      validUntil: null,
      facts: [
        { label: '决定', value: '不予许可' },
        { label: '理由', value: '经营场所与有毒有害场所的距离不足25米，不符合《食品经营许可和备案管理办法》第十一条。' },
      ],
    });
    const page = (await t.app.inject({ method: 'GET', url: `/verify/${code}` })).body;
    expect(page).toContain('经核验，该文书真实有效');
    expect(page).toContain('不予许可决定书');
    expect(page).toContain('第十一条');
  });

  it('refuses an input applications should never send, and changes nothing', async () => {
    const before = await rows('select count(*)::int as n from certificates');
    const tx = (o: Partial<CertificateInput>) => t.services.database.db.transaction((x) => t.services.certificates.issue(x, input(o)));
    await expect(tx({ validUntil: '2020-01-01' })).rejects.toMatchObject({ status: 400 });
    await expect(tx({ validFrom: '2026-02-30' })).rejects.toMatchObject({ status: 400 });
    await expect(tx({ kind: 'passport' as 'certificate' })).rejects.toMatchObject({ status: 400 });
    await expect(tx({ title: '' })).rejects.toMatchObject({ status: 400 });
    expect(await rows('select count(*)::int as n from certificates')).toEqual(before);
  });
});

describe('forged and malformed codes', () => {
  const hostile = ['AAAA', newCode(), `${newCode()}-X`, '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '%E4%B8%AD%E6%96%87', "1'%20or%201=1--", 'x'.repeat(190), '..%2F..%2Fetc%2Fpasswd'];

  it('answer "未查询到该证照" with a 404 page and a 404 JSON error, never a 5xx', async () => {
    const web = new WebClient(t.app);
    for (const code of hostile) {
      await web.get(`/verify/${code}`);
      expect(web.last.status, code).toBe(404);
      expect(web.last.body).toContain('未查询到该证照');
      expect(web.last.body).not.toContain('<script>alert');
      const api = await t.app.inject({ method: 'GET', url: `/api/v1/verify/${code}` });
      expect(api.statusCode, code).toBe(404);
      expect(api.json().error).toEqual({ code: 'not_found', message: '未查询到该证照' });
    }
    await web.get('/verify?code=NOT-A-CODE');
    expect(web.last.status).toBe(404);
    expect(web.last.body).toContain('未查询到该证照');
    await web.get('/verify?code=a&code=b');
    expect(web.last.status).toBeLessThan(500);
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/verify/${newCode()}` });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'not_found', message: '未查询到该证照' } });
    // the OpenAPI document describes it
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(docs.json().paths['/api/v1/verify/{code}'].get.summary).toContain('核验');
    expect((await t.app.inject({ method: 'GET', url: '/api/docs', headers: { accept: 'text/html' } })).body).toContain('电子证照核验');
  });

  it('is rate-limited with a 429 like other public lookups, not a 5xx', async () => {
    // the same services, another app whose limit is two a minute
    const limited = await createApp({ ...t.services, config: { ...t.services.config, searchRateLimit: 2 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.inject({ method: 'GET', url: `/verify/${newCode()}`, remoteAddress: '10.1.2.3' })).statusCode);
      expect(codes).toEqual([404, 404, 429, 429]);
      const refused = await limited.inject({ method: 'GET', url: `/verify/${newCode()}`, remoteAddress: '10.1.2.3' });
      expect(refused.body).toContain('lang=');
      const api: number[] = [];
      for (let i = 0; i < 3; i++) api.push((await limited.inject({ method: 'GET', url: `/api/v1/verify/${newCode()}`, remoteAddress: '10.1.2.4' })).statusCode);
      expect(api).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('who may download the PDF, and what the holder holds', () => {
  it("gives the holder and the issuing department the PDF with its QR code; another citizen or department gets 'not found'", async () => {
    const { code, verifyUrl } = await issue({ title: '小餐饮登记证' });
    const mine = await citizenWeb(HOLDER_PHONE);
    const pdf = await t.app.inject({ method: 'GET', url: `/me/certificates/${formatCode(code)}.pdf`, headers: { cookie: [...mine.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.rawPayload.toString('latin1');
    expect(text).toContain(`/URI (${verifyUrl})`); // the QR code's own address, also a link
    expect(text).toMatch(/\/Subtype \/Image/); // the QR code
    expect(text.length).toBeGreaterThan(10_000); // the CJK font subset is embedded

    await mine.get('/me/certificates');
    expect(mine.last.status).toBe(200);
    expect(mine.last.body).toContain('小餐饮登记证');
    expect(mine.last.body).toContain(`/me/certificates/${formatCode(code)}.pdf`);
    expect(mine.last.body).toContain(`/verify/${formatCode(code)}`);

    const stranger = await citizenWeb(OTHER_PHONE);
    await stranger.get(`/me/certificates/${formatCode(code)}.pdf`);
    expect(stranger.last.status).toBe(404);
    await stranger.get('/me/certificates');
    expect(stranger.last.body).not.toContain(formatCode(code));

    const staffA = await staffWeb(t.app, 'cert-handler-a', PASSWORD);
    await staffA.get(`/admin/certificates/${formatCode(code)}.pdf`);
    expect(staffA.last.status).toBe(200);
    const staffB = await staffWeb(t.app, 'cert-reviewer-b', PASSWORD);
    await staffB.get(`/admin/certificates/${formatCode(code)}.pdf`);
    expect(staffB.last.status).toBe(404);
    await staffB.get(`/admin/certificates/${formatCode(code)}.txt`);
    expect(staffB.last.status).toBe(404);

    const anonymous = new WebClient(t.app);
    await anonymous.get(`/me/certificates/${formatCode(code)}.pdf`);
    expect(anonymous.last.status).toBe(303);
    expect(anonymous.last.location).toMatch(/^\/login\?next=/);
  });

  it("heldBy lists a person's and their enterprise's documents with their status (免证办)", async () => {
    const ent = await issue({ title: '营业执照', holder: { userId: owner.userId, enterpriseId: owner.enterpriseId, name: '示范市青禾餐饮管理有限公司', idNumber: null, creditCode: '91350100M000100Y43' }, validUntil: null });
    const held = await t.services.certificates.heldBy({ userId: owner.userId, enterpriseId: owner.enterpriseId });
    expect(held.map((h) => h.code)).toContain(formatCode(ent.code));
    expect(held.find((h) => h.code === formatCode(ent.code))).toMatchObject({ kind: 'certificate', title: '营业执照', itemId: item.id, validUntil: null, status: 'valid' });
    // a colleague of the same enterprise holds it too; the citizen does not
    expect((await t.services.certificates.heldBy({ userId: holder.userId, enterpriseId: null })).map((h) => h.code)).not.toContain(formatCode(ent.code));
    const statuses = new Set((await t.services.certificates.heldBy({ userId: holder.userId, enterpriseId: null })).map((h) => h.status));
    expect(statuses).toEqual(new Set(['valid', 'revoked', 'expired']));
    const web = await citizenWeb(OWNER_PHONE);
    await web.get(`/me/certificates/${formatCode(ent.code)}.pdf`);
    expect(web.last.status).toBe(200);
    // an enterprise's name is public, as on its licence
    expect((await t.services.certificates.verify(ent.code)).holder).toBe('示范市青禾餐饮管理有限公司');
  });
});
