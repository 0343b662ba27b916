/**
 * The annual report: its tables generated from seeded data (规范性文件 and 政策文件 from the
 * catalogue; requests new, carried over, by result and applicant, carried out, fees from 依申请公开),
 * the narrative and entered figures edited with their errors, four eyes on publication, the public
 * page and its print view, and another department's staff kept out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildStaff, FACTORY_PASSWORD } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { staffWeb } from '../../../test/web.js';
import { createFoiService } from '../foi/index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dept: number;
let other: number;
let now = new Date('2025-12-22T02:00:00Z');
const on = (ymd: string) => {
  now = new Date(`${ymd}T02:00:00Z`);
};
const who = {} as Record<'editor' | 'reviewer' | 'admin' | 'stranger' | 'deptAdmin', Principal>;
let reviewerName = '';
const article = (ref: string, kind: string, writtenOn: string, o: Record<string, unknown> = {}) => ({
  ref,
  org: 'ar-org',
  kind,
  title: `示范市测试局关于${ref}的通知`,
  writtenOn,
  publishedAt: `${writtenOn}T09:00:00+08:00`,
  category: kind === 'normative' ? 'normative' : 'policy-docs',
  topic: '综合政务',
  issuer: '示范市测试局',
  body: '为规范有关工作，现将有关事项通知如下。',
  ...o,
});

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const [a, b] = [buildBundle(0), buildBundle(1)];
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const depts = await t.services.catalog.listDepartments();
  const [sa, sb] = [a.departments[0]!.slug, b.departments[0]!.slug];
  dept = depts.find((d) => d.slug === sa)!.id;
  other = depts.find((d) => d.slug === sb)!.id;
  who.editor = (await buildStaff(t.services, { role: 'editor', department: sa })).principal;
  const reviewer = await buildStaff(t.services, { role: 'reviewer', department: sa });
  who.reviewer = reviewer.principal;
  reviewerName = reviewer.username;
  who.deptAdmin = (await buildStaff(t.services, { role: 'dept_admin', department: sa })).principal;
  who.stranger = (await buildStaff(t.services, { role: 'dept_admin', department: sb })).principal;
  who.admin = (await buildStaff(t.services)).principal;
  // the catalogue: 2 规范性文件 written in 2026, one of 2024 repealed in 2026, one of 2024 still valid; 1 政策文件 of 2026
  await t.services.disclosure.importDemo({
    orgs: [{ slug: 'ar-org', name: '示范市测试局', level: 'department', department: sa, guide: [] } as never],
    articles: [
      article('n1', 'normative', '2026-02-10', { docNo: '示测规〔2026〕1号' }),
      article('n2', 'normative', '2026-05-10', { docNo: '示测规〔2026〕2号' }),
      article('n3', 'normative', '2024-03-01', { docNo: '示测规〔2024〕1号', validity: 'repealed', validityDate: '2026-06-30' }),
      article('n4', 'normative', '2024-04-01', { docNo: '示测规〔2024〕2号' }),
      article('p1', 'policy', '2026-03-03', { docNo: '示测发〔2026〕3号' }),
    ] as never,
    gazette: [],
    topics: [],
  });
  // requests, through a foi face with a clock the test moves
  const foi = createFoiService(t.services.database, { catalog: t.services.catalog, notify: t.services.notify, calendar: t.services.foi.calendar, files: t.services.files, clock: { now: () => now } });
  const handler = (await buildStaff(t.services, { role: 'handler', department: sa })).principal;
  const otherHandler = (await buildStaff(t.services, { role: 'handler', department: sb })).principal;
  let n = 0;
  const req = (eventOn: string, o: Record<string, unknown> = {}, by = handler) =>
    foi.register(by, { departmentId: by === handler ? dept : other, applicantKind: 'citizen', applicantName: '张明', applicantIdNo: `1101011990010${String(10000 + ++n)}`, phone: '13900001111', description: '示范市测试局的政府信息', format: 'electronic', delivery: 'online', channel: 'in_person', eventOn, ...o });
  on('2025-12-22');
  const carried = await req('2025-12-22');
  on('2026-01-08');
  await foi.reply(handler, { id: carried.id, replyType: 'disclosed', body: '现将您申请的信息提供给您。' });
  on('2026-03-02');
  const b1 = await req('2026-03-02');
  await req('2026-03-02', {}, otherHandler);
  on('2026-03-10');
  await foi.reply(handler, { id: b1.id, replyType: 'notDisclosed', ground: '《政府信息公开条例》第十五条，涉及第三方商业秘密', body: '经审查，该信息不予公开。' });
  on('2026-04-01');
  const c1 = await req('2026-04-01', { applicantKind: 'enterprise', applicantName: '示范市青禾餐饮管理有限公司', applicantIdNo: '91330106MA2KQ3L7XJ' });
  on('2026-04-10');
  await foi.reply(handler, { id: c1.id, replyType: 'partlyDisclosed', ground: '部分内容属于国家秘密', body: '现将可以公开的部分提供给您。' });
  on('2026-12-01');
  await req('2026-12-01');
}, 120_000);
afterAll(() => t.close());

describe('annual report', () => {
  it('generates its tables from the data', async () => {
    const r = await t.services.reports.generate(who.editor, { org: 'ar-org', year: '2026' });
    expect(r.status).toBe('draft');
    expect(r.figures.active.normative).toEqual({ made: 2, repealed: 1, inForce: 3 });
    expect(r.figures.active.policy).toEqual({ made: 1, repealed: 0, inForce: 1 });
    expect(r.figures.active.published).toBe(3);
    const rows = r.figures.requests.rows;
    expect(rows.newReceived).toMatchObject({ natural: 2, commercial: 1, total: 3 });
    expect(rows.carriedIn.total).toBe(1);
    expect(rows.disclosed.total).toBe(1);
    expect(rows.partlyDisclosed).toMatchObject({ commercial: 1, total: 1 });
    expect(rows['withheld.thirdParty'].total).toBe(1);
    expect(rows.handled.total).toBe(3);
    expect(rows.carriedOut.total).toBe(1);
    expect(rows.newReceived.total + rows.carriedIn.total).toBe(rows.handled.total + rows.carriedOut.total);
    expect(r.sections.overview).toContain('新收政府信息公开申请3件');
    const last = await t.services.reports.generate(who.editor, { org: 'ar-org', year: 2025 });
    expect(last.figures.requests.rows.newReceived.total).toBe(1);
    expect(last.figures.requests.rows.carriedOut.total).toBe(1);
    expect(last.figures.active.normative).toEqual({ made: 0, repealed: 0, inForce: 2 });
  });

  it('edits, refuses bad figures, publishes under four eyes, and shows it under the catalogue', async () => {
    const r = await t.services.reports.generate(who.editor, { org: 'ar-org', year: 2026 });
    const sections = { ...r.sections, problems: '一是政策解读形式较为单一；二是依申请公开答复文书规范性有待提高。' };
    const bad = await t.services.reports.save(who.editor, { id: r.id, version: r.version, sections, entered: { licensing: '-3', charges: 'abc' } }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(bad.problems)).toContain('行政许可');
    const saved = await t.services.reports.save(who.editor, { id: r.id, version: r.version, sections, entered: { licensing: '1203', penalty: '56', charges: '12.5', 'review.upheld': '2' } });
    expect(saved.figures.entered).toMatchObject({ licensing: 1203, penalty: 56, charges: 12.5, 'review.upheld': 2 });
    // regenerating keeps what was entered and written
    const again = await t.services.reports.generate(who.editor, { org: 'ar-org', year: 2026 });
    expect(again.figures.entered.licensing).toBe(1203);
    expect(again.sections.problems).toContain('政策解读形式较为单一');
    await expect(t.services.reports.publish(who.reviewer, { id: r.id })).rejects.toBeInstanceOf(ConflictError); // not submitted
    const submitted = await t.services.reports.submit(who.editor, { id: r.id, version: again.version });
    await expect(t.services.reports.publish(who.editor, { id: r.id })).rejects.toThrow('审核人员');
    // the department administrator who did not touch it may; one who edited may not
    await expect(t.services.reports.publish(who.stranger, { id: r.id })).rejects.toBeInstanceOf(NotFoundError);
    const published = await t.services.reports.publish(who.reviewer, { id: r.id, version: submitted.version });
    expect(published).toMatchObject({ status: 'published', url: '/xxgk/ar-org/annual-report/2026' });
    await expect(t.services.reports.save(who.editor, { id: r.id, sections, entered: {} })).rejects.toBeInstanceOf(ConflictError);
    await expect(t.services.reports.generate(who.editor, { org: 'ar-org', year: 2026 })).rejects.toThrow('已经发布');

    const page = await t.app.inject({ method: 'GET', url: '/xxgk/ar-org/annual-report/2026' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('示范市测试局2026年政府信息公开工作年度报告');
    expect(page.body).toContain('三、收到和处理政府信息公开申请情况');
    expect(page.body).toContain('1203');
    expect((await t.app.inject({ method: 'GET', url: '/xxgk/ar-org/annual-report/2026/print' })).body).toContain('print-view');
    expect((await t.app.inject({ method: 'GET', url: '/xxgk/ar-org/annual-report' })).body).toContain('/xxgk/ar-org/annual-report/2026');
    // every organisation's reports by year, linked from the catalogue's front page and in the sitemap
    const index = await t.app.inject({ method: 'GET', url: '/xxgk/annual-reports' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<h2 id="h-year-2026">2026年度报告</h2>');
    expect(index.body).toContain('href="/xxgk/ar-org/annual-report/2026"');
    expect(index.body).not.toContain('/xxgk/ar-org/annual-report/2025'); // a draft
    expect((await t.app.inject({ method: 'GET', url: '/xxgk' })).body).toContain('href="/xxgk/annual-reports"');
    const sitemap = (await t.app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
    expect(sitemap).toContain('/xxgk/annual-reports</loc>');
    expect(sitemap).toContain('/xxgk/ar-org/annual-report/2026</loc>');
    // the 2025 draft is not public; nonsense is not found
    expect((await t.app.inject({ method: 'GET', url: '/xxgk/ar-org/annual-report/2025' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/xxgk/ar-org/annual-report/x%27' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/xxgk/nope/annual-report/2026' })).statusCode).toBe(404);
  });

  it('four eyes, reach and input over the forms', async () => {
    // the department administrator generates and submits: he may not publish his own
    const r = await t.services.reports.generate(who.deptAdmin, { org: 'ar-org', year: 2025 });
    const s = await t.services.reports.submit(who.deptAdmin, { id: r.id, version: r.version });
    await expect(t.services.reports.publish(who.deptAdmin, { id: r.id, version: s.version })).rejects.toThrow('双人审核');
    await expect(t.services.reports.generate(who.stranger, { org: 'ar-org', year: 2025 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.services.reports.generate(who.editor, { org: 'ar-org', year: 2999 })).rejects.toBeInstanceOf(ValidationError);
    await expect(t.services.reports.staffReport(who.stranger, r.id)).rejects.toBeInstanceOf(NotFoundError);
    const web = await staffWeb(t.app, reviewerName, FACTORY_PASSWORD);
    await web.get(`/admin/reports/${r.id}`);
    expect(web.last.status).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(web.last.body)![1]!;
    await web.post(`/admin/reports/${r.id}/reject`, { version });
    expect(web.last.status).toBe(303);
    await web.post('/admin/reports/generate', { org: 'ar-org', year: 'abcd' });
    expect(web.last.status).toBe(409);
    expect(web.last.body).toContain('只有本机关的信息公开编辑');
    expect(other).toBeGreaterThan(0);
  });
});
