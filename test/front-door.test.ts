/**
 * The front door and the work desk over HTTP: the demo walked without any gateway (a code read
 * at /dev/inbox, which production does not have), the signed-in person in the header of every
 * public page, 我的来信, the staff message box, the dashboard's to-do counts against the data
 * they count, audit actions and delivery errors in Chinese, departments as a checkbox list.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../src/modules/audit/index.js';
import { createNotifyService } from '../src/modules/notify/index.js';
import { buildBundle } from './factories/catalog.js';
import { testApp } from './helpers.js';
import { WebClient, staffWeb } from './web.js';
import { cookieHeader } from './cookies.js';

let t: Awaited<ReturnType<typeof testApp>>;
const PASSWORD = 'Frontdoor2026ok';
const CITIZEN = '13800000071';
const OTHER_CITIZEN = '13800000072';
let dept: { id: number; slug: string; name: string };

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0, lettersPerPhone: 0 });
  const bundle = buildBundle(0);
  bundle.departments.push({ ...bundle.departments[0]!, slug: 'dept-other', name: '示范市测试局乙', shortName: '测试乙局' });
  await t.services.catalog.importBundle(bundle);
  const d = (await t.services.catalog.listDepartments()).find((x) => x.slug === bundle.departments[0]!.slug)!;
  dept = { id: d.id, slug: d.slug, name: d.name };
  await t.services.accounts.ensureDemoAccounts({
    password: PASSWORD,
    staff: [
      { username: 'fd-sysadmin', displayName: '周管理', role: 'admin', note: '' },
      { username: 'fd-dispatcher', displayName: '陈派单', role: 'dispatcher', note: '' },
      { username: 'fd-handler', displayName: '刘承办', role: 'handler', department: dept.slug, note: '' },
      { username: 'fd-reviewer', displayName: '赵审核', role: 'reviewer', department: dept.slug, note: '' },
    ],
    citizens: [
      { displayName: '李明理', phone: CITIZEN, note: '' },
      { displayName: '王别人', phone: OTHER_CITIZEN, note: '' },
    ],
    enterprises: [],
  });
}, 120_000);
afterAll(() => t.close());

async function citizenWeb(phone = CITIZEN) {
  const web = new WebClient(t.app);
  await web.get('/login');
  await web.post('/login', { identifier: phone, password: PASSWORD });
  expect(web.last.location).toBe('/me');
  return web;
}

const LETTER = {
  channel: 'mayor',
  type: 'consultation',
  name: '张明',
  title: '老年人乘公交卡怎么办理',
  body: '家里老人今年满六十五周岁，想办理免费乘坐公交的老年卡，请问需要带哪些材料，到哪里办理？',
};

/** A count on the dashboard: the number in the link whose text is `label`. */
const countOn = (page: string, label: string) => {
  const m = new RegExp(`<strong>(\\d+)</strong> ${label}</a>`).exec(page);
  return m ? Number(m[1]) : undefined;
};

describe('a demo walkable without services', () => {
  it('an anonymous citizen asks for a code, reads it in the development inbox and sends the letter', async () => {
    const web = new WebClient(t.app);
    await web.get('/letters/new?channel=mayor');
    const formKey = /name="formKey" value="([^"]+)"/.exec(web.last.body)![1]!;
    const fields = { ...LETTER, phone: '13900000077', formKey };
    await web.post('/letters/new/code', fields);
    expect(web.last.status).toBe(200);
    expect(web.last.body).toContain('演示环境：短信未真正发送，请到开发收件箱查看');
    expect(web.last.body).toContain('href="/dev/inbox"');

    const inbox = await web.get('/dev/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toContain('开发收件箱');
    expect(inbox.body).toContain('139****0077');
    expect(inbox.body).not.toContain('13900000077');
    const code = /验证码是 (\d{6})/.exec(inbox.body)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await web.post('/letters/new', { ...fields, code: code! });
    expect(web.last.status, web.last.body.slice(0, 2000)).toBe(303);
    const receipt = await web.get(web.last.location);
    const trackingCode = /<strong class="code">(XF\w+)<\/strong>/.exec(receipt.body)![1]!;
    // the receipt SMS (with its query code) is in the development inbox too
    const after = await web.get('/dev/inbox');
    expect(after.body).toContain(trackingCode);
  });

  it('a code for signing in by code points to the development inbox as well', async () => {
    const web = new WebClient(t.app);
    await web.get('/login/code');
    await web.post('/login/code', { contact: CITIZEN, next: '/me' });
    expect(web.last.status).toBe(303);
    const verify = await web.get(web.last.location);
    expect(verify.body).toContain('演示环境：短信未真正发送，请到开发收件箱查看');
    const code = /验证码是 (\d{6})/.exec((await web.get('/dev/inbox')).body)?.[1];
    await web.post('/login/code/verify', { contact: CITIZEN, code: code!, next: '/me' });
    expect(web.last.location).toBe('/me');
  });

  it('production has no development inbox: 404, nothing captured, no notice', async () => {
    const prod = await testApp({ env: 'production', sessionSecret: 'p'.repeat(40), letterRateLimit: 0, lettersPerPhone: 0 });
    try {
      expect(prod.services.notify.devInbox).toBeUndefined();
      const web = new WebClient(prod.app);
      const page = await web.get('/dev/inbox');
      expect(page.status).toBe(404);
      await web.get('/letters/new?channel=mayor');
      await web.post('/letters/new/code', { ...LETTER, phone: '13900000078' });
      expect(web.last.status).toBe(200);
      expect(web.last.body).toContain('验证码已发送');
      expect(web.last.body).not.toContain('开发收件箱');
      // without a gateway the SMS waits in the outbox, its failure in Chinese
      await prod.services.notify.deliverDue();
      const [waiting] = await prod.services.notify.pending();
      expect(waiting?.lastError).toBe('未配置短信网关（SMS_GATEWAY_URL），短信无法发送。');
    } finally {
      await prod.close();
    }
  });
});

describe('signed-in people see it', () => {
  it('the header of a public page shows the person, 我的 and a 退出 form; signing out brings the visitor header back', async () => {
    const anonymous = new WebClient(t.app);
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('登录 / 个人空间');
    expect(home.body).not.toContain('action="/logout"');
    const etag = String(home.headers.etag);

    const web = await citizenWeb();
    // a cached page (home) with the browser's copy from before signing in: the full page, not 304
    const cookie = cookieHeader(web.cookies);
    const mine = await t.app.inject({ method: 'GET', url: '/', headers: { cookie, 'if-none-match': etag } });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers.etag).toBeUndefined();
    const header = /<header class="site-header">[\s\S]*?<\/header>/.exec(mine.body)![0];
    expect(header).toContain('李*理');
    expect(header).not.toContain('李明理');
    expect(header).toContain('<a href="/me">我的</a>');
    expect(header).toMatch(/<form method="post" action="\/logout"[^>]*><input type="hidden" name="_csrf" value="[^"]+"><button type="submit" class="link light">退出<\/button><\/form>/);
    expect(header).not.toContain('登录 / 个人空间');

    // every public page: a guide list, the letters page
    for (const url of ['/departments', '/letters']) expect((await web.get(url)).body).toContain('person-name');

    // 退出 from the header, without JavaScript: a plain form post
    await web.get('/letters');
    await web.post('/logout', {});
    expect(web.last.status).toBe(303);
    expect((await web.get('/')).body).toContain('登录 / 个人空间');
    expect((await anonymous.get('/letters')).body).not.toContain('person-name');
  });

  it('staff see 工作台 instead of 我的', async () => {
    const web = await staffWeb(t.app, 'fd-handler', PASSWORD);
    const page = await web.get('/departments');
    expect(page.body).toContain('<a href="/admin">工作台</a>');
    expect(page.body).toContain('刘*办');
  });

  it('/me/letters lists the letters written while signed in, each opening its case; no one else sees them', async () => {
    const web = await citizenWeb();
    await web.get('/letters/new?channel=mayor');
    const formKey = /name="formKey" value="([^"]+)"/.exec(web.last.body)![1]!;
    await web.post('/letters/new', { ...LETTER, title: '社区健身器材损坏请维修', phone: '', formKey });
    expect(web.last.status, web.last.body.slice(0, 2000)).toBe(303);
    const trackingCode = /receipt\/(XF\w+)/.exec(web.last.location)![1]!;

    const list = await web.get('/me/letters');
    expect(list.status).toBe(200);
    expect(list.body).toContain(trackingCode);
    expect(list.body).toContain('社区健身器材损坏请维修');
    expect(list.body).toContain('待派单');
    expect(list.body).toContain(`href="/me/letters/${trackingCode}"`);

    const overview = await web.get('/me');
    expect(overview.body).toContain('我办的事');
    expect(overview.body).toContain('社区健身器材损坏请维修');

    const one = await web.get(`/me/letters/${trackingCode}`);
    expect(one.status).toBe(200);
    expect(one.body).toContain('社区健身器材损坏请维修');
    expect(one.body).toContain(trackingCode);
    expect(one.body).toContain('<span class="status status-dispatching">待派单</span>');

    const other = await citizenWeb(OTHER_CITIZEN);
    expect((await other.get('/me/letters')).body).not.toContain(trackingCode);
    expect((await other.get(`/me/letters/${trackingCode}`)).status).toBe(404);
    expect((await new WebClient(t.app).get('/me/letters')).location).toBe('/login?next=%2Fme%2Fletters');
  });
});

describe('the back office is a place to work', () => {
  it('staff read their in-site messages at /admin/messages, linked from the dashboard', async () => {
    const handler = await t.services.accounts.signInStaff('fd-handler', PASSWORD);
    await t.db.database.db.transaction((tx) =>
      t.services.notify.enqueue(tx, { template: 'test-message', vars: { text: '请处理东湖区来信' }, to: { accountId: handler.userId }, channels: ['inbox'] }),
    );
    await t.services.notify.deliverDue(200);
    const web = await staffWeb(t.app, 'fd-handler', PASSWORD);
    const unread = (await t.services.notify.inbox(handler.userId)).unread;
    const dash = await web.get('/admin');
    expect(dash.body).toContain(`<a href="/admin/messages">您有 ${unread} 条未读消息。</a>`);
    const box = await web.get('/admin/messages');
    expect(box.status).toBe(200);
    expect(box.body).toContain('这是一条测试消息：请处理东湖区来信');
    const id = /action="\/admin\/messages\/(\d+)\/read"/.exec(box.body)![1]!;
    await web.post(`/admin/messages/${id}/read`, {});
    expect(web.last.location).toBe('/admin/messages');
    expect((await t.services.notify.inbox(handler.userId)).unread).toBe(unread - 1);
    // another person's message is not found
    // the citizens' address sends staff to their own message box
    expect((await web.get('/me/messages')).location).toBe('/admin/messages');
    const other = await staffWeb(t.app, 'fd-reviewer', PASSWORD);
    await other.get('/admin/messages');
    await other.post(`/admin/messages/${id}/read`, {});
    expect(other.last.status).toBe(404);
  });

  it('the dashboard counts each role’s work, and each count opens a list of exactly those cases', async () => {
    const citizen = await t.services.accounts.signIn(CITIZEN, PASSWORD);
    const write = (title: string, departmentId?: number) =>
      t.services.letters.submit({ ...LETTER, title, ...(departmentId ? { channel: 'department', departmentId } : {}) }, { principal: citizen, source: 'web' });
    await write('待派单的来信一');
    const soon = await write('快到期的来信', dept.id);
    const late = await write('已超期的来信', dept.id);
    await write('正常办理的来信', dept.id);
    await t.db.database.db.execute(sql`update letters set due_at = now() + interval '1 hour' where tracking_code = ${soon.trackingCode}`);
    await t.db.database.db.execute(sql`update letters set due_at = now() - interval '1 day' where tracking_code = ${late.trackingCode}`);

    const dispatcher = await t.services.accounts.signInStaff('fd-dispatcher', PASSWORD);
    const all = await t.services.letters.list(dispatcher, { status: ['dispatching'], limit: 100, offset: 0 });
    const desk = await staffWeb(t.app, 'fd-dispatcher', PASSWORD);
    const dispatchDash = (await desk.get('/admin')).body;
    expect(countOn(dispatchDash, '待派单')).toBe(all.total);
    expect(countOn(dispatchDash, '待办理')).toBeUndefined();
    expect(dispatchDash).toContain('href="/admin/letters?status=dispatching"');

    const handler = await t.services.accounts.signInStaff('fd-handler', PASSWORD);
    const handling = await t.services.letters.list(handler, { status: ['handling'], limit: 100, offset: 0 });
    const web = await staffWeb(t.app, 'fd-handler', PASSWORD);
    const dash = (await web.get('/admin')).body;
    expect(countOn(dash, '待办理')).toBe(handling.total);
    expect(handling.total).toBeGreaterThanOrEqual(3);
    expect(countOn(dash, '即将超期')).toBe(1);
    expect(countOn(dash, '已超期')).toBe(1);
    expect(countOn(dash, '待派单')).toBeUndefined();

    const dueSoon = await web.get('/admin/letters?status=all&due=soon');
    expect(dueSoon.body).toContain('快到期的来信');
    expect(dueSoon.body).not.toContain('已超期的来信');
    expect(dueSoon.body).not.toContain('正常办理的来信');
    const overdue = await web.get('/admin/letters?status=all&overdue=1');
    expect(overdue.body).toContain('已超期的来信');
    expect(overdue.body).not.toContain('快到期的来信');
    const handlingList = await web.get('/admin/letters?status=handling');
    expect(handlingList.body).toContain('正常办理的来信');

    const reviewer = await staffWeb(t.app, 'fd-reviewer', PASSWORD);
    const reviewDash = (await reviewer.get('/admin')).body;
    expect(countOn(reviewDash, '待审核（答复）')).toBe(0);
    expect(countOn(reviewDash, '待审核（修改）')).toBe(0);
  });

  it('audit actions and the dashboard read in Chinese; an action without a name shows its code', async () => {
    await t.db.database.db.transaction((tx) => recordAudit(tx, { id: 'system', name: '系统' }, [{ action: 'custom.experiment', entity: 'thing', entityId: 1 }]));
    const web = await staffWeb(t.app, 'fd-sysadmin', PASSWORD);
    const log = (await web.get('/admin/audit')).body;
    expect(log).toContain('收到来信');
    expect(log).toContain('新建工作人员账号');
    const summaries = [...log.matchAll(/<summary>([\s\S]*?)<\/summary>/g)].map((m) => m[1]!.replace(/ title="[^"]*"/g, ''));
    expect(summaries.length).toBeGreaterThan(3);
    expect(summaries.filter((x) => /letter\.|user\.create|catalog\.import/.test(x))).toEqual([]);
    expect(log).toContain('custom.experiment');
    const dash = (await web.get('/admin')).body;
    const recent = /最近的修改[\s\S]*?<\/section>/.exec(dash)![0];
    expect(recent).not.toMatch(/letter\.|user\.create/);
    // filtering by a named action from the list
    const filtered = (await web.get('/admin/audit?action=letter.received')).body;
    expect(filtered).toContain('<option value="letter.received" selected>收到来信</option>');
  });

  it('every delivery error in the outbox is shown in Chinese', async () => {
    const broken = createNotifyService(t.db.database, { mailFrom: 'x <x@example.cn>', maxAttempts: 1 });
    await t.db.database.db.transaction((tx) =>
      broken.enqueue(tx, { template: 'test-message', vars: { text: '死信' }, to: { email: 'dead@example.cn', phone: '13700000079' }, channels: ['email', 'sms'] }),
    );
    expect((await broken.deliverDue()).dead).toBeGreaterThanOrEqual(2);
    const web = await staffWeb(t.app, 'fd-sysadmin', PASSWORD);
    const page = (await web.get('/admin/notifications')).body;
    expect(page).toContain('未配置邮件服务器（SMTP_URL），邮件无法发送。');
    expect(page).toContain('未配置短信网关（SMS_GATEWAY_URL），短信无法发送。');
    expect(page).not.toMatch(/is not configured/);
  });

  it('departments are picked from a checkbox list, not a Ctrl multi-select', async () => {
    const citizen = await t.services.accounts.signIn(CITIZEN, PASSWORD);
    const r = await t.services.letters.submit({ ...LETTER, title: '需要派单的来信二' }, { principal: citizen, source: 'web' });
    const dispatcher = await t.services.accounts.signInStaff('fd-dispatcher', PASSWORD);
    const [letter] = (await t.services.letters.list(dispatcher, { q: r.trackingCode, limit: 1, offset: 0 })).letters;
    const web = await staffWeb(t.app, 'fd-dispatcher', PASSWORD);
    const page = (await web.get(`/admin/letters/${letter!.id}`)).body;
    expect(page).toContain(`<input type="checkbox" name="assists" value="${dept.id}">`);
    expect(page).not.toContain('multiple');
    expect(page).not.toContain('Ctrl');
    expect(page).toContain('<script src="/static/choice-filter.js" defer></script>');
    // ticking two boxes posts both
    const other = (await t.services.catalog.listDepartments()).find((d) => d.slug === 'dept-other')!;
    await web.post(`/admin/letters/${letter!.id}/assign`, { version: String(letter!.version), lead: String(dept.id), assists: [String(other.id)] });
    expect(web.last.status).toBe(303);
    const again = (await web.get(`/admin/letters/${letter!.id}`)).body;
    expect(again).toContain(`<input type="checkbox" name="assists" value="${other.id}" checked>`);
  });
});
