/**
 * The personal space and proactive push over HTTP: a citizen marks steps done and sees their
 * progress; marking 出生登记 done reminds them (once) of what comes next, through the outbox to
 * the channels they chose; reminders with a delay wait until due; a citizen can stop them;
 * subscriptions, history and recommendations; nobody sees anybody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../lib/principal.js';
import { demoApp } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';

let t: Awaited<ReturnType<typeof demoApp>>;
const PASSWORD = 'Shifan2026demo';
const CITIZEN = '13800000001';
const OTHER = '13600000009';
const BIRTH_REGISTRATION = '11360108MB000208003000';
const BIRTH_CERTIFICATE = '11360121MB000821002000';
const GRADUATE_REPORT = '11360112MB000812017000';
const MARRIAGE = 'marriage-then-household';

beforeAll(async () => {
  // the whole demo, as seeding it here made (seedDemo builds the services it is not given)
  t = await demoApp({ loginRateLimit: 0 });
  await t.services.accounts.ensureDemoAccounts({
    password: PASSWORD,
    staff: [],
    citizens: [{ displayName: '王二', phone: OTHER, note: '' }],
    enterprises: [],
  });
}, 120_000);
afterAll(() => t.close());

const principal = (phone: string) => t.services.accounts.signIn(phone, PASSWORD);

async function signedIn(phone: string) {
  const web = new WebClient(t.app);
  await web.get('/login');
  await web.post('/login', { identifier: phone, password: PASSWORD });
  expect(web.last.location).toBe('/me');
  return web;
}

/** The outbox rows of journey reminders for an account (inbox channel), as the worker would deliver them. */
async function remindersIn(p: Principal) {
  await t.services.notify.deliverDue(200);
  const inbox = await t.services.notify.inbox(p.userId, 100, 0);
  return inbox.rows.filter((m) => m.title.startsWith('办事提醒'));
}

describe('progress through a journey', () => {
  it('marks a step done, shows the progress, and undoes it', async () => {
    const web = await signedIn(CITIZEN);
    const page = await web.get('/journeys/buy-new-flat');
    expect(page.body).toContain('已完成 0 / 8 步');
    const res = await web.post('/journeys/buy-new-flat/steps/1', { done: '1' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/journeys/buy-new-flat?done=done#step-1');
    const after = await web.get('/journeys/buy-new-flat?done=done');
    expect(after.body).toContain('已标记为完成');
    expect(after.body).toContain('已完成 1 / 8 步');
    expect(after.body).toContain('撤销“了解行情”的完成标记');
    const home = await web.get('/me/journeys');
    expect(home.body).toContain('进行中的办事场景');
    expect(home.body).toMatch(/我要买一手房<\/a><div class="progress">/);
    expect(home.body).toContain('下一步：挑选房源');
    await web.post('/journeys/buy-new-flat/steps/1', { done: '0' });
    expect((await web.get('/journeys/buy-new-flat')).body).toContain('已完成 0 / 8 步');
  });

  it('counts an alternative group once', async () => {
    const web = await signedIn(CITIZEN);
    const page = await web.get('/journeys/join-medical-insurance');
    const total = Number(/已完成 0 \/ (\d+) 步/.exec(page.body)?.[1]);
    const steps = await t.services.journeys.getJourney('join-medical-insurance');
    const required = steps.steps.filter((s) => !s.optional);
    expect(total).toBe(required.length - 1);
  });

  it('refuses bad input: unknown journeys and steps, no CSRF token, strangers', async () => {
    const web = await signedIn(CITIZEN);
    await web.get('/journeys/buy-new-flat');
    expect((await web.post('/journeys/buy-new-flat/steps/9', { done: '1' })).status).toBe(404);
    expect((await web.post('/journeys/buy-new-flat/steps/abc', { done: '1' })).status).toBe(404);
    expect((await web.post('/journeys/nothing/steps/1', { done: '1' })).status).toBe(404);
    expect((await web.post('/journeys/buy-new-flat/steps/1', { done: '1', _csrf: '' })).status).toBe(403);
    expect((await web.get('/journeys/buy-new-flat')).body).toContain('已完成 0 / 8 步');
    const stranger = new WebClient(t.app);
    await stranger.get('/journeys/buy-new-flat');
    const res = await stranger.post('/journeys/buy-new-flat/steps/1', { done: '1' });
    expect([303, 403]).toContain(res.status);
    expect((await stranger.get('/me/journeys')).location).toBe('/login?next=%2Fme%2Fjourneys');
  });
});

describe('proactive push', () => {
  it('reminds of the ID card and medical insurance after 出生登记, once, to the chosen channels', async () => {
    const p = await principal(CITIZEN);
    await t.services.accounts.setChannels(p, ['email']);
    const web = await signedIn(CITIZEN);
    await web.get('/journeys/have-baby');
    await web.post('/journeys/have-baby/steps/6', { done: '1' });
    const reminders = await remindersIn(p);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.title).toBe('办事提醒：办完“出生登记”之后');
    expect(reminders[0]!.body).toContain('新生儿参加居民医保');
    expect(reminders[0]!.body).toContain('居民身份证');
    expect(reminders[0]!.link).toMatch(/^\/me\/reminders\/\d+\/open$/);
    // the e-mail went out too (no SMTP in this test: to the development inbox)
    const mails = t.services.notify.devInbox?.list(200) ?? [];
    expect(mails.some((m) => m.channel === 'email' && m.title === '办事提醒：办完“出生登记”之后')).toBe(true);

    // again, undo and redo, through another journey and by the application: still one
    await web.post('/journeys/have-baby/steps/6', { done: '1' });
    await web.post('/journeys/have-baby/steps/6', { done: '0' });
    await web.post('/journeys/have-baby/steps/6', { done: '1' });
    await web.get('/life-events/birth');
    await web.post(`/me/items/${BIRTH_REGISTRATION}/done`, { done: '1', back: '/life-events/birth' });
    await t.services.journeys.applicationConcluded(p.userId, BIRTH_REGISTRATION);
    expect(await remindersIn(p)).toHaveLength(1);

    // opening the reminder is counted for the operators
    const open = await web.get(reminders[0]!.link as string);
    expect(open.status).toBe(303);
    const rules = await t.services.journeys.listPushRules();
    const rule = rules.find((r) => r.trigger.code === BIRTH_REGISTRATION)!;
    expect(rule).toMatchObject({ sent: 1, opened: 1 });
    await t.services.accounts.setChannels(p, []);
  });

  it('fires when an application concludes, after 高校毕业生就业报到', async () => {
    const p = await principal(OTHER);
    await t.services.journeys.applicationConcluded(p.userId, GRADUATE_REPORT);
    const [r] = await remindersIn(p);
    expect(r?.body).toContain('人事档案转递');
    expect(r?.body).toContain('职工基本养老保险关系转移接续');
    await expect(t.services.journeys.applicationConcluded(p.userId, 'NO-SUCH-ITEM')).rejects.toMatchObject({ status: 404 });
  });

  it('lets a citizen stop reminders, one kind or all, and resume them', async () => {
    const web = await signedIn(OTHER);
    const p = await principal(OTHER);
    const page = await web.get('/me/reminders');
    expect(page.body).toContain('办完“高校毕业生就业报到”之后');
    const ruleId = /name="rule" value="(\d+)"/.exec(page.body)?.[1] as string;
    await web.post('/me/reminders/stop', { rule: ruleId });
    expect((await web.get('/me/reminders?done=stopped')).body).toContain('这类提醒已停止');
    // stop everything: marking 出生医学证明 done sends nothing
    await web.post('/me/reminders/stop', {});
    const before = (await remindersIn(p)).length;
    await web.get('/life-events/birth');
    await web.post(`/me/items/${BIRTH_CERTIFICATE}/done`, { done: '1', back: '/life-events/birth' });
    expect(await remindersIn(p)).toHaveLength(before);
    expect((await web.get('/me/reminders')).body).toContain('您已停止接收所有办事提醒');
    await web.post('/me/reminders/resume', {});
    await web.post('/me/reminders/resume', { rule: ruleId });
    expect((await web.get('/me/reminders')).body).not.toContain('这类提醒已停止');
    // another person's rule or reminder is "not found"
    expect((await web.post('/me/reminders/stop', { rule: '999999' })).status).toBe(404);
    expect((await web.post('/me/reminders/stop', { rule: 'x' })).status).toBe(404);
  });

  it('holds a reminder with a delay until it is due, and drops it if stopped meanwhile', async () => {
    const p = await principal(OTHER);
    const rules = await t.services.journeys.listPushRules();
    const marriage = rules.find((r) => r.slug === MARRIAGE)!;
    expect(marriage.delayDays).toBe(7);
    const before = (await remindersIn(p)).length;
    await t.services.journeys.applicationConcluded(p.userId, marriage.trigger.code);
    expect(await t.services.journeys.releaseDue()).toBe(0);
    expect(await remindersIn(p)).toHaveLength(before);
    const page = await t.services.journeys.reminders(p);
    expect(page.reminders.find((r) => r.ruleId === marriage.id)).toMatchObject({ status: 'scheduled' });
    // a week later
    await t.db.database.exec(`update push_sends set due_at = now() - interval '1 minute' where rule_id = ${marriage.id}`);
    const after = await remindersIn(p);
    expect(after).toHaveLength(before + 1);
    expect(after[0]!.title).toContain(marriage.trigger.name);
    expect(await t.services.journeys.releaseDue()).toBe(0);
  });
});

describe('personal homepage', () => {
  it('keeps subscriptions to themes, departments and journeys', async () => {
    const web = await signedIn(CITIZEN);
    await web.get('/me/journeys');
    expect((await web.post('/me/subscriptions', { kind: 'theme', ref: 'jiaoyu' })).location).toBe('/me/journeys?done=followed');
    await web.post('/me/subscriptions', { kind: 'department', ref: 'gaj' });
    await web.get('/journeys/drive');
    await web.post('/me/subscriptions', { kind: 'journey', ref: 'drive', back: '/journeys/drive' });
    expect(web.last.location).toBe('/journeys/drive?done=followed');
    const home = await web.get('/me/journeys');
    expect(home.body).toContain('href="/themes/jiaoyu"');
    expect(home.body).toContain('取消关注“示范市公安局”');
    expect(home.body).toContain('href="/journeys/drive"');
    // recommendations follow the subscriptions, and say why
    expect(home.body).toMatch(/您关注了“[^”]+”主题|您关注了示范市公安局/);
    // bad subscriptions are refused with a clear page and change nothing
    const bad = await web.post('/me/subscriptions', { kind: 'theme', ref: 'no-such-theme' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('要关注的内容不存在');
    expect((await web.post('/me/subscriptions', { kind: 'planet', ref: 'mars' })).status).toBe(400);
    await web.get('/me/journeys');
    await web.post('/me/subscriptions/delete', { kind: 'journey', ref: 'drive' });
    expect((await web.get('/me/journeys')).body).not.toContain('取消关注“我要开车出行');
    expect((await web.post('/me/subscriptions/delete', { kind: 'journey', ref: 'drive' })).status).toBe(404);
  });

  it('remembers the guides a signed-in citizen viewed and recommends journeys from them', async () => {
    const web = await signedIn(OTHER);
    const [item] = await t.services.catalog.itemRefs({ codes: ['11360115MB000815003000'] });
    await web.get(`/items/${item!.id}`);
    let home = '';
    for (let i = 0; i < 50 && !home.includes(item!.name); i++) home = (await web.get('/me/journeys')).body;
    expect(home).toContain('最近浏览');
    expect(home).toContain(item!.name);
    expect(home).toContain(`您浏览过“${item!.name}”`);
  });

  it('shows nobody else’s progress, subscriptions or reminders', async () => {
    const other = await signedIn(OTHER);
    const home = await other.get('/me/journeys');
    expect(home.body).not.toContain('href="/themes/jiaoyu"');
    const mine = await t.services.journeys.reminders(await principal(CITIZEN));
    const id = mine.reminders[0]!.id;
    expect((await other.get(`/me/reminders/${id}/open`)).status).toBe(404);
    expect((await other.get('/me/reminders')).body).not.toContain('办完“出生登记”之后');
  });
});
