/**
 * The FOI pages and API over HTTP: the no-JS request form (CSRF, errors shown again with 400 and
 * the values kept), the applicant's list and case page with the clock explained, the 补正 form,
 * the staff case page's actions, and the JSON API with Idempotency-Key and isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCitizen, buildStaff, FACTORY_PASSWORD } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { staffWeb, WebClient } from '../../../test/web.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dept: number;
let citizen: { phone: string };
let neighbourToken: string;
let citizenToken: string;
let handler: { username: string };
let stranger: { username: string };

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const bundle = buildBundle(0);
  const second = buildBundle(1);
  await t.services.catalog.importBundle(bundle);
  await t.services.catalog.importBundle(second);
  dept = (await t.services.catalog.listDepartments()).find((d) => d.slug === bundle.departments[0]!.slug)!.id;
  citizen = await buildCitizen(t.services);
  handler = await buildStaff(t.services, { role: 'handler', department: bundle.departments[0]!.slug });
  stranger = await buildStaff(t.services, { role: 'dept_admin', department: second.departments[0]!.slug });
  citizenToken = (await t.services.accounts.createToken((handler as unknown as { principal: never }).principal, { name: '省平台转办', scopes: ['foi:write'], days: 1 })).token;
  neighbourToken = (await t.services.accounts.createToken((stranger as unknown as { principal: never }).principal, { name: '其他部门', scopes: ['foi:read'], days: 1 })).token;
});
afterAll(() => t.close());

const FORM = () => ({
  departmentId: String(dept),
  applicantKind: 'citizen',
  applicantName: '李华',
  applicantIdNo: '110101198805051234',
  phone: '',
  email: '',
  address: '',
  description: '示范市2025年度城市道路维修工程的招标文件',
  purpose: '',
  format: 'electronic',
  delivery: 'online',
});

describe('FOI pages', () => {
  it('files a request without JavaScript, gets a 补正 notice, corrects it, and sees the clock explained', async () => {
    const web = new WebClient(t.app);
    await web.get('/login');
    await web.post('/login', { identifier: citizen.phone, password: FACTORY_PASSWORD });
    await web.get('/foi/apply');
    expect(web.last.status).toBe(200);
    // no contact: 400, the message, the values kept
    await web.post('/foi/apply', FORM());
    expect(web.last.status).toBe(400);
    expect(web.last.body).toContain('请至少填写一种联系方式');
    expect(web.last.body).toContain('城市道路维修工程');
    // without the CSRF token: refused, nothing written
    await web.post('/foi/apply', { ...FORM(), phone: '13900002222', _csrf: '' });
    expect(web.last.status).toBe(403);
    await web.post('/foi/apply', { ...FORM(), phone: '13900002222', description: '<script>alert(1)</script>道路维修招标文件' });
    expect(web.last.status).toBe(303);
    const code = /\/me\/foi\/(YSQ-\d{4}-\d{6})/.exec(web.last.location)![1]!;
    await web.get(web.last.location);
    expect(web.last.body).toContain('申请已提交');
    expect(web.last.body).toContain('答复期限是如何计算的');
    expect(web.last.body).not.toContain('<script>alert');
    await web.get('/me/foi');
    expect(web.last.body).toContain(code);

    // staff: the handler sends the 补正 notice from the case page; another department sees nothing
    // the applicant reads it as JSON with the session too
    const json = await t.app.inject({ method: 'GET', url: `/api/v1/foi-requests/${code}`, headers: { cookie: [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(json.statusCode).toBe(200);
    const id = json.json().id as number;
    const other = await staffWeb(t.app, stranger.username, FACTORY_PASSWORD);
    await other.get(`/admin/foi/${id}`);
    expect(other.last.status).toBe(404);
    const staff = await staffWeb(t.app, handler.username, FACTORY_PASSWORD);
    await staff.get(`/admin/foi/${id}`);
    expect(staff.last.status).toBe(200);
    await staff.post(`/admin/foi/${id}/noticeCorrection`, { note: '短' });
    expect(staff.last.status).toBe(400);
    await staff.post(`/admin/foi/${id}/noticeCorrection`, { note: '请写明所需招标文件的项目名称或编号' });
    expect(staff.last.status).toBe(303);

    await web.get(`/me/foi/${code}`);
    expect(web.last.body).toContain('补正申请');
    await web.post(`/me/foi/${code}/correct`, { text: '示范市城市道路维修工程（2025年第二批）招标文件' });
    expect(web.last.status).toBe(303);
    await web.get(`/me/foi/${code}`);
    expect(web.last.body).toContain('答复期限自收到补正申请之日起重新计算');

    // the reply with a PDF through the multipart form
    await staff.get(`/admin/foi/${id}`);
    const boundary = '----foi';
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(part('_csrf', staff.csrf) + part('replyType', 'disclosed') + part('body', '现将招标文件提供给您，请查收。')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="答复书.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n%%EOF\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({ method: 'POST', url: `/admin/foi/${id}/reply?_csrf=${encodeURIComponent(staff.csrf)}`, headers: { cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    await web.get(`/me/foi/${code}`);
    expect(web.last.body).toContain('予以公开');
    await web.get(`/foi/${code}/document`);
    expect(web.last.status).toBe(200);
    expect(web.last.body.startsWith('%PDF-')).toBe(true);

    // published for everyone through the no-JS forms: prepared by the handler, published by a reviewer
    await staff.get(`/admin/foi/${id}`);
    expect(staff.last.body).toContain('答复向社会公开');
    expect(staff.last.body).not.toContain('审核通过并公开');
    await staff.post(`/admin/foi/${id}/publication/prepare`, { basis: 'sometimes', title: '关于招标文件的答复', question: '短', answer: '现将招标文件提供给您。' });
    expect(staff.last.status).toBe(400);
    expect(staff.last.body).toContain('关于招标文件的答复');
    await staff.post(`/admin/foi/${id}/publication/prepare`, { basis: 'consent', title: '关于城市道路维修工程招标文件的答复', question: '李华申请示范市城市道路维修工程（2025年第二批）招标文件', answer: '现将招标文件提供给您，请查收。' });
    expect(staff.last.status).toBe(303);
    // the handler who prepared it may not publish: that takes a reviewer (four eyes)
    await staff.post(`/admin/foi/${id}/publication/publish`, {});
    expect(staff.last.status).toBe(403);
    expect(staff.last.body).toContain('审核人员');
    const reviewer = await buildStaff(t.services, { role: 'reviewer', department: (await t.services.catalog.listDepartments()).find((d) => d.id === dept)!.slug });
    const second = await staffWeb(t.app, reviewer.username, FACTORY_PASSWORD);
    await second.get(`/admin/foi/${id}`);
    expect(second.last.body).toContain('审核通过并公开');
    await second.post(`/admin/foi/${id}/publication/publish`, {});
    expect(second.last.status).toBe(303);
    const list = await t.app.inject({ method: 'GET', url: '/foi' });
    expect(list.body).toContain('关于城市道路维修工程招标文件的答复');
    const url = /href="(\/foi\/replies\/\d+)"/.exec(list.body)![1]!;
    const page = await t.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('李华');
    expect(page.body).not.toContain('答复书.pdf');
  });
});

describe('FOI API', () => {
  const post = (token: string | undefined, body: unknown, key?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/foi-requests', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { 'idempotency-key': key } : {}) }, payload: body as object });
  const body = () => ({ departmentId: dept, applicantKind: 'enterprise', applicantName: '示范市明远科技有限公司', applicantIdNo: '91110000MA01ABCD2X', email: 'office@mingyuan.example.cn', description: '示范市2025年中小企业发展专项资金拟扶持名单', format: 'electronic', delivery: 'email' });

  it('an integration creates with Idempotency-Key, replays, reads by code within its department only, and answers bad input with 4xx', async () => {
    const a = await post(citizenToken, body(), 'abc-1');
    expect(a.statusCode, a.body).toBe(201);
    const created = a.json();
    expect(created.code).toMatch(/^YSQ-/);
    expect(created.clock.due).toBeTruthy();
    const b = await post(citizenToken, body(), 'abc-1');
    expect(b.json().id).toBe(created.id);
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/foi-requests/${created.code}`, headers: { authorization: `Bearer ${citizenToken}` } });
    expect(got.statusCode).toBe(200);
    expect(got.json().clock.receipt.rule).toBe('online');
    expect(got.json().history.length).toBe(1);
    const theirs = await t.app.inject({ method: 'GET', url: `/api/v1/foi-requests/${created.code}`, headers: { authorization: `Bearer ${neighbourToken}` } });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.code).toBeTruthy();
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/foi-requests?limit=5', headers: { authorization: `Bearer ${citizenToken}` } });
    expect(list.json().total).toBe(1);
    // no contact, wrong types, huge numbers, no token
    const none = await post(citizenToken, { ...body(), email: undefined, delivery: 'online' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('联系方式');
    for (const bad of [{ ...body(), departmentId: 1e20 }, { ...body(), departmentId: 'x' }, { ...body(), applicantName: { x: 1 } }, [1, 2], 'text']) {
      const r = await post(citizenToken, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
    expect((await post(undefined, body())).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/foi-requests/${'x'.repeat(30)}`, headers: { authorization: `Bearer ${citizenToken}` } })).statusCode).toBe(404);
  });
});
