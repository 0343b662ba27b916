/**
 * The proposals over HTTP: the demo's 40 proposals loaded (checked by the form's rules), the
 * public list with its counts and a published reply, the no-JS registration and reply forms with
 * their errors (400/409 with the message, never a 5xx), another department's case, and the API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, FACTORY_PASSWORD } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { staffWeb } from '../../../test/web.js';
import { DEMO_DIR } from '../../cli/seed.js';
import type { DemoProposal } from './index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dept: number;
let other: number;
let editor: { username: string };
let reviewer: { username: string };
let stranger: { username: string };
const demo = JSON.parse(readFileSync(join(DEMO_DIR, 'proposals.json'), 'utf8')) as DemoProposal[];

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const [a, b] = [buildBundle(0), buildBundle(1)];
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const depts = await t.services.catalog.listDepartments();
  dept = depts.find((d) => d.slug === a.departments[0]!.slug)!.id;
  other = depts.find((d) => d.slug === b.departments[0]!.slug)!.id;
  editor = await buildStaff(t.services, { role: 'editor', department: a.departments[0]!.slug });
  reviewer = await buildStaff(t.services, { role: 'reviewer', department: a.departments[0]!.slug });
  stranger = await buildStaff(t.services, { role: 'dept_admin', department: b.departments[0]!.slug });
  // the demo's departments, mapped onto the test's two: the main handler to one, co-handlers to the other
  const ids = new Map<string, number>();
  for (const p of demo) {
    ids.set(p.main, dept);
    for (const c of p.co ?? []) if (!ids.has(c)) ids.set(c, other);
  }
  const remapped = demo.map((p) => ({ ...p, co: (p.co ?? []).filter((c) => ids.get(c) !== dept), opinions: (p.opinions ?? []).filter((o) => ids.get(o.dept) !== dept) }));
  expect(await t.services.proposals.seedDemo(remapped, ids)).toEqual({ proposals: 40 });
  expect(await t.services.proposals.seedDemo(remapped, ids)).toBeUndefined();
});
afterAll(() => t.close());

describe('proposals over HTTP', () => {
  it('the demo holds 40 proposals across years, in progress and overdue ones among them', async () => {
    const years = new Set(demo.map((p) => p.year));
    expect(years.size).toBeGreaterThanOrEqual(3);
    const admin = await buildStaff(t.services);
    const open = await t.services.proposals.staffList(admin.principal, { open: true, limit: 100 });
    expect(open.proposals.some((p) => p.deadline.overdue)).toBe(true);
    expect(open.proposals.some((p) => p.status === 'handling' && !p.deadline.overdue)).toBe(true);
    expect(open.proposals.some((p) => p.status === 'replied')).toBe(true);
  });

  it('shows the public list with its counts, a published reply, and not an unpublished one', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/proposals?year=2024' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('关于加快老旧小区加装电梯的建议');
    expect(list.body).toContain('各主办单位办理情况');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/proposals?year=2024&kind=npc' });
    expect(api.statusCode).toBe(200);
    const body = api.json();
    expect(body.total).toBe(6);
    expect(body.proposals.every((p: { year: number; kind: string }) => p.year === 2024 && p.kind === 'npc')).toBe(true);
    expect(body.counts.find((c: { year: number }) => c.year === 2024).total).toBe(6);
    const one = body.proposals[0];
    const page = await t.app.inject({ method: 'GET', url: one.url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(one.title);
    expect(page.body).toContain('答复类别');
    // bad input: 400 JSON, never a 5xx; unknown ids 404
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/proposals?year=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeTruthy();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/proposals/999999' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/proposals/abc' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/proposals?year=%FF&department=x' })).statusCode).toBeLessThan(500);
    const withheld = (await t.services.proposals.staffList((await buildStaff(t.services)).principal, { open: false, limit: 100 })).proposals.find((p) => p.openness === 'withheld')!;
    expect((await t.app.inject({ method: 'GET', url: `/proposals/${withheld.id}` })).statusCode).toBe(404);
  });

  it('registers and replies through the no-JS forms, with the errors shown again', async () => {
    const web = await staffWeb(t.app, editor.username, FACTORY_PASSWORD);
    await web.get('/admin/proposals/new');
    expect(web.last.status).toBe(200);
    const form = { kind: 'cppcc', year: '2026', number: '第0321号', title: '关于建设社区老年食堂的提案', authors: '吴丽华（社会福利和社会保障界别）', content: '社区老年人就餐不便，建议在每个街道建设至少一处老年食堂。', mainDepartmentId: '', coDepartmentIds: [String(other)], assignedOn: '' };
    await web.post('/admin/proposals/new', form);
    expect(web.last.status).toBe(400);
    expect(web.last.body).toContain('没有主办单位的建议提案无法交办');
    expect(web.last.body).toContain('关于建设社区老年食堂的提案');
    await web.post('/admin/proposals/new', { ...form, mainDepartmentId: String(other), coDepartmentIds: [] });
    expect(web.last.body).toContain('只能登记本单位主办的建议提案');
    await web.post('/admin/proposals/new', { ...form, mainDepartmentId: String(dept), coDepartmentIds: [] });
    expect(web.last.status).toBe(303);
    const url = web.last.location.split('?')[0]!;
    await web.get(web.last.location);
    expect(web.last.body).toContain('剩余');
    const version = /name="version" value="(\d+)"/.exec(web.last.body)![1]!;
    await web.post(`${url}/reply`, { version, grade: 'E', body: '吴丽华委员：您的提案收悉，我局已在12个街道建成老年食堂，其余街道列入明年计划。' });
    expect(web.last.status).toBe(400);
    expect(web.last.body).toContain('答复类别只能是 A、B、C、D 之一');
    await web.post(`${url}/reply`, { version, grade: 'B', body: '吴丽华委员：您的提案收悉，我局已在12个街道建成老年食堂，其余街道列入明年计划。' });
    expect(web.last.status).toBe(303);
    // the editor may not decide publication: the form is not there, and posting is refused with the reason
    await web.get(url);
    expect(web.last.body).not.toContain('/publish"');
    const reviewerWeb = await staffWeb(t.app, reviewer.username, FACTORY_PASSWORD);
    await reviewerWeb.get(url);
    const v2 = /name="version" value="(\d+)"/.exec(reviewerWeb.last.body)![1]!;
    await reviewerWeb.post(`${url}/publish`, { version: v2, openness: 'public', reason: '' });
    expect(reviewerWeb.last.status).toBe(303);
    // a reply after publication: 409 with the reason
    await web.post(`${url}/reply`, { version: String(Number(v2) + 1), grade: 'A', body: '吴丽华委员：再次答复的内容，用来检验办结后不能修改答复。' });
    expect(web.last.status).toBe(409);
    expect(web.last.body).toContain('不能再修改答复');
    // another department: the case is not found, its actions too
    const otherWeb = await staffWeb(t.app, stranger.username, FACTORY_PASSWORD);
    await otherWeb.get(url);
    expect(otherWeb.last.status).toBe(404);
    await otherWeb.post(`${url}/reply`, { version: v2, grade: 'A', body: '其他部门试图答复这一件提案的内容。' });
    expect(otherWeb.last.status).toBe(404);
    const pub = await t.app.inject({ method: 'GET', url: url.replace('/admin', '') });
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('社会福利和社会保障界别');
  });
});
