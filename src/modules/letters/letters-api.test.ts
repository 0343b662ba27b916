/**
 * Letters over the JSON API v1 and Open311, end to end over HTTP: intake with an SMS code or an
 * integration token, idempotent double submits, bad input refused with a clear 4xx and nothing
 * stored, rate limits, the writer's view, the staff API (department isolation, stale versions)
 * and Open311 in JSON and XML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Delivered, startChannels } from '../../../test/channels.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';

let t: Awaited<ReturnType<typeof testApp>>;
let channels: Awaited<ReturnType<typeof startChannels>>;
const PASSWORD = 'letters-api-2026';
const CITIZEN_PHONE = '13900000001';
let deptA: number;
let deptB: number;
const tokens: Record<string, string> = {};

let ipSeq = 0;
/** each request comes from an address of its own unless told, so the per-address limit stays out of the way */
const nextIp = () => `10.1.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
let phoneSeq = 100;
const nextPhone = () => `139${String(++phoneSeq).padStart(8, '0')}`;

interface Res {
  status: number;
  body: string;
  json: ReturnType<typeof JSON.parse>;
  headers: Record<string, unknown>;
}
async function call(method: 'GET' | 'POST', url: string, o: { body?: unknown; token?: string; key?: string; ip?: string; form?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { 'x-forwarded-for': o.ip ?? nextIp() };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.key) headers['idempotency-key'] = o.key;
  let payload: string | undefined;
  if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(o.form).toString();
  } else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  }
  const r = await t.app.inject({ method, url, headers, payload });
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, body: r.body, json, headers: r.headers };
}

const letter = (o: Record<string, unknown> = {}) => ({
  channel: 'mayor',
  type: 'complaint',
  title: '小区门口道路破损',
  body: '东湖区幸福路小区门口的道路破损已经三个月，雨天积水严重，请尽快修复。',
  name: '张三',
  phone: nextPhone(),
  isPublic: true,
  ...o,
});

async function codeFor(phone: string): Promise<string> {
  const r = await call('POST', '/api/v1/letters/codes', { body: { phone } });
  expect(r.status).toBe(202);
  expect(r.json.sentTo).not.toContain(phone.slice(3, 7));
  await t.services.notify.deliverDue();
  // the newest verification code (a receipt SMS carries six-digit runs too)
  const code = channels
    .to(phone)
    .filter((m: Delivered) => m.text.includes('验证码是'))
    .map((m: Delivered) => /验证码是 (\d{6})/.exec(m.text)?.[1])
    .pop();
  expect(code).toMatch(/^\d{6}$/);
  return code as string;
}

const staff = (username: string) => t.services.accounts.signInStaff(username, PASSWORD);
async function tokenFor(username: string, scopes: string[] = ['letters:read', 'letters:write']) {
  return (await t.services.accounts.createToken(await staff(username), { name: `${username} 测试`, scopes, days: 1 })).token;
}
const count = () => t.services.letters.count();

beforeAll(async () => {
  channels = await startChannels();
  // the tests play clients at different addresses through X-Forwarded-For, as a proxy would send it
  t = await testApp({ trustProxy: true, loginRateLimit: 0, letterRateLimit: 3, lettersPerPhone: 2, smsGatewayUrl: channels.smsGatewayUrl, publicUrl: 'https://zw.shifan.example' });
  const a = buildBundle(1);
  const b = buildBundle(1);
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const depts = await t.services.catalog.listDepartments();
  deptA = depts.find((d) => d.slug === a.departments[0]!.slug)!.id;
  deptB = depts.find((d) => d.slug === b.departments[0]!.slug)!.id;
  await t.services.accounts.ensureDemoAccounts({
    password: PASSWORD,
    staff: [
      { username: 'hotline', displayName: '12345 热线', role: 'dispatcher', note: '' },
      { username: 'handler-a', displayName: '甲局经办', role: 'handler', department: a.departments[0]!.slug, note: '' },
      { username: 'reviewer-a', displayName: '甲局审核', role: 'reviewer', department: a.departments[0]!.slug, note: '' },
      { username: 'handler-b', displayName: '乙局经办', role: 'handler', department: b.departments[0]!.slug, note: '' },
      { username: 'editor-b', displayName: '乙局编辑', role: 'editor', department: b.departments[0]!.slug, note: '' },
    ],
    citizens: [{ displayName: '李四', phone: CITIZEN_PHONE, note: '' }],
    enterprises: [],
  });
  for (const u of ['hotline', 'handler-a', 'reviewer-a', 'handler-b']) tokens[u] = await tokenFor(u);
  tokens.readOnly = await tokenFor('handler-b', ['letters:read']);
  tokens.editor = await tokenFor('editor-b', ['catalog:read']);
});
afterAll(async () => {
  await t?.close();
  await channels?.close();
});

describe('intake', () => {
  it('takes a letter with the code sent to the phone and gives a receipt that opens the case', async () => {
    const input = letter();
    const code = await codeFor(input.phone);
    const r = await call('POST', '/api/v1/letters', { body: { ...input, verificationCode: code } });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: expect.any(Number), trackingCode: expect.stringMatching(/^XF\d{8}[2-9A-Z]{6}$/), queryCode: expect.stringMatching(/^\d{6}$/), status: 'dispatching', dueAt: expect.any(String) });
    expect(new Date(r.json.dueAt).getTime()).toBeGreaterThan(Date.now());

    const view = await call('GET', `/api/v1/letters/${r.json.trackingCode}?queryCode=${r.json.queryCode}`);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ trackingCode: r.json.trackingCode, title: input.title, body: input.body, status: 'dispatching', channel: 'mayor', canRate: false });
    expect(view.json.phone).not.toBe(input.phone); // masked even for the writer
    expect(view.json.events[0].kind).toBe('received');

    // the writer got the receipt by SMS too
    await t.services.notify.deliverDue();
    expect(channels.to(input.phone).some((m: Delivered) => m.text.includes(r.json.trackingCode))).toBe(true);

    const wrong = await call('GET', `/api/v1/letters/${r.json.trackingCode}?queryCode=${r.json.queryCode === '000000' ? '111111' : '000000'}`);
    expect(wrong.status).toBe(404);
    expect(wrong.json.error.message).toContain('查询码');
  });

  it('locks query-code guessing per address, so a stranger cannot shut the writer out of the case', async () => {
    const r = await call('POST', '/api/v1/letters', { body: letter(), token: tokens.hotline, key: 'lockout-1' });
    expect(r.status).toBe(201);
    const { trackingCode, queryCode } = r.json;
    const wrong = queryCode === '000000' ? '111111' : '000000';
    const look = (code: string, ip: string) => call('GET', `/api/v1/letters/${trackingCode}?queryCode=${code}`, { ip });

    // five wrong codes from one address lock that address out, even with the right code
    for (let i = 0; i < 5; i++) expect((await look(wrong, '10.9.0.1')).status).toBe(404);
    const locked = await look(queryCode, '10.9.0.1');
    expect(locked.status).toBe(429);
    expect(locked.json.error.message).toContain('分钟');
    // the writer, elsewhere, still opens the case (the tracking code is public on published letters)
    expect((await look(queryCode, '10.9.0.2')).status).toBe(200);

    // guessing from many addresses: after 50 failures in a day the code is closed for everyone
    for (let ip = 3; ip <= 12; ip++) for (let i = 0; i < 5; i++) await look(wrong, `10.9.0.${ip}`);
    const closed = await look(queryCode, '10.9.0.99');
    expect(closed.status).toBe(429);
    expect(closed.json.error.message).toContain('明天再试');
    // the tracking page says the same and shows the lookup form again
    const web = new WebClient(t.app);
    await web.get('/letters/track');
    await web.post('/letters/track', { code: trackingCode, queryCode });
    expect(web.last.status).toBe(429);
    expect(web.last.body).toContain('明天再试');
    expect(web.last.body).toContain('name="queryCode"');
  });

  it('asks for the code, and refuses a wrong one, storing nothing', async () => {
    const before = await count();
    const noCode = await call('POST', '/api/v1/letters', { body: letter() });
    expect(noCode.status).toBe(400);
    expect(noCode.json.error.code).toBe('code_required');
    const input = letter();
    await codeFor(input.phone);
    const wrong = await call('POST', '/api/v1/letters', { body: { ...input, verificationCode: '12345x' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe('bad_code');
    expect(await count()).toBe(before);
  });

  it('takes a letter from an integration token without a code, addressed to a department', async () => {
    const r = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter({ channel: 'department', departmentId: deptA, type: 'consultation' }) });
    expect(r.status).toBe(201);
    expect(r.json.status).toBe('handling');
    const staffView = await call('GET', `/api/v1/staff/letters/${r.json.id}`, { token: tokens['handler-a'] });
    expect(staffView.status).toBe(200);
    expect(staffView.json).toMatchObject({ departmentId: deptA, source: 'hotline', role: 'lead' });
  });

  it('refuses a bad token instead of treating the caller as anonymous', async () => {
    const r = await call('POST', '/api/v1/letters', { token: 'ym_notarealtokennotarealtoken', body: letter() });
    expect(r.status).toBe(401);
  });

  it('creates one letter for a double submit with the same Idempotency-Key', async () => {
    const before = await count();
    const key = `key-${Date.now()}-a`;
    const body = letter();
    const first = await call('POST', '/api/v1/letters', { token: tokens.hotline, key, body });
    const second = await call('POST', '/api/v1/letters', { token: tokens.hotline, key, body });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.headers['idempotent-replayed']).toBe('true');
    // at the same moment, too
    const key2 = `key-${Date.now()}-b`;
    const together = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/api/v1/letters', { token: tokens.hotline, key: key2, body: letter() })));
    expect(together.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(together.map((r) => r.json.trackingCode)).size).toBe(1);
    expect(await count()).toBe(before + 2);

    const badKey = await call('POST', '/api/v1/letters', { token: tokens.hotline, key: 'k'.repeat(201), body: letter() });
    expect(badKey.status).toBe(400);
    expect(badKey.json.error.code).toBe('bad_idempotency_key');
  });

  it('stores HTML and script as the text the writer typed', async () => {
    const title = '<script>alert(1)</script>路灯不亮';
    const body = '<img src=x onerror=alert(1)> 幸福路 & 和平路路口的路灯已经坏了一周，夜里很不安全。';
    const r = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter({ title, body }) });
    expect(r.status).toBe(201);
    const view = await call('GET', `/api/v1/letters/${r.json.trackingCode}?queryCode=${r.json.queryCode}`);
    expect(view.json.title).toBe(title);
    expect(view.json.body).toBe(body);
  });

  describe('refuses bad input with a clear 4xx and stores nothing', () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]).toString('base64');
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]).toString('base64');
    const cases: [string, () => Record<string, unknown>, number, string][] = [
      ['a body over 3000 characters', () => letter({ body: '很长的内容。'.repeat(600) }), 400, '内容'],
      ['an .exe renamed .jpg', () => letter({ attachments: [{ filename: 'photo.jpg', data: exe }] }), 400, '不是图片'],
      ['four attachments', () => letter({ attachments: [1, 2, 3, 4].map((n) => ({ filename: `${n}.jpg`, data: jpeg })) }), 400, '最多上传 3 个附件'],
      ['an attachment that is not base64', () => letter({ attachments: [{ filename: 'a.jpg', data: '不是base64!' }] }), 400, 'Base64'],
      ['an invalid phone number', () => letter({ phone: '12345' }), 400, '手机号码'],
      ['a missing title', () => {
        const { title: _title, ...rest } = letter();
        return rest;
      }, 400, 'title'],
      ['an unknown channel', () => letter({ channel: 'governor' }), 400, '请选择信箱'],
      ['a type the channel does not take', () => letter({ channel: 'discipline', type: 'suggestion' }), 400, '不受理'],
      ['anonymous on the mayor channel', () => letter({ anonymous: true, name: undefined, phone: undefined }), 400, '匿名'],
      ['a department mailbox without a department', () => letter({ channel: 'department' }), 400, '请选择部门'],
      ['a department that does not exist', () => letter({ channel: 'department', departmentId: 999999 }), 400, '没有找到这个部门'],
      ['a latitude without a longitude', () => letter({ lat: 27.6 }), 400, '经纬度'],
      ['a field the API does not know', () => letter({ priority: 'urgent' }), 400, 'additional properties'],
    ];
    for (const [what, build, status, words] of cases)
      it(what, async () => {
        const before = await count();
        const r = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: build() });
        expect(r.status).toBe(status);
        expect(JSON.stringify(r.json.error)).toContain(words);
        expect(await count()).toBe(before);
      });

    it('a request body beyond the limit (413) and broken JSON (400)', async () => {
      const before = await count();
      const huge = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter({ attachments: [{ filename: 'a.jpg', data: 'A'.repeat(23 * 1024 * 1024) }] }) });
      expect(huge.status).toBe(413);
      expect(huge.json.error.message).toContain('5 MB');
      const broken = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: '{"channel": "mayor",' });
      expect(broken.status).toBe(400);
      expect(broken.json.error.code).toBeTruthy();
      expect(await count()).toBe(before);
    });

    it('a multipart body anywhere but the letter form (415, unread)', async () => {
      const before = await count();
      const boundary = '----yimen415';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'x'.repeat(64 * 1024)}\r\n--${boundary}--\r\n`;
      const post = (url: string, accept = 'application/json') =>
        t.app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept, 'x-forwarded-for': nextIp() }, payload });
      const api = await post('/api/v1/letters');
      expect(api.statusCode).toBe(415);
      expect(api.json().error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('上传文件') });
      const page = await post('/login', 'text/html');
      expect(page.statusCode).toBe(415);
      expect(page.body).toContain('上传文件');
      // the letter form's own buttons (get a code, find similar letters) post the same multipart form
      for (const url of ['/letters/new', '/letters/new/code', '/letters/new/similar']) expect((await post(url, 'text/html')).statusCode, url).not.toBe(415);
      // the letter form takes multipart, but not without a boundary (the parser would fail with a 500)
      const broken = await t.app.inject({ method: 'POST', url: '/letters/new', headers: { 'content-type': 'multipart/form-data', accept: 'text/html', 'x-forwarded-for': nextIp() }, payload: 'x' });
      expect(broken.statusCode).toBe(400);
      expect(broken.body).toContain('表单内容不完整');
      expect(await count()).toBe(before);
    });

    it('a valid attachment is kept, recognised by content', async () => {
      const r = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter({ attachments: [{ filename: '现场.png', data: jpeg }] }) });
      expect(r.status).toBe(201);
      const view = await call('GET', `/api/v1/letters/${r.json.trackingCode}?queryCode=${r.json.queryCode}`);
      expect(view.json.attachments).toEqual([{ id: expect.any(Number), filename: '现场.jpg', contentType: 'image/jpeg', size: 104 }]);
    });
  });

  it('limits letters per phone number (LETTERS_PER_PHONE) with a 429', async () => {
    const citizen = await t.services.accounts.signIn(CITIZEN_PHONE, PASSWORD);
    for (let i = 0; i < 2; i++) await t.services.letters.submit(letter({ phone: CITIZEN_PHONE }), { principal: citizen, source: 'web' });
    const before = await count();
    const code = await codeFor(CITIZEN_PHONE);
    const r = await call('POST', '/api/v1/letters', { body: { ...letter({ phone: CITIZEN_PHONE }), verificationCode: code } });
    expect(r.status, r.body).toBe(429);
    expect(r.json.error.message).toContain('24 小时内最多提交 2 封');
    expect(await count()).toBe(before);
  });

  it('limits submissions per client address with a 429, and keys token callers by token', async () => {
    const ip = '10.200.0.1';
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await call('POST', '/api/v1/letters', { ip, body: { channel: 'mayor' } })).status);
    expect(codes).toEqual([400, 400, 400, 429]);
    const limited = await call('POST', '/api/v1/letters', { ip, body: { channel: 'mayor' } });
    expect(limited.json.error.message).toBeTruthy();
    // an integration behind the same address has its own allowance
    expect((await call('POST', '/api/v1/letters', { ip, token: tokens.hotline, body: letter() })).status).toBe(201);
  });
});

let receipt: { id: number; trackingCode: string; queryCode: string };

describe('staff API and the case from receipt to reply', () => {

  it('needs a staff token with the right scope', async () => {
    expect((await call('GET', '/api/v1/staff/letters')).status).toBe(401);
    expect((await call('GET', '/api/v1/staff/letters', { token: 'ym_notarealtokennotarealtoken' })).status).toBe(401);
    expect((await call('GET', '/api/v1/staff/letters', { token: tokens.editor })).status).toBe(403);
    const list = await call('GET', '/api/v1/staff/letters', { token: tokens.readOnly });
    expect(list.status).toBe(200);
    const theirs = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter({ channel: 'department', departmentId: deptB }) });
    const c = await call('GET', `/api/v1/staff/letters/${theirs.json.id}`, { token: tokens.readOnly });
    expect(c.status).toBe(200);
    const write = await call('POST', `/api/v1/staff/letters/${theirs.json.id}/notes`, { token: tokens.readOnly, body: { note: '只读令牌不能写' } });
    expect(write.status).toBe(403);
  });

  it('dispatches, drafts, reviews and publishes, masked on the public list', async () => {
    const input = letter({ body: '幸福路12号楼3单元的张三反映：路口信号灯故障，电话13812345678，请尽快处理。', isPublic: true });
    const r = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: input });
    receipt = r.json;
    const list = await call('GET', '/api/v1/staff/letters?status=dispatching&limit=100', { token: tokens.hotline });
    expect(list.status).toBe(200);
    const mine = list.json.letters.find((l: { id: number }) => l.id === receipt.id);
    expect(mine).toMatchObject({ status: 'dispatching', version: 1 });

    const assigned = await call('POST', `/api/v1/staff/letters/${receipt.id}/assign`, { token: tokens.hotline, body: { version: 1, lead: deptA, assists: [deptB] } });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ status: 'handling', departmentId: deptA, version: 2 });

    const draft = await call('POST', `/api/v1/staff/letters/${receipt.id}/reply`, { token: tokens['handler-a'], body: { version: 2, body: '经核查，信号灯已于今日修复，感谢您的来信。', submit: true } });
    expect(draft.status).toBe(200);
    expect(draft.json.status).toBe('reviewing');
    const published = await call('POST', `/api/v1/staff/letters/${receipt.id}/review`, { token: tokens['reviewer-a'], body: { version: draft.json.version, approve: true } });
    expect(published.status).toBe(200);
    expect(published.json.status).toBe('replied');

    // public, masked
    const pub = await call('GET', '/api/v1/letters?limit=100');
    const shown = pub.json.letters.find((l: { trackingCode: string }) => l.trackingCode === receipt.trackingCode);
    expect(shown.body).not.toContain('13812345678');
    expect(shown.body).not.toContain('张三');
    expect(shown.replies[0].body).toContain('信号灯已于今日修复');
    expect(shown.writer).not.toBe('张三');

    // searchable, and a full re-index (yimen search reindex) rebuilds the letter's document
    const find = async () => {
      await t.services.search.refresh();
      return t.services.search.search({ q: '信号灯故障', kind: 'letter', limit: 10, offset: 0, noLog: true }).results.map((x) => x.url);
    };
    expect(await find()).toContain(`/letters/${receipt.trackingCode}`);
    await t.db.database.db.transaction((tx) => t.services.search.indexer.remove(tx, [`letter:${receipt.id}`]));
    expect(await find()).not.toContain(`/letters/${receipt.trackingCode}`);
    expect(await t.services.letters.reindex()).toBeGreaterThanOrEqual(1);
    expect(await find()).toContain(`/letters/${receipt.trackingCode}`);
  });

  it('shows a case only to its departments: another department gets 404', async () => {
    expect((await call('GET', `/api/v1/staff/letters/${receipt.id}`, { token: tokens['handler-b'] })).status).toBe(200); // assisting
    const other = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter({ channel: 'department', departmentId: deptA }) });
    const r = await call('GET', `/api/v1/staff/letters/${other.json.id}`, { token: tokens['handler-b'] });
    expect(r.status).toBe(404);
    const note = await call('POST', `/api/v1/staff/letters/${other.json.id}/notes`, { token: tokens['handler-b'], body: { note: '看看' } });
    expect(note.status).toBe(404);
    const list = await call('GET', '/api/v1/staff/letters?limit=100', { token: tokens['handler-b'] });
    expect(list.json.letters.map((l: { id: number }) => l.id)).not.toContain(other.json.id);
    expect((await call('GET', '/api/v1/staff/letters/999999', { token: tokens['handler-a'] })).status).toBe(404);
  });

  it('refuses a stale version with 409 and keeps the first change', async () => {
    const r = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter({ channel: 'department', departmentId: deptA }) });
    const c = await call('GET', `/api/v1/staff/letters/${r.json.id}`, { token: tokens['handler-a'] });
    const v = c.json.version;
    const first = await call('POST', `/api/v1/staff/letters/${r.json.id}/reply`, { token: tokens['handler-a'], body: { version: v, body: '第一稿：已安排人员现场查看。' } });
    expect(first.status).toBe(200);
    expect(first.json.version).toBe(v + 1);
    const stale = await call('POST', `/api/v1/staff/letters/${r.json.id}/reply`, { token: tokens['handler-a'], body: { version: v, body: '第二稿：这一稿不应保存下来。' } });
    expect(stale.status).toBe(409);
    const now = await call('GET', `/api/v1/staff/letters/${r.json.id}`, { token: tokens['handler-a'] });
    expect(now.json.replies[0].body).toContain('第一稿');

    const note = await call('POST', `/api/v1/staff/letters/${r.json.id}/notes`, { token: tokens['handler-a'], body: { note: '已电话联系来信人' } });
    expect(note.status).toBe(200);
    const back = await call('POST', `/api/v1/staff/letters/${r.json.id}/transfer`, { token: tokens['handler-a'], body: { version: now.json.version, reason: '不属于本部门职责，请改派' } });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ status: 'dispatching', departmentId: null });
    const badStatus = await call('GET', '/api/v1/staff/letters?status=lost', { token: tokens.hotline });
    expect(badStatus.status).toBe(400);
  });

  it('answers the public list, statistics and similar letters', async () => {
    const stats = await call('GET', `/api/v1/letters/stats?year=${new Date().getFullYear()}`);
    expect(stats.status).toBe(200);
    expect(stats.json.statistics.some((s: { departmentId: number }) => s.departmentId === deptA)).toBe(true);
    expect((await call('GET', '/api/v1/letters/stats?year=abc')).status).toBe(400);
    const similar = await call('GET', `/api/v1/letters/similar?q=${encodeURIComponent('信号灯')}`);
    expect(similar.status).toBe(200);
    expect(similar.json).toHaveProperty('results');
    expect((await call('GET', '/api/v1/letters?month=2026-13')).status).toBe(400);
    expect((await call('GET', '/api/v1/letters?limit=101')).status).toBe(400);
    expect((await call('GET', `/api/v1/letters?type=complaint&department=${deptA}`)).json.total).toBeGreaterThan(0);
  });
});

describe('Open311 GeoReport v2', () => {
  it('describes itself and its services in JSON and XML', async () => {
    const discovery = await call('GET', '/open311/v2/discovery.json');
    expect(discovery.status).toBe(200);
    expect(discovery.json.endpoints[0]).toMatchObject({ url: 'https://zw.shifan.example/open311/v2', formats: ['application/json', 'text/xml'] });
    const dx = await call('GET', '/open311/v2/discovery.xml');
    expect(dx.headers['content-type']).toContain('text/xml');
    expect(dx.body).toContain('<discovery><changeset>');
    const services = await call('GET', '/open311/v2/services.json');
    expect(services.json.map((s: { service_code: string }) => s.service_code)).toEqual(['consultation', 'complaint', 'suggestion', 'help', 'report']);
    expect(services.json[1]).toMatchObject({ service_name: '投诉', metadata: false, type: 'realtime', group: '来信' });
    const sx = await call('GET', '/open311/v2/services.xml');
    expect(sx.body).toMatch(/<services><service><service_code>consultation<\/service_code><service_name>咨询<\/service_name>/);
    const def = await call('GET', '/open311/v2/services/complaint.json');
    expect(def.json).toEqual({ service_code: 'complaint', attributes: [] });
    const none = await call('GET', '/open311/v2/services/parking.xml');
    expect(none.status).toBe(404);
    expect(none.body).toMatch(/<errors><error><code>404<\/code><description>.+<\/description><\/error><\/errors>/);
    expect((await call('GET', '/open311/v2/services.yaml')).status).toBe(404);
  });

  it('takes a request only with an api_key that may handle letters', async () => {
    const before = await count();
    const form = { service_code: 'complaint', lat: '27.62', long: '113.85', description: '和平路菜市场门口占道经营，早上七点到九点车辆无法通行。', first_name: '五', last_name: '王', phone: nextPhone() };
    const none = await call('POST', '/open311/v2/requests.json', { form });
    expect(none.status).toBe(403);
    expect(none.json).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const noneXml = await call('POST', '/open311/v2/requests.xml', { form: { ...form, api_key: tokens.readOnly } });
    expect(noneXml.status).toBe(403);
    expect(noneXml.body).toContain('<errors><error><code>403</code>');
    expect(await count()).toBe(before);

    const ok = await call('POST', '/open311/v2/requests.json', { form: { ...form, api_key: tokens.hotline } });
    expect(ok.status).toBe(201);
    expect(ok.json).toEqual([{ service_request_id: expect.stringMatching(/^XF/), service_notice: expect.stringContaining('前答复'), account_id: null }]);
    const id = ok.json[0].service_request_id;
    const found = await call('GET', `/api/v1/staff/letters?q=${id}`, { token: tokens.hotline });
    expect(found.json.letters[0]).toMatchObject({ trackingCode: id, channel: 'mayor', type: 'complaint', title: '和平路菜市场门口占道经营，早上七点到九点车辆无法通行。' });
    const detail = await call('GET', `/api/v1/staff/letters/${found.json.letters[0].id}`, { token: tokens.hotline });
    expect(detail.json).toMatchObject({ name: '王五', lat: 27.62, lng: 113.85 });

    const xml = await call('POST', '/open311/v2/requests.xml', { body: { ...form, lat: 27.6, long: 113.8, api_key: tokens.hotline, phone: nextPhone() } });
    expect(xml.status).toBe(201);
    expect(xml.body).toMatch(/<service_requests><request><service_request_id>XF\w+<\/service_request_id><service_notice>.+<\/service_notice><account_id\/><\/request><\/service_requests>/);
    expect(await count()).toBe(before + 2);

    const noPlace = await call('POST', '/open311/v2/requests.json', { form: { ...form, lat: '', long: '', api_key: tokens.hotline } });
    expect(noPlace.status).toBe(400);
    expect(noPlace.json[0].description).toContain('位置');
    const badCode = await call('POST', '/open311/v2/requests.json', { form: { ...form, service_code: 'parking', api_key: tokens.hotline } });
    expect(badCode.status).toBe(400);
    const short = await call('POST', '/open311/v2/requests.xml', { form: { ...form, description: '太短', api_key: tokens.hotline } });
    expect(short.status).toBe(400);
    expect(short.body).toContain('<errors><error><code>400</code><description>内容');
    expect(await count()).toBe(before + 2);
  });

  it('lists published letters as requests, masked and escaped', async () => {
    const r = await call('POST', '/api/v1/letters', {
      token: tokens.hotline,
      body: letter({ type: 'suggestion', title: '建议<b>增设</b>公交站 & 候车亭', body: '和平路口距离最近的公交站太远，电话13987654321，建议增设一个站点。', channel: 'department', departmentId: deptA }),
    });
    const c = await call('GET', `/api/v1/staff/letters/${r.json.id}`, { token: tokens['handler-a'] });
    const d = await call('POST', `/api/v1/staff/letters/${r.json.id}/reply`, { token: tokens['handler-a'], body: { version: c.json.version, body: '已列入明年线网优化计划，感谢建议。', submit: true } });
    expect((await call('POST', `/api/v1/staff/letters/${r.json.id}/review`, { token: tokens['reviewer-a'], body: { version: d.json.version, approve: true } })).status).toBe(200);

    const list = await call('GET', '/open311/v2/requests.json?service_code=suggestion');
    expect(list.status).toBe(200);
    const req = list.json.find((x: { service_request_id: string }) => x.service_request_id === r.json.trackingCode);
    expect(req).toMatchObject({ status: 'closed', service_code: 'suggestion', service_name: '建议', status_notes: '已列入明年线网优化计划，感谢建议。', agency_responsible: expect.any(String) });
    expect(req.description).not.toContain('13987654321');
    expect(list.json.every((x: { service_code: string }) => x.service_code === 'suggestion')).toBe(true);

    const xml = await call('GET', `/open311/v2/requests/${r.json.trackingCode}.xml`);
    expect(xml.status).toBe(200);
    expect(xml.body).toContain('建议&lt;b&gt;增设&lt;/b&gt;公交站 &amp; 候车亭');
    expect(xml.body).not.toContain('<b>');
    const one = await call('GET', `/open311/v2/requests/${r.json.trackingCode}.json`);
    expect(one.json).toHaveLength(1);

    expect((await call('GET', '/open311/v2/requests.json?status=open')).json).toEqual([]);
    expect((await call('GET', '/open311/v2/requests.json?start_date=2999-01-01T00:00:00Z')).json).toEqual([]);
    expect((await call('GET', '/open311/v2/requests.json?start_date=yesterday')).status).toBe(400);
    expect((await call('GET', `/open311/v2/requests.json?service_request_id=${r.json.trackingCode},XF20200101AAAAAA`)).json).toHaveLength(1);

    // not published: not there
    const hidden = await call('POST', '/api/v1/letters', { token: tokens.hotline, body: letter() });
    const missing = await call('GET', `/open311/v2/requests/${hidden.json.trackingCode}.json`);
    expect(missing.status).toBe(404);
    expect(missing.json[0].code).toBe(404);
    expect((await call('GET', '/open311/v2/nothing.json')).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the letter and staff routes', async () => {
    const doc = (await call('GET', '/api/docs')).json;
    for (const path of ['/api/v1/letters', '/api/v1/letters/{trackingCode}', '/api/v1/staff/letters/{id}/reply', '/open311/v2/requests.{format}'])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/api/v1/staff/letters'].get.security).toEqual([{ bearer: [] }]);
  });
});

// Last, because a writer's action that hangs the database would take every later test with it.
describe('the writer rates the reply and reopens the case', () => {
  /** fail in seconds rather than hang: rate and reopen have deadlocked PGlite before */
  const within = <T>(p: Promise<T>, what: string) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within 5 s`)), 5000))]);

  it('rates once, then reopens an unsatisfactory reply once', async () => {
    const rate = (body: Record<string, string>) => within(call('POST', `/api/v1/letters/${receipt.trackingCode}/rating`, { body }), 'rating');
    const bad = await rate({ queryCode: receipt.queryCode, rating: 'great' });
    expect(bad.status).toBe(400);
    const rated = await rate({ queryCode: receipt.queryCode, rating: 'unsatisfied', comment: '还是经常坏' });
    expect(rated.status).toBe(200);
    expect(rated.json).toEqual({ trackingCode: receipt.trackingCode, status: 'closed', rating: 'unsatisfied' });
    const again = await rate({ queryCode: receipt.queryCode, rating: 'satisfied' });
    expect(again.status).toBe(409);
    const reopened = await within(call('POST', `/api/v1/letters/${receipt.trackingCode}/reopen`, { body: { queryCode: receipt.queryCode, reason: '信号灯第二天又坏了' } }), 'reopen');
    expect(reopened.status).toBe(200);
    expect(reopened.json.status).toBe('handling');
  });
});
