/**
 * Letters end to end over HTTP, on PGlite or PostgreSQL: intake with a phone code, automatic
 * dispatch by rules, the dispatcher desk, handling with a reviewed reply, rating and reopening,
 * deadlines across holidays, supervision, masking on the public page, department isolation,
 * conflicts between concurrent handlers, and bad input.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { startChannels } from '../../../test/channels.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { WebClient, staffWeb as staffWebClient } from '../../../test/web.js';
import { cookieHeader } from '../../../test/cookies.js';

let t: Awaited<ReturnType<typeof testApp>>;
let channels: Awaited<ReturnType<typeof startChannels>>;
const PASSWORD = 'letters2026ok';
let deptA: { id: number; slug: string; name: string };
let deptB: { id: number; slug: string; name: string };
let dispatcher: Principal;
let handlerA: Principal;
let handlerB: Principal;

beforeAll(async () => {
  channels = await startChannels();
  t = await testApp({ smtpUrl: channels.smtpUrl, smsGatewayUrl: channels.smsGatewayUrl, loginRateLimit: 0, letterRateLimit: 0, lettersPerPhone: 3 });
  const bundle = buildBundle(0);
  bundle.departments.push({ ...bundle.departments[0]!, slug: `${bundle.departments[0]!.slug}-b`, name: '示范市城市管理和综合执法局', shortName: '市城管局' });
  await t.services.catalog.importBundle(bundle);
  const depts = await t.services.catalog.listDepartments();
  const pick = (slug: string) => {
    const d = depts.find((x) => x.slug === slug)!;
    return { id: d.id, slug: d.slug, name: d.name };
  };
  deptA = pick(bundle.departments[0]!.slug);
  deptB = pick(`${bundle.departments[0]!.slug}-b`);
  const staff = [
    ['dispatcher', 'dispatcher', undefined],
    ['handler-a', 'handler', deptA.slug],
    ['reviewer-a', 'reviewer', deptA.slug],
    ['handler-b', 'handler', deptB.slug],
    ['root', 'admin', undefined],
  ] as const;
  for (const [username, role, department] of staff)
    await t.services.accounts.staff.createStaff({ username, displayName: username, role, department, password: PASSWORD });
  dispatcher = await t.services.accounts.signInStaff('dispatcher', PASSWORD);
  handlerA = await t.services.accounts.signInStaff('handler-a', PASSWORD);
  handlerB = await t.services.accounts.signInStaff('handler-b', PASSWORD);
  const root = await t.services.accounts.signInStaff('root', PASSWORD);
  await t.services.letters.addRule(root, { name: '噪音', keywords: ['噪音', '施工'], departmentId: deptB.id, priority: 10 });
});
afterAll(async () => {
  await t.close();
  await channels.close();
});

const deliver = () => t.services.notify.deliverDue(200);
const count = async (table: string) => Number(((await t.db.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n);

const staffWeb = (username: string) => staffWebClient(t.app, username, PASSWORD);

/** A citizen writes through the form: the code button, then the letter; returns the receipt page's codes. */
async function writeLetter(phone: string, form: Record<string, string>) {
  const web = new WebClient(t.app);
  await web.get('/letters/new?channel=mayor');
  const formKey = /name="formKey" value="([^"]+)"/.exec(web.last.body)![1]!;
  const fields = { channel: 'mayor', type: 'complaint', name: '李建国', phone, formKey, ...form };
  await web.post('/letters/new/code', fields);
  expect(web.last.status).toBe(200);
  expect(web.last.body).toContain('验证码已发送');
  await deliver();
  const code = channels.lastCode(phone)!;
  await web.post('/letters/new', { ...fields, code });
  expect(web.last.status, web.last.body.slice(0, 3000)).toBe(303);
  await web.get(web.last.location);
  const trackingCode = /<strong class="code">(XF\w+)<\/strong>/.exec(web.last.body)![1]!;
  const queryCode = /<strong class="code">(\d{6})<\/strong>/.exec(web.last.body)![1]!;
  return { web, trackingCode, queryCode, formKey, fields, code };
}

const letterByCode = async (code: string) => {
  const { letters } = await t.services.letters.list(dispatcher, { q: code, limit: 5, offset: 0 });
  return letters[0]!;
};

describe('the loop: write → dispatch → handle → review → reply → rate', () => {
  it('dispatches a noise complaint by rule, and a double submit of the form makes one letter', async () => {
    const before = await count('letters');
    const { web, trackingCode, queryCode, fields, code } = await writeLetter('13912340001', {
      title: '小区旁工地夜间施工噪音扰民',
      body: '东湖区朝阳街道幸福社区旁的工地连续一周夜里十二点后还在施工，噪音很大，老人孩子都睡不好，请有关部门管一管。',
      isPublic: '1',
    });
    expect(await count('letters')).toBe(before + 1);
    // the same form posted again (a double click): the same letter, not a second one
    await web.post('/letters/new', { ...fields, code });
    expect(web.last.status).toBe(303);
    expect(web.last.location).toContain(trackingCode);
    expect(web.last.location).toContain('again=1');
    expect(await count('letters')).toBe(before + 1);

    const letter = await letterByCode(trackingCode);
    expect(letter.status).toBe('handling');
    expect(letter.departmentId).toBe(deptB.id);
    // the receipt went to the phone, with both codes
    await deliver();
    expect(channels.sms.at(-1)?.text).toContain(queryCode);
  });

  it('a letter no rule places waits at the dispatcher desk; the dispatcher assigns lead and assisting departments', async () => {
    const { trackingCode, queryCode } = await writeLetter('13912340002', {
      type: 'consultation',
      title: '新生儿办理户口需要什么材料',
      body: '孩子上个月出生，父母户口都在示范市，请问给孩子上户口需要带哪些材料，去哪里办理？谢谢。',
      isPublic: '1',
    });
    const letter = await letterByCode(trackingCode);
    expect(letter.status).toBe('dispatching');
    const desk = await staffWeb('dispatcher');
    await desk.get('/admin/letters');
    expect(desk.last.body).toContain(trackingCode);
    await desk.get(`/admin/letters/${letter.id}`);
    await desk.post(`/admin/letters/${letter.id}/assign`, { version: String(letter.version), lead: String(deptA.id), assists: [String(deptB.id)], note: '请公安局主办' });
    expect(desk.last.status, desk.last.body.slice(0, 2000)).toBe(303);

    // the assisting department sees it and may add its opinion, but cannot reply
    const b = await staffWeb('handler-b');
    await b.get(`/admin/letters/${letter.id}`);
    expect(b.last.status).toBe(200);
    await b.post(`/admin/letters/${letter.id}/note`, { note: '协办意见：户籍窗口周六上午也可办理。' });
    expect(b.last.status).toBe(303);

    // the lead handler drafts and submits; the reviewer cannot be the author
    const a = await staffWeb('handler-a');
    await a.get(`/admin/letters/${letter.id}`);
    const v = () => /name="version" value="(\d+)"/.exec(a.last.body)![1]!;
    await a.post(`/admin/letters/${letter.id}/reply`, { version: v(), body: '您好！新生儿申报户口，请携带出生医学证明、父母双方居民户口簿和身份证、结婚证，到父亲或母亲户籍所在地派出所户籍窗口办理，当场办结。', submit: '1' });
    expect(a.last.status, a.last.body.slice(0, 2000)).toBe(303);
    const r = await staffWeb('reviewer-a');
    await r.get(`/admin/letters/${letter.id}`);
    expect(r.last.body).toContain('审核通过并发布');
    await r.post(`/admin/letters/${letter.id}/review`, { version: /name="version" value="(\d+)"/.exec(r.last.body)![1]!, approve: '1' });
    expect(r.last.status, r.last.body.slice(0, 2000)).toBe(303);

    // the writer is told, sees the reply with both codes, and rates it
    await deliver();
    expect(channels.sms.at(-1)?.text).toContain('已有答复');
    const citizen = new WebClient(t.app);
    await citizen.get('/letters/track');
    await citizen.post('/letters/track', { code: trackingCode, queryCode });
    expect(citizen.last.body).toContain('出生医学证明');
    await citizen.post('/letters/track/rate', { code: trackingCode, queryCode, rating: 'unsatisfied', comment: '没说清楚能不能网上办' });
    expect(citizen.last.body).toContain('感谢您的评价');
    // an unsatisfactory reply may be reopened once: back to the department with its history
    await citizen.post('/letters/track/reopen', { code: trackingCode, queryCode, reason: '想知道能不能在网上办理，不用跑窗口。' });
    expect(citizen.last.body).toContain('已退回承办部门重新办理');
    const reopened = await letterByCode(trackingCode);
    expect(reopened.status).toBe('handling');
    expect(reopened.reopenCount).toBe(1);
    const view = await t.services.letters.getForStaff(handlerA, reopened.id);
    expect(view.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['received', 'assigned', 'opinion', 'reply_submitted', 'replied', 'rated', 'reopened']));

    // the public page shows the published letter and reply, masked
    const page = await new WebClient(t.app).get(`/letters/${trackingCode}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('李*国');
    expect(page.body).not.toContain('李建国');
    // the statistics count it: received, replied, on time, in working days
    const year = Number(t.services.letters.calendar.localDate(new Date()).slice(0, 4));
    const stats = (await t.services.letters.statistics(year)).filter((r) => r.departmentId === deptA.id);
    expect(stats.reduce((n, r) => n + r.replied, 0)).toBe(1);
    expect(stats.reduce((n, r) => n + r.received, 0)).toBe(1);
    expect(stats[0]!.onTimeRate).toBe(1);
    expect((await new WebClient(t.app).get(`/letters/stats?year=${year}`)).body).toContain(deptA.name);
    expect((await new WebClient(t.app).get(`/letters/stats/monthly.svg?year=${year}`)).body).toContain('<svg');
    // every state change is in the audit log
    const audit = await t.services.audit.search({ entity: 'letter', entityId: trackingCode, limit: 50, offset: 0 });
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['letter.received', 'letter.assigned', 'letter.reply_submitted', 'letter.replied', 'letter.rated', 'letter.reopened']));
  });
});

describe('intake', () => {
  it('answers with the letter exactly as the database holds it', async () => {
    const { createIntake } = await import('./intake.js');
    const repo = await import('./repo.js');
    const intake = createIntake(t.db.database, { accounts: t.services.accounts, notify: t.services.notify, formatDue: (d) => d.toISOString(), localDate: (d) => d.toISOString().slice(0, 10) });
    const receivedAt = new Date();
    const written = await intake.write({
      row: { channel: 'mayor', type: 'suggestion', title: '建议增设公交站点', body: '小区入住人数多，最近的公交站要走二十分钟，建议增设站点。', status: 'dispatching', receivedAt, dispatchDueAt: receivedAt, dueAt: receivedAt },
      lead: null,
      attachments: [],
      actor: { id: 'writer', name: '写信人' },
    });
    expect(written.created).toBe(true);
    expect(written.letter).toEqual(await repo.findById(t.db.database.db, written.letter.id));
  });
});

describe('department isolation and concurrent handlers', () => {
  it('a handler of another department gets "not found" for the case, its attachments and its actions', async () => {
    const { trackingCode } = await writeLetter('13912340003', { title: '工地施工噪音第二次反映', body: '上次反映的工地夜间施工噪音问题仍然存在，希望尽快处理，谢谢。' });
    const letter = await letterByCode(trackingCode);
    expect(letter.departmentId).toBe(deptB.id);
    await expect(t.services.letters.getForStaff(handlerA, letter.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.services.letters.saveReply(handlerA, letter.id, { version: letter.version, body: '这不是我们部门的来信，但我们想答复。' })).rejects.toBeInstanceOf(NotFoundError);
    const a = await staffWeb('handler-a');
    await a.get(`/admin/letters/${letter.id}`);
    expect(a.last.status).toBe(404);
    const list = await t.services.letters.list(handlerA, { limit: 100, offset: 0 });
    expect(list.letters.map((l) => l.id)).not.toContain(letter.id);
  });

  it('reports a conflict instead of overwriting when two handlers act on the same version', async () => {
    const { trackingCode } = await writeLetter('13912340004', { title: '夜间施工噪音又开始了', body: '幸福社区旁的工地今晚又在施工，噪音很大，请尽快处理。' });
    const letter = await letterByCode(trackingCode);
    await t.services.letters.saveReply(handlerB, letter.id, { version: letter.version, body: '您好，执法人员已到现场责令停止夜间施工。' });
    await expect(t.services.letters.saveReply(handlerB, letter.id, { version: letter.version, body: '另一位同事的草稿，基于旧版本。' })).rejects.toBeInstanceOf(ConflictError);
    const view = await t.services.letters.getForStaff(handlerB, letter.id);
    expect(view.replies.at(-1)?.body).toContain('责令停止');
  });
});

describe('keys, merges and the four-eyes rule', () => {
  it('an Idempotency-Key belongs to its sender: another sender gets their own letter, and a reused key with another letter is refused', async () => {
    const root = await t.services.accounts.signInStaff('root', PASSWORD);
    const letter = { channel: 'mayor', type: 'suggestion', title: '建议增设公交站点', body: '附近小区入住人数多，建议增设公交站点。', name: '钱一', phone: '13912340101' };
    const first = await t.services.letters.submit(letter, { principal: root, idempotencyKey: 'same-key', source: 'api' });
    const again = await t.services.letters.submit(letter, { principal: root, idempotencyKey: 'same-key', source: 'api' });
    expect(again.trackingCode).toBe(first.trackingCode);
    expect(again.created).toBe(false);
    // the same key from another caller is not the first caller's letter (and never its query code)
    const other = await t.services.letters.submit({ ...letter, name: '孙二' }, { principal: dispatcher, idempotencyKey: 'same-key', source: 'api' });
    expect(other.trackingCode).not.toBe(first.trackingCode);
    expect(other.queryCode === first.queryCode && other.trackingCode === first.trackingCode).toBe(false);
    await expect(t.services.letters.submit({ ...letter, body: '完全不同的另一封来信内容。' }, { principal: root, idempotencyKey: 'same-key', source: 'api' })).rejects.toMatchObject({ status: 422 });
  });

  it('never merges a letter with a confidential report, and nobody publishes their own reply', async () => {
    const root = await t.services.accounts.signInStaff('root', PASSWORD);
    const open = await t.services.letters.submit(
      { channel: 'mayor', type: 'complaint', title: '窗口工作人员态度差', body: '在办事窗口被多次推诿，要求反复提交材料。', name: '周三', phone: '13912340102' },
      { principal: root, source: 'api' },
    );
    const report = await t.services.letters.submit(
      { channel: 'discipline', type: 'report', title: '反映科长收受红包', body: '某科长在办理业务时收受红包，请调查。', anonymous: true },
      { principal: root, source: 'api' },
    );
    const letter = await letterByCode(open.trackingCode);
    await expect(t.services.letters.merge(dispatcher, letter.id, { version: letter.version, into: report.trackingCode })).rejects.toMatchObject({ status: 400 });
    await t.services.letters.assign(dispatcher, letter.id, { version: letter.version, lead: deptA.id });
    const assigned = await letterByCode(open.trackingCode);
    await t.services.letters.saveReply(root, letter.id, { version: assigned.version, body: '您好，已约谈窗口负责人并整改。', submit: true });
    const reviewing = await letterByCode(open.trackingCode);
    await expect(t.services.letters.review(root, letter.id, { version: reviewing.version, approve: true })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('reassignment', () => {
  it('a case moved to another department leaves the old department\'s draft behind', async () => {
    const root = await t.services.accounts.signInStaff('root', PASSWORD);
    const r = await t.services.letters.submit(
      { channel: 'mayor', type: 'help', title: '路灯坏了一个月没人修', body: '幸福路北段路灯坏了一个月，晚上很黑，请尽快修复。', name: '吴四', phone: '13912340103' },
      { principal: root, source: 'api' },
    );
    let letter = await letterByCode(r.trackingCode);
    await t.services.letters.assign(dispatcher, letter.id, { version: letter.version, lead: deptA.id });
    letter = await letterByCode(r.trackingCode);
    await t.services.letters.saveReply(handlerA, letter.id, { version: letter.version, body: '您好，我局正在联系路灯维护单位。' });
    letter = await letterByCode(r.trackingCode);
    await t.services.letters.assign(dispatcher, letter.id, { version: letter.version, lead: deptB.id });
    const view = await t.services.letters.getForStaff(handlerB, letter.id);
    expect(view.replies.map((x) => x.status)).toEqual(['superseded']);
    letter = await letterByCode(r.trackingCode);
    await t.services.letters.saveReply(handlerB, letter.id, { version: letter.version, body: '您好，城管局已安排维修，三日内修复。' });
    expect((await t.services.letters.getForStaff(handlerB, letter.id)).replies.map((x) => x.status)).toEqual(['superseded', 'draft']);
  });
});

describe('deadlines in working days', () => {
  it('puts a case past its deadline under supervision once, and reminds before it', async () => {
    const { trackingCode } = await writeLetter('13912340005', { type: 'consultation', title: '施工噪音投诉多久答复', body: '请问投诉夜间施工噪音多久能答复？我上周反映过还没消息。' });
    const letter = await letterByCode(trackingCode);
    const calendar = t.services.letters.calendar;
    // the day before the deadline: a reminder, once
    const dayBefore = new Date(letter.dueAt.getTime() - 86_400_000 * 1.5);
    const first = await t.services.letters.runDeadlines(dayBefore);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect((await t.services.letters.runDeadlines(dayBefore)).reminded).toBe(0);
    // after the deadline: supervision, once, flagged in the list
    const after = new Date(letter.dueAt.getTime() + 60_000);
    expect((await t.services.letters.runDeadlines(after)).supervised).toBeGreaterThanOrEqual(1);
    expect((await t.services.letters.runDeadlines(after)).supervised).toBe(0);
    const supervised = await letterByCode(trackingCode);
    expect(supervised.supervised).toBe(true);
    // the consultation deadline is three working days after receipt
    expect(supervised.dueAt.getTime()).toBe(calendar.addWorkingDays(supervised.receivedAt, 3).getTime());
    const b = await staffWeb('handler-b');
    await b.get('/admin/letters?status=open&overdue=0');
    expect(b.last.body).toContain('督办');
  });

  it('an approved extension moves the deadline by working days, across the National Day holiday', async () => {
    const calendar = t.services.letters.calendar;
    const due = calendar.addWorkingDays(new Date('2026-09-29T02:00:00Z'), 3);
    expect(calendar.localDate(due)).toBe('2026-10-09');
  });
});

describe('bad input', () => {
  it('refuses bad letters with clear messages and stores nothing', async () => {
    const before = await count('letters');
    const web = new WebClient(t.app);
    await web.get('/letters/new');
    const base = { channel: 'mayor', type: 'complaint', title: '标题正常的来信', body: '正文内容足够长，描述了具体问题。', name: '王五', phone: '13912349999', code: '123456' };
    for (const [change, message] of [
      [{ channel: 'nope' }, '请选择信箱'],
      [{ phone: '12345' }, '11 位手机号码'],
      [{ title: '' }, '标题'],
      [{ anonymous: '1', name: '' }, '只有纪委监委信箱和监察举报可以匿名'],
      [{ type: 'report', channel: 'consultation' }, '不受理这一类型'],
      [{ code: '000000' }, '验证码不正确'],
    ] as const) {
      await web.post('/letters/new', { ...base, ...change });
      expect(web.last.status, JSON.stringify(change)).toBe(400);
      expect(web.last.body).toContain(message);
    }
    // script in a field is text, never markup
    await web.post('/letters/new', { ...base, title: '<script>alert(1)</script>', code: '' });
    expect(web.last.body).not.toContain('<script>alert(1)</script>');
    expect(web.last.body).toContain('&lt;script&gt;');
    expect(await count('letters')).toBe(before);
  });

  it('refuses a program renamed to .jpg, by its content', async () => {
    const before = await count('letters');
    const boundary = '----yimen';
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const web = new WebClient(t.app);
    await web.get('/letters/new');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const payload = Buffer.concat([
      Buffer.from(
        part('_csrf', web.csrf) +
          part('channel', 'mayor') +
          part('type', 'complaint') +
          part('title', '附件测试来信标题') +
          part('body', '附件测试来信正文，内容足够长。') +
          part('name', '王五') +
          part('phone', '13912348888') +
          `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      exe,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/letters/new',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: cookieHeader(web.cookies) },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('不是图片');
    expect(await count('letters')).toBe(before);
  });

  it('limits letters per phone number, and a signed-in citizen needs no code for their own phone', async () => {
    const phone = '13912340009';
    await t.services.accounts.ensureDemoAccounts({ password: PASSWORD, staff: [], citizens: [{ displayName: '赵小红', phone, note: '' }], enterprises: [] });
    const web = new WebClient(t.app);
    await web.get('/login');
    await web.post('/login', { identifier: phone, password: PASSWORD });
    expect(web.last.location).toBe('/me');
    // the phone is left empty: the account's proven phone is used, with no code
    const letter = (n: number) => ({ channel: 'mayor', type: 'complaint', title: `第${n}次反映施工噪音`, body: '工地夜间施工噪音仍然扰民，请处理。', name: '赵小红', phone: '' });
    for (let i = 1; i <= 3; i++) {
      await web.get('/letters/new');
      expect(web.last.body).toContain('139****0009');
      expect(web.last.body).not.toContain(phone);
      await web.post('/letters/new', { ...letter(i), formKey: /name="formKey" value="([^"]+)"/.exec(web.last.body)![1]! });
      expect(web.last.status, web.last.body.slice(0, 2000)).toBe(303);
    }
    await web.get('/letters/new');
    await web.post('/letters/new', { ...letter(4), formKey: /name="formKey" value="([^"]+)"/.exec(web.last.body)![1]! });
    expect(web.last.status).toBe(429);
    expect(web.last.body).toContain('最多提交 3 封');
    // the letters are the account's: its message box has the receipts
    const me = await t.services.accounts.signIn(phone, PASSWORD);
    await deliver();
    const inbox = await t.services.notify.inbox(me.userId, 20, 0);
    expect(inbox.rows.filter((m) => m.title.startsWith('来信已收到')).length).toBe(3);
  });

  it('wrong codes on the tracking page say so, and a public letter that is not public is not found', async () => {
    const web = new WebClient(t.app);
    await web.get('/letters/track');
    await web.post('/letters/track', { code: 'XF20261122ABCDEF', queryCode: '000000' });
    expect(web.last.status).toBe(404);
    expect(web.last.body).toContain('信件编号或查询码不正确');
    expect((await web.get('/letters/XF20261122ABCDEF')).status).toBe(404);
    expect((await web.get('/letters/%3Cscript%3E')).status).toBe(404);
    expect((await web.get('/letters?month=2026-13&department=abc&type=%3Cx%3E')).status).toBe(200);
  });
});
