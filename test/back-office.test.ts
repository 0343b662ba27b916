/**
 * The back office end to end over HTTP: the catalogue workflow (draft → review → publish with
 * versions, audit and notices) and department isolation — staff of one department get "not
 * found" for another department's records through every page and API route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/lib/principal.js';
import { buildBundle } from './factories/catalog.js';
import { testApp } from './helpers.js';
import { WebClient, staffWeb } from './web.js';

let t: Awaited<ReturnType<typeof testApp>>;
const PASSWORD = 'backoffice2026';
let deptA: string;
let deptB: string;
let itemA: { implCode: string; id: number };
let itemB: { implCode: string; id: number };

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const a = buildBundle(2);
  const b = buildBundle(2);
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  deptA = a.departments[0]!.slug;
  deptB = b.departments[0]!.slug;
  const all = await t.services.catalog.listItems({ limit: 100, offset: 0 });
  const find = (implCode: string) => ({ implCode, id: all.items.find((it) => it.implCode === implCode)!.id });
  itemA = find(a.items[0]!.implCode);
  itemB = find(b.items[0]!.implCode);
  const staff = [
    ['editor-a', 'editor', deptA],
    ['editor2-a', 'editor', deptA],
    ['reviewer-a', 'reviewer', deptA],
    ['deptadmin-a', 'dept_admin', deptA],
    ['editor-b', 'editor', deptB],
    ['reviewer-b', 'reviewer', deptB],
    ['handler-b', 'handler', deptB],
    ['deptadmin-b', 'dept_admin', deptB],
    ['root', 'admin', undefined],
  ] as const;
  for (const [username, role, department] of staff)
    await t.services.accounts.staff.createStaff({ username, displayName: username, role, department, password: PASSWORD });
});
afterAll(() => t.close());

const signedIn = (username: string) => staffWeb(t.app, username, PASSWORD);

const principal = (username: string) => t.services.accounts.signInStaff(username, PASSWORD);

/** Save a draft of the item through the edit form, with `change` applied to the form cells. */
async function draftThrough(web: WebClient, p: Principal, implCode: string, change: Record<string, string>) {
  const form = await t.services.drafts.editForm(p, 'items', implCode);
  await web.get(`/admin/catalog/items/${implCode}/edit`);
  return web.post('/admin/catalog/items/drafts', { ...form.cells, ...change, _key: implCode });
}

describe('catalogue workflow', () => {
  it('takes an editor’s change through review to the public guide, with versions, audit and notices', async () => {
    const editor = await signedIn('editor-a');
    const saved = await draftThrough(editor, await principal('editor-a'), itemA.implCode, { summary: '新的事项简介：材料齐全当场受理。' });
    expect(saved.status).toBe(303);
    const draftId = Number(/\/admin\/drafts\/(\d+)/.exec(saved.location)?.[1]);
    const page = await editor.get(`/admin/drafts/${draftId}`);
    expect(page.body).toContain('<ins>');
    expect(page.body).toContain('新的事项简介');
    expect(page.body).not.toContain('审核通过并发布'); // no approving one's own change
    // nothing is public before review
    expect((await t.app.inject(`/items/${itemA.id}`)).body).not.toContain('新的事项简介');
    const version = /name="_version" value="(\d+)"/.exec(page.body)?.[1] as string;
    await editor.post(`/admin/drafts/${draftId}/submit`, { _version: version });
    expect(editor.last.location).toBe(`/admin/drafts/${draftId}?done=submitted`);

    const reviewer = await signedIn('reviewer-a');
    const waiting = await reviewer.get('/admin/drafts?status=review');
    expect(waiting.body).toContain(`/admin/drafts/${draftId}`);
    const review = await reviewer.get(`/admin/drafts/${draftId}`);
    const v2 = /name="_version" value="(\d+)"/.exec(review.body)?.[1] as string;
    await reviewer.post(`/admin/drafts/${draftId}/approve`, { _version: v2, note: '核对无误' });
    expect(reviewer.last.location).toBe(`/admin/drafts/${draftId}?done=published`);

    t.services.pages.clear();
    expect((await t.app.inject(`/items/${itemA.id}`)).body).toContain('新的事项简介：材料齐全当场受理。');
    const versions = await reviewer.get(`/admin/catalog/items/${itemA.implCode}/versions`);
    expect(versions.body).toContain('第 2 版');
    expect(versions.body).toContain('第 1 版');
    const audit = await t.services.audit.search({ action: 'catalog.publish', entityId: itemA.implCode, limit: 5, offset: 0 });
    expect(audit.entries[0]).toMatchObject({ actorName: 'reviewer-a' });
    expect(JSON.stringify(audit.entries[0]!.before)).toContain('用于测试的事项');
    expect(JSON.stringify(audit.entries[0]!.after)).toContain('新的事项简介');
    await t.services.notify.deliverDue(100);
    const editorInbox = await t.services.notify.inbox((await principal('editor-a')).userId, 10, 0);
    expect(editorInbox.rows.map((m) => m.title).join()).toContain('已发布');
  });

  it('shows invalid input again with a clear message and saves nothing', async () => {
    const editor = await signedIn('editor-a');
    const before = await t.services.drafts.list(await principal('editor-a'), { limit: 100, offset: 0 });
    const res = await draftThrough(editor, await principal('editor-a'), itemA.implCode, { visits: '很多', name: '' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('到现场次数');
    expect(res.body).toContain('事项名称');
    const limits = await draftThrough(editor, await principal('editor-a'), itemA.implCode, { promisedLimitDays: '30' });
    expect(limits.status).toBe(400);
    expect(limits.body).toContain('承诺办结时限不能超过法定办结时限');
    const after = await t.services.drafts.list(await principal('editor-a'), { limit: 100, offset: 0 });
    expect(after.total).toBe(before.total);
    // an editor cannot move an item to another department
    const moved = await draftThrough(editor, await principal('editor-a'), itemA.implCode, { department: deptB });
    expect(moved.status).toBe(400);
    expect(moved.body).toContain('只能编辑本部门的内容');
  });

  it('refuses to publish a draft whose record changed since it was started', async () => {
    const p1 = await principal('editor-a');
    const p2 = await principal('editor2-a');
    const form = await t.services.drafts.editForm(p1, 'items', itemA.implCode);
    const d1 = await t.services.drafts.save(p1, { section: 'items', key: itemA.implCode, cells: { ...form.cells, summary: '版本甲。' } });
    const d2 = await t.services.drafts.save(p2, { section: 'items', key: itemA.implCode, cells: { ...form.cells, summary: '版本乙。' } });
    await t.services.drafts.submit(p1, d1.id, d1.version);
    await t.services.drafts.submit(p2, d2.id, d2.version);
    const reviewer = await principal('reviewer-a');
    await t.services.drafts.approve(reviewer, d1.id, d1.version + 1, '');
    await expect(t.services.drafts.approve(reviewer, d2.id, d2.version + 1, '')).rejects.toThrow(/已发布了新版本/);
    // a stale version of a draft is a conflict, not a silent overwrite
    await expect(t.services.drafts.approve(reviewer, d1.id, d1.version + 1, '')).rejects.toMatchObject({ status: 409 });
  });

  it('keeps a department administrator from approving their own change', async () => {
    const p = await principal('deptadmin-a');
    const form = await t.services.drafts.editForm(p, 'items', itemA.implCode);
    const d = await t.services.drafts.save(p, { section: 'items', key: itemA.implCode, cells: { ...form.cells, summary: '自审。' } });
    await t.services.drafts.submit(p, d.id, d.version);
    await expect(t.services.drafts.approve(p, d.id, d.version + 1, '')).rejects.toThrow(/不能审核自己提交的修改/);
  });

  it('keeps everyone who edited or submitted a draft from reviewing it, not only its first author', async () => {
    const editor = await principal('editor-a');
    const admin = await principal('deptadmin-a');
    const form = await t.services.drafts.editForm(editor, 'items', itemA.implCode);
    let d = await t.services.drafts.save(editor, { section: 'items', key: itemA.implCode, cells: { ...form.cells, summary: '编辑的文字。' } });
    await t.services.drafts.submit(editor, d.id, d.version);
    await t.services.drafts.reject(admin, d.id, d.version + 1, '请修改');
    // the department administrator rewrites the returned draft himself, submits and tries to publish it
    d = await t.services.drafts.save(admin, { section: 'items', draftId: d.id, version: d.version + 2, cells: { ...form.cells, summary: '管理员改写的文字。' } });
    await t.services.drafts.submit(admin, d.id, d.version);
    expect((await t.services.drafts.get(admin, d.id)).canReview).toBe(false);
    await expect(t.services.drafts.approve(admin, d.id, d.version + 1, '')).rejects.toThrow(/不能审核自己提交的修改/);
    await expect(t.services.drafts.reject(admin, d.id, d.version + 1, '退回')).rejects.toThrow(/不能审核自己提交的修改/);
    // a reviewer who touched nothing publishes the administrator's text
    const reviewer = await principal('reviewer-a');
    expect((await t.services.drafts.get(reviewer, d.id)).canReview).toBe(true);
    await t.services.drafts.approve(reviewer, d.id, d.version + 1, '');
    expect((await t.services.catalog.exportRecord('items', itemA.implCode))?.summary).toBe('管理员改写的文字。');
  });
});

describe('department isolation', () => {
  let draftA: number;
  let versionA: number;

  beforeAll(async () => {
    const p = await principal('editor-a');
    const form = await t.services.drafts.editForm(p, 'items', itemA.implCode);
    const d = await t.services.drafts.save(p, { section: 'items', key: itemA.implCode, cells: { ...form.cells, summary: '甲部门的草稿。' } });
    draftA = d.id;
    versionA = d.version;
  });

  for (const username of ['editor-b', 'reviewer-b', 'handler-b', 'deptadmin-b']) {
    it(`gives ${username} "not found" for department A's records on every page`, async () => {
      const web = await signedIn(username);
      const pages = [
        `/admin/drafts/${draftA}`,
        `/admin/drafts/${draftA}/edit`,
        `/admin/catalog/items/${itemA.implCode}/edit`,
        `/admin/catalog/items/${itemA.implCode}/versions`,
      ];
      for (const url of pages) expect((await web.get(url)).status, url).toBe(404);
      await web.get('/admin');
      for (const action of ['submit', 'withdraw', 'approve', 'reject']) {
        const res = await web.post(`/admin/drafts/${draftA}/${action}`, { _version: String(versionA), note: '越权' });
        expect(res.status, action).toBe(404);
      }
      expect((await web.post(`/admin/drafts/${draftA}`, { _version: String(versionA), summary: '越权' })).status).toBe(404);
      expect((await web.post('/admin/catalog/items/drafts', { _key: itemA.implCode, summary: '越权' })).status).toBe(404);
      const list = await web.get('/admin/drafts?status=all');
      expect(list.body).not.toContain(`/admin/drafts/${draftA}"`);
      // the record is still untouched
      const still = await t.services.drafts.get(await principal('editor-a'), draftA);
      expect(still.draft.status).toBe('draft');
    });

    it(`gives ${username} "not found" for department A's records through the API`, async () => {
      const token = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: PASSWORD } })).json().token as string;
      const auth = { authorization: `Bearer ${token}` };
      const get = await t.app.inject({ url: `/api/v1/staff/drafts/${draftA}`, headers: auth });
      expect(get.statusCode).toBe(404);
      expect(get.json().error.code).toBe('not_found');
      for (const action of ['submit', 'approve', 'reject', 'withdraw']) {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/drafts/${draftA}/${action}`, headers: auth, payload: { version: versionA, note: 'x' } });
        expect(res.statusCode, action).toBe(404);
      }
      const create = await t.app.inject({ method: 'POST', url: '/api/v1/staff/drafts', headers: auth, payload: { section: 'items', key: itemA.implCode, record: { summary: 'x' } } });
      expect(create.statusCode).toBe(404);
      const list = await t.app.inject({ url: '/api/v1/staff/drafts?status=all', headers: auth });
      if (list.statusCode === 200) expect(list.body).not.toContain(`"id":${draftA},`);
      else expect(list.statusCode).toBe(403);
    });
  }

  it('lets a department administrator manage only their own staff, and read only their own audit entries', async () => {
    const b = await signedIn('deptadmin-b');
    const editorA = await principal('editor-a');
    expect((await b.get(`/admin/users/${editorA.userId}`)).status).toBe(404);
    const users = await b.get('/admin/users');
    expect(users.body).toContain('editor-b');
    expect(users.body).not.toContain('editor-a');
    await b.get('/admin/users/new');
    const escalate = await b.post('/admin/users', { username: 'sneaky', displayName: '越权', role: 'admin', department: '', password: PASSWORD });
    expect(escalate.status).toBe(400);
    const audit = await b.get(`/admin/audit?entityId=${itemA.implCode}`);
    // actions are named in Chinese now (and listed in the filter): count the entries instead
    expect(audit.body).toContain('共 0 条记录');
    expect(audit.body).not.toContain('<li><details>');
  });

  it('keeps citizens and strangers out of the back office', async () => {
    const stranger = new WebClient(t.app);
    expect((await stranger.get('/admin/drafts')).location).toMatch(/^\/admin\/login/);
    expect((await t.app.inject({ url: '/api/v1/staff/drafts' })).statusCode).toBe(401);
  });

  it('lets the portal administrator reach every department', async () => {
    const root = await signedIn('root');
    expect((await root.get(`/admin/drafts/${draftA}`)).status).toBe(200);
    expect((await root.get(`/admin/catalog/items/${itemB.implCode}/edit`)).status).toBe(200);
  });
});
