/**
 * Rules that used to be got around (issue #12): the discipline commission's letters reach only
 * its own staff — the dispatcher and the system administrator see that a case exists, never who
 * wrote it or what it says, in pages, the API, search, notices and the audit log — and a reply
 * may not be published by anyone who drafted, edited or submitted it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../lib/principal.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { buildReport } from '../../../test/factories/letters.js';
import { testApp } from '../../../test/helpers.js';
import { staffWeb } from '../../../test/web.js';

let t: Awaited<ReturnType<typeof testApp>>;
const PASSWORD = 'rules2026ok';
let commission: number;
let deptA: number;
const who: Record<string, Principal> = {};
const tokens: Record<string, string> = {};

const NAME = '欧阳举报';
const PHONE = '13912398765';
const SECRET = '收受工程红包';

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0 });
  const bundle = buildBundle(0);
  bundle.departments.push({ ...bundle.departments[0]!, slug: 'jw-test', name: '中共示范市纪律检查委员会 示范市监察委员会', shortName: '市纪委监委' });
  await t.services.catalog.importBundle(bundle);
  const depts = await t.services.catalog.listDepartments();
  commission = depts.find((d) => d.slug === 'jw-test')!.id;
  deptA = depts.find((d) => d.slug === bundle.departments[0]!.slug)!.id;
  const staff = [
    ['dispatcher', 'dispatcher', undefined],
    ['root', 'admin', undefined],
    ['jw-handler', 'handler', 'jw-test'],
    ['jw-reviewer', 'reviewer', 'jw-test'],
    ['jw-admin', 'dept_admin', 'jw-test'],
    ['a-handler', 'handler', bundle.departments[0]!.slug],
    ['a-admin', 'dept_admin', bundle.departments[0]!.slug],
  ] as const;
  for (const [username, role, department] of staff) {
    await t.services.accounts.staff.createStaff({ username, displayName: username, role, department, password: PASSWORD });
    who[username] = await t.services.accounts.signInStaff(username, PASSWORD);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: PASSWORD } });
    tokens[username] = res.json().token;
  }
  // as in the demo: the commission's two mailboxes go to the commission by rule
  await t.services.letters.addRule(who.root!, { name: '纪检监察举报', channel: 'discipline', departmentId: commission, priority: 1 });
  await t.services.letters.addRule(who.root!, { name: '监察举报', channel: 'supervision', departmentId: commission, priority: 1 });
});
afterAll(() => t.close());

const api = async (username: string, method: 'GET' | 'POST', url: string, body?: unknown) => {
  const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[username]}` }, ...(body ? { payload: body as object } : {}) });
  return { status: res.statusCode, json: res.json(), text: res.body };
};
const rows = async (query: ReturnType<typeof sql>) => ((await t.db.database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;

/** A letter to a mailbox, received through the hotline (an integration needs no phone code). */
async function receive(channel: string, title: string, body: string) {
  return t.services.letters.submit(buildReport({ channel, title, body, name: NAME, phone: PHONE, email: 'ouyang@example.com', address: '示范市东湖区保密路1号' }), {
    principal: who.dispatcher,
    source: 'api',
  });
}

describe('the discipline commission’s letters', () => {
  it('reach the commission’s staff whole, and everyone else only as a case that exists', async () => {
    const r = await receive('discipline', `反映某局科长${SECRET}问题`, `某局基建科科长去年以来多次${SECRET}，金额约二十万元，请纪委调查核实。`);
    // the commission reads it all
    const own = await api('jw-handler', 'GET', `/api/v1/staff/letters/${r.id}`);
    expect(own.status).toBe(200);
    expect(own.json.body).toContain(SECRET);
    expect(own.json.name).toBe(NAME);
    expect(own.json.departmentId).toBe(commission);

    // the dispatcher and the system administrator: tracking code, channel, status, dates, department — nothing else
    for (const username of ['dispatcher', 'root']) {
      const seen = await api(username, 'GET', `/api/v1/staff/letters/${r.id}`);
      expect(seen.status).toBe(200);
      expect(seen.json).toMatchObject({ trackingCode: r.trackingCode, channel: 'discipline', status: 'handling', departmentId: commission, contentWithheld: true });
      expect(seen.json.receivedAt).toBeTruthy();
      for (const secret of [SECRET, NAME, PHONE, 'ouyang@example.com', '保密路']) expect(seen.text).not.toContain(secret);
      const page = await (await staffWeb(t.app, username, PASSWORD)).get(`/admin/letters/${r.id}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain(r.trackingCode);
      expect(page.body).toContain('只有纪委监委工作人员可以查看');
      for (const secret of [SECRET, NAME, PHONE]) expect(page.body).not.toContain(secret);
      // the queue and its search: the case is listed, its words find nothing
      const list = await api(username, 'GET', `/api/v1/staff/letters?q=${encodeURIComponent(r.trackingCode)}`);
      expect(list.json.total).toBe(1);
      expect(list.text).not.toContain(SECRET);
      expect((await api(username, 'GET', `/api/v1/staff/letters?q=${encodeURIComponent(SECRET)}`)).json.total).toBe(0);
      const queue = await (await staffWeb(t.app, username, PASSWORD)).get('/admin/letters?status=all');
      expect(queue.body).not.toContain(SECRET);
    }
    // the commission's search finds it by its words
    expect((await api('jw-handler', 'GET', `/api/v1/staff/letters?q=${encodeURIComponent(SECRET)}`)).json.total).toBe(1);

    // nor may they work on what they cannot read
    const v = own.json.version as number;
    const reply = await api('dispatcher', 'POST', `/api/v1/staff/letters/${r.id}/reply`, { version: v, body: '您好，您反映的问题已收悉，正在核查中。' });
    expect(reply.status).toBe(403);
    expect((await api('dispatcher', 'POST', `/api/v1/staff/letters/${r.id}/notes`, { note: '看看' })).status).toBe(403);
    // other departments do not even see it
    expect((await api('a-handler', 'GET', `/api/v1/staff/letters/${r.id}`)).status).toBe(404);
    // and the dispatcher cannot send it to them
    const moved = await api('dispatcher', 'POST', `/api/v1/staff/letters/${r.id}/assign`, { version: v, lead: deptA });
    expect(moved.status).toBe(400);
    expect((await api('dispatcher', 'POST', `/api/v1/staff/letters/${r.id}/assign`, { version: v, lead: commission, assists: [deptA] })).status).toBe(400);
  });

  it('keep their words out of staff notices and the audit log', async () => {
    const r = await receive('supervision', `举报某所所长${SECRET}`, `某所所长利用职务便利${SECRET}，请监委依法调查。`);
    const own = await api('jw-handler', 'GET', `/api/v1/staff/letters/${r.id}`);
    // given back to the desk with a reason that repeats the letter: the dispatchers are told, without its words
    const back = await api('jw-handler', 'POST', `/api/v1/staff/letters/${r.id}/transfer`, { version: own.json.version, reason: `此件${SECRET}线索应由区纪委办理` });
    expect(back.status).toBe(200);
    // the dispatcher places it again, and sees only the case in the answer
    const again = await api('dispatcher', 'POST', `/api/v1/staff/letters/${r.id}/assign`, { version: back.json.version, lead: commission });
    expect(again.status).toBe(200);
    expect(again.text).not.toContain(SECRET);
    const notices = await rows(sql`select template, vars from outbox where vars->>'trackingCode' = ${r.trackingCode} and template in ('letter-assigned', 'letter-returned')`);
    expect(notices.map((n) => n.template)).toEqual(expect.arrayContaining(['letter-assigned', 'letter-returned']));
    for (const n of notices) {
      expect(JSON.stringify(n.vars)).not.toContain(SECRET);
      expect((n.vars as { title: string }).title).toBe('纪检监察来信（内容保密）');
    }
    const audit = await rows(sql`select * from audit_log where entity = 'letter' and entity_id = ${r.trackingCode}`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['letter.received', 'letter.returned', 'letter.assigned']));
    for (const a of audit) for (const secret of [SECRET, NAME, PHONE]) expect(JSON.stringify(a)).not.toContain(secret);
  });

  it('a mayor’s letter stays readable by the dispatcher as before', async () => {
    const r = await receive('mayor', '反映东湖区路灯长期不亮的问题', '东湖区幸福路一段路灯已经坏了一个月，晚上出行很不安全，请尽快维修。');
    const seen = await api('dispatcher', 'GET', `/api/v1/staff/letters/${r.id}`);
    expect(seen.status).toBe(200);
    expect(seen.json.body).toContain('路灯');
    expect(seen.json.contentWithheld).toBe(false);
  });
});

describe('four eyes on replies', () => {
  it('keeps everyone who drafted, edited or submitted a reply from publishing it', async () => {
    const r = await receive('discipline', `反映某单位领导${SECRET}`, `某单位领导在项目验收中${SECRET}，请核查。`);
    const version = async () => (await t.services.letters.getForStaff(who['jw-handler']!, r.id)).version;
    // the department administrator drafts the reply, a handler edits it and submits it
    await t.services.letters.saveReply(who['jw-admin']!, r.id, { version: await version(), body: '您好！您反映的问题已收悉，我委将依规依纪处理。' });
    await t.services.letters.saveReply(who['jw-handler']!, r.id, { version: await version(), body: '您好！您反映的问题已收悉，我委已受理并将依规依纪处理。', submit: true });
    // the administrator's own words are in it: he may not publish it, nor does the page offer it
    expect((await t.services.letters.getForStaff(who['jw-admin']!, r.id)).canReview).toBe(false);
    await expect(t.services.letters.review(who['jw-admin']!, r.id, { version: await version(), approve: true })).rejects.toThrow(/不能审核自己起草的答复/);
    const page = await (await staffWeb(t.app, 'jw-admin', PASSWORD)).get(`/admin/letters/${r.id}`);
    expect(page.body).not.toContain('审核通过并发布');
    // a reviewer who wrote none of it publishes it
    expect((await t.services.letters.getForStaff(who['jw-reviewer']!, r.id)).canReview).toBe(true);
    const published = await t.services.letters.review(who['jw-reviewer']!, r.id, { version: await version(), approve: true });
    expect(published?.status).toBe('replied');
  });
});
