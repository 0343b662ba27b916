import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannels } from '../../../test/channels.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';
import { BadRequestError, ConflictError } from '../../lib/errors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let channels: Awaited<ReturnType<typeof startChannels>>;
let dept: string;

beforeAll(async () => {
  channels = await startChannels();
  t = await testApp({ smtpUrl: channels.smtpUrl, smsGatewayUrl: channels.smsGatewayUrl, loginRateLimit: 0 });
  const bundle = buildBundle(0);
  dept = bundle.departments[0]!.slug;
  await t.services.catalog.importBundle(bundle);
});
afterAll(async () => {
  await t.close();
  await channels.close();
});

const deliver = () => t.services.notify.deliverDue(200);
const count = async (table: string) => Number(((await t.db.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n);

/** Sign up through the pages, reading the code from the SMS gateway. */
async function signUp(web: WebClient, phone: string, extra: Record<string, string> = {}) {
  await web.get('/signup');
  await web.post('/signup', { contact: phone });
  expect(web.last.status).toBe(303);
  await deliver();
  const code = channels.lastCode(phone);
  await web.get(web.last.location);
  return web.post('/signup/verify', { contact: phone, code: code ?? '', kind: 'citizen', name: '王小红', password: 'hongxiao2026', ...extra });
}

describe('citizen sign-up, sign-in and reset', () => {
  it('signs up with a code sent by SMS, lands signed in, and the session cookie is HttpOnly and SameSite', async () => {
    const web = new WebClient(t.app);
    await web.get('/signup');
    const before = await count('users');
    const res = await t.app.inject({
      method: 'POST',
      url: '/signup',
      headers: { cookie: `yimen_csrf=${web.cookies.get('yimen_csrf')}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(web.csrf)}&contact=13700000011`,
    });
    expect(res.statusCode).toBe(303);
    await deliver();
    expect(channels.lastCode('13700000011')).toMatch(/^\d{6}$/);
    const done = await signUp(new WebClient(t.app), '13700000012');
    expect(done.status).toBe(303);
    expect(done.location).toBe('/me?done=signup');
    expect(await count('users')).toBe(before + 1);
  });

  it('shows the personal space only to its owner, with the phone masked', async () => {
    const web = new WebClient(t.app);
    await signUp(web, '13700000021');
    const me = await web.get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toContain('王小红');
    expect(me.body).toContain('137****0021');
    expect(me.body).not.toContain('13700000021');
    const stranger = new WebClient(t.app);
    expect((await stranger.get('/me')).status).toBe(303);
    // a tampered session cookie is no session at all
    stranger.cookies.set('yimen_sid', `${web.cookies.get('yimen_sid')}x`);
    expect((await stranger.get('/me')).location).toMatch(/^\/login/);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and a new one on every sign-in', async () => {
    const web = new WebClient(t.app);
    await web.get('/login');
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: `yimen_csrf=${web.cookies.get('yimen_csrf')}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: web.csrf, identifier: '13700000021', password: 'hongxiao2026' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]);
    const sid = cookies.find((c) => c.startsWith('yimen_sid='));
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);
    const a = new WebClient(t.app);
    await a.get('/login');
    await a.post('/login', { identifier: '13700000021', password: 'hongxiao2026' });
    const first = a.cookies.get('yimen_sid');
    await a.get('/login');
    await a.post('/login', { identifier: '13700000021', password: 'hongxiao2026' });
    expect(a.cookies.get('yimen_sid')).not.toBe(first);
    const old = new WebClient(t.app);
    old.cookies.set('yimen_sid', first as string);
    expect((await old.get('/me')).status).toBe(303); // the session before rotation is gone
  });

  it('answers sign-up, sign-in and reset the same way whether an account exists or not', async () => {
    await t.services.accounts.ensureDemoAccounts({ password: 'quietpass2026', staff: [], enterprises: [], citizens: [{ displayName: '周静', phone: '13700000099', note: '' }] });
    const web = new WebClient(t.app);
    await web.get('/signup');
    const existing = await web.post('/signup', { contact: '13700000099' });
    await web.get('/signup');
    const fresh = await web.post('/signup', { contact: '13700000031' });
    expect(existing.status).toBe(fresh.status);
    await deliver();
    // the owner of a registered number is told so, and gets no code
    expect(channels.to('13700000099').at(-1)?.text).toContain('已注册');
    await web.get('/login');
    const wrong = await web.post('/login', { identifier: '13700000099', password: 'wrongpass123' });
    await web.get('/login');
    const nobody = await web.post('/login', { identifier: '13799999999', password: 'wrongpass123' });
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(wrong.body).toContain('账号或密码不正确');
    expect(nobody.body).toContain('账号或密码不正确');
    const sentBefore = channels.sms.length;
    await web.get('/reset');
    const resetUnknown = await web.post('/reset', { contact: '13799999998' });
    expect(resetUnknown.status).toBe(303);
    await deliver();
    expect(channels.sms.length).toBe(sentBefore); // nothing is sent to a number without an account
  });

  it('locks an identifier for a while after five failures, whether it has an account or not', async () => {
    const web = new WebClient(t.app);
    await signUp(web, '13700000041');
    const other = new WebClient(t.app);
    for (let i = 0; i < 5; i++) {
      await other.get('/login');
      await other.post('/login', { identifier: '13700000041', password: `wrongpass${i}9` });
    }
    await other.get('/login');
    const locked = await other.post('/login', { identifier: '13700000041', password: 'hongxiao2026' });
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('暂时锁定');
    for (let i = 0; i < 5; i++) {
      await other.get('/login');
      await other.post('/login', { identifier: 'ghost@example.com', password: `wrongpass${i}9` });
    }
    await other.get('/login');
    expect((await other.post('/login', { identifier: 'ghost@example.com', password: 'x1234567' })).status).toBe(429);
  });

  it('counts every spelling of an account together, and locks out only the address that failed', async () => {
    await signUp(new WebClient(t.app), '13700000062');
    const guesser = new WebClient(t.app, '10.1.0.1');
    // five spellings sign-in accepts for the same number: together five failures, not five each
    for (const spelling of ['137-00000062', '+8613700000062', '0086 137 0000 0062', '137 0000 0062', '13700000062']) {
      await guesser.get('/login');
      expect((await guesser.post('/login', { identifier: spelling, password: 'wrongpass19' })).status).toBe(401);
    }
    await guesser.get('/login');
    expect((await guesser.post('/login', { identifier: '+86 137-0000-0062', password: 'hongxiao2026' })).status).toBe(429);
    // the owner, elsewhere, is not shut out by someone else's guesses
    const owner = new WebClient(t.app, '10.1.0.2');
    await owner.get('/login');
    expect((await owner.post('/login', { identifier: '13700000062', password: 'hongxiao2026' })).status).toBe(303);
    // an e-mail address in capitals is the same identifier, whether an account has it or not
    for (const spelling of ['NOBODY52@EXAMPLE.COM', 'Nobody52@Example.com', ' nobody52@example.com', 'NoBody52@example.COM', 'nobody52@EXAMPLE.com']) {
      await guesser.get('/login');
      expect((await guesser.post('/login', { identifier: spelling, password: 'wrongpass19' })).status).toBe(401);
    }
    await guesser.get('/login');
    expect((await guesser.post('/login', { identifier: 'nobody52@example.com', password: 'wrongpass19' })).status).toBe(429);
  });

  it('slows a staff account under attack from many addresses down rather than locking its owner out', async () => {
    await t.services.accounts.staff.createStaff({ username: 'lock-clerk', displayName: '锁定测试', role: 'editor', department: dept, password: 'lockclerk2026' });
    const token = (username: string, password: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password }, remoteAddress });
    // five failures from one address (any capitalisation of the name) lock that address out of the account
    for (let i = 0; i < 5; i++) expect((await token(i % 2 ? 'LOCK-CLERK' : 'lock-clerk', `wrongpass${i}9`, '10.2.0.1')).statusCode).toBe(401);
    expect((await token('lock-clerk', 'lockclerk2026', '10.2.0.1')).statusCode).toBe(429);
    // the same through the back-office form, which shares the count
    const form = new WebClient(t.app, '10.2.0.1');
    await form.get('/admin/login');
    expect((await form.post('/admin/login', { username: 'Lock-Clerk', password: 'lockclerk2026' })).status).toBe(429);
    // anyone else, the owner included, still signs in
    expect((await token('lock-clerk', 'lockclerk2026', '10.2.0.2')).statusCode).toBe(201);
    // twenty failures from twenty addresses: every address is down to one attempt in 15 minutes …
    for (let i = 0; i < 20; i++) expect((await token('lock-clerk', 'wrongpass19', `10.3.0.${i + 1}`)).statusCode).toBe(401);
    const slowed = await token('lock-clerk', 'wrongpass29', '10.3.0.1');
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().error.message).toContain('每 15 分钟只能尝试一次');
    // … but an address with no failure still gets its attempt, and the right password lets the owner in
    expect((await token('lock-clerk', 'lockclerk2026', '10.4.0.1')).statusCode).toBe(201);
    // which ends the slow-down for the account
    expect((await token('lock-clerk', 'wrongpass39', '10.3.0.2')).statusCode).toBe(401);
  });

  it('resets a forgotten password with an e-mailed code and signs the old sessions out', async () => {
    const web = new WebClient(t.app);
    await web.get('/signup');
    await web.post('/signup', { contact: 'reset.me@example.com' });
    await deliver();
    await web.get(web.last.location || '/signup');
    await web.post('/signup/verify', { contact: 'reset.me@example.com', code: channels.lastCode('reset.me@example.com') ?? '', kind: 'citizen', name: '赵重置', password: 'firstpass2026' });
    expect((await web.get('/me')).status).toBe(200);
    const other = new WebClient(t.app);
    await other.get('/reset');
    await other.post('/reset', { contact: 'reset.me@example.com' });
    await deliver();
    const code = channels.lastCode('reset.me@example.com') as string;
    await other.get(other.last.location);
    const bad = await other.post('/reset/verify', { contact: 'reset.me@example.com', code: code === '000000' ? '111111' : '000000', password: 'secondpass2026' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('验证码不正确');
    const ok = await other.post('/reset/verify', { contact: 'reset.me@example.com', code, password: 'secondpass2026' });
    expect(ok.location).toBe('/login?done=reset');
    expect((await web.get('/me')).status).toBe(303); // signed out everywhere
    await other.get('/login');
    expect((await other.post('/login', { identifier: 'RESET.ME@example.com', password: 'secondpass2026' })).status).toBe(303);
  });

  it('signs in with a one-time code instead of a password', async () => {
    const web = new WebClient(t.app);
    await web.get('/login/code');
    await web.post('/login/code', { contact: '13700000021' });
    await deliver();
    await web.get(web.last.location);
    const res = await web.post('/login/code/verify', { contact: '13700000021', code: channels.lastCode('13700000021') ?? '', next: '/me/messages' });
    expect(res.location).toBe('/me/messages');
  });
});

describe('bad input changes nothing', () => {
  it('refuses a malformed phone, a wrong credit code, an ID number with a bad check digit and over-long names', async () => {
    const before = await count('users');
    const web = new WebClient(t.app);
    await web.get('/signup');
    const badPhone = await web.post('/signup', { contact: '1234' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body).toContain('请填写正确的手机号码');
    const badCredit = await signUp(new WebClient(t.app), '13700000051', { kind: 'enterprise', enterpriseName: '示范市测试科技有限公司', creditCode: '91330106MA2KQ3L7XK' });
    expect(badCredit.status).toBe(400);
    expect(badCredit.body).toContain('统一社会信用代码不正确');
    const longName = await signUp(new WebClient(t.app), '13700000052', { name: '名'.repeat(41) });
    expect(longName.status).toBe(400);
    expect(await count('users')).toBe(before);
    const me = new WebClient(t.app);
    await signUp(me, '13700000053');
    await me.get('/me/settings');
    const badId = await me.post('/me/settings/profile', { displayName: '王小红', idNumber: '330106199003070023' });
    expect(badId.status).toBe(400);
    expect(badId.body).toContain('身份证号码不正确');
    await me.get('/me/settings');
    expect((await me.post('/me/settings/profile', { displayName: '王小红', idNumber: '330106199003070022' })).status).toBe(303);
    const page = await me.get('/me');
    expect(page.body).toContain('3301**********0022');
    expect(page.body).not.toContain('330106199003070022');
    const rows = (await t.db.database.db.execute(sql`select * from users where phone = '13700000053'`)) as unknown as { rows: unknown[] };
    expect(JSON.stringify(rows.rows)).not.toContain('330106199003070022');
  });

  it('refuses a form without its CSRF token, or with another browser’s, and changes nothing', async () => {
    const web = new WebClient(t.app);
    await signUp(web, '13700000061');
    await web.get('/me/settings');
    const missing = await web.post('/me/settings/profile', { _csrf: '', displayName: '被篡改' });
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('页面已过期');
    const other = new WebClient(t.app);
    await other.get('/login');
    const foreign = await web.post('/me/settings/profile', { _csrf: other.csrf, displayName: '被篡改' });
    expect(foreign.status).toBe(403);
    expect((await web.get('/me')).body).not.toContain('被篡改');
  });
});

describe('enterprises', () => {
  it('registers an enterprise with its credit code, and its administrator adds a member who sets a password by reset', async () => {
    const owner = new WebClient(t.app);
    const res = await signUp(owner, '13700000071', { kind: 'enterprise', enterpriseName: '示范市青禾餐饮管理有限公司', creditCode: '91330106ma2kq3l7xj' });
    expect(res.status).toBe(303);
    const page = await owner.get('/me/enterprise');
    expect(page.body).toContain('91330106MA2KQ3L7XJ');
    await owner.post('/me/enterprise/members', { name: '钱经办', contact: '13700000072' });
    expect(owner.last.location).toBe('/me/enterprise?done=member');
    await deliver();
    expect(channels.to('13700000072').at(-1)?.text).toContain('经办人');
    const again = await signUp(new WebClient(t.app), '13700000073', { kind: 'enterprise', enterpriseName: '另一家', creditCode: '91330106MA2KQ3L7XJ' });
    expect(again.status).toBe(409);
    const member = new WebClient(t.app);
    await member.get('/reset');
    await member.post('/reset', { contact: '13700000072' });
    await deliver();
    await member.get(member.last.location);
    await member.post('/reset/verify', { contact: '13700000072', code: channels.lastCode('13700000072') ?? '', password: 'memberpass2026' });
    await member.get('/login');
    expect((await member.post('/login', { identifier: '13700000072', password: 'memberpass2026' })).status).toBe(303);
    // a member cannot add people
    await member.get('/me/enterprise');
    expect((await member.post('/me/enterprise/members', { name: '孙某', contact: '13700000074' })).status).toBe(404);
  });
});

describe('staff accounts and API tokens', () => {
  it('creates staff with argon2id hashes and refuses bad input with clear messages', async () => {
    const staff = t.services.accounts.staff;
    const u = await staff.createStaff({ username: 'handler1', displayName: '李办理', role: 'handler', department: dept, password: 'correct horse 1' });
    expect(u.role).toBe('handler');
    const rows = (await t.db.database.db.execute(sql`select password_hash from users where username = 'handler1'`)) as unknown as { rows: { password_hash: string }[] };
    expect(rows.rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    const base = { username: 'x-user', displayName: '张三', role: 'editor', department: dept, password: 'long enough 1' };
    await expect(staff.createStaff({ ...base, username: 'a b' })).rejects.toBeInstanceOf(BadRequestError);
    await expect(staff.createStaff({ ...base, role: 'king' })).rejects.toThrow(/角色不正确/);
    await expect(staff.createStaff({ ...base, password: 'short' })).rejects.toThrow(/8 到 200 位/);
    await expect(staff.createStaff({ ...base, department: 'nope' })).rejects.toThrow(/不存在/);
    await expect(staff.createStaff({ ...base, department: undefined })).rejects.toThrow(/必须指定所属部门/);
    await staff.createStaff({ ...base, username: 'admin1', role: 'admin', department: undefined });
    await expect(staff.createStaff({ ...base, username: 'ADMIN1', role: 'admin', department: undefined })).rejects.toBeInstanceOf(ConflictError);
  });

  it('exchanges a username and password for a bearer token, narrowed to the role, and revokes it', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'handler1', password: 'nope nope 1' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('invalid_credentials');
    const tooMuch = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'handler1', password: 'correct horse 1', scopes: ['catalog:write'] } });
    expect(tooMuch.statusCode).toBe(400);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'handler1', password: 'correct horse 1' } });
    expect(res.statusCode).toBe(201);
    const { token, scopes } = res.json() as { token: string; scopes: string[] };
    expect(scopes).not.toContain('catalog:write');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ username: 'handler1', role: 'handler' });
    expect((await t.app.inject({ url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}x` } })).statusCode).toBe(401);
    const p = await t.services.accounts.signInStaff('handler1', 'correct horse 1');
    const listed = await t.services.accounts.sessions.listTokens(p);
    await t.services.accounts.revokeToken(p, listed[0]!.id);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });
});
