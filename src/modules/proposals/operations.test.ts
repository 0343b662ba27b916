/**
 * The proposals' operations without HTTP, with a clock the test moves: registration with its due
 * day three months on (and a configured period), a co-handler's opinion, the reply and its grade,
 * the publication decision, search's document, the counts per department and year, and the
 * refusals (no handler, a grade outside A–D, a reply after publication, another department's case).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildCitizen, buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { createProposalsContext, type ProposalsContext } from './context.js';
import { addMonths, parseNumber } from './model.js';
import { giveOpinion, publishReply, replyProposal } from './operations/handle.js';
import { publicList, publicProposal, staffCase, staffList } from './operations/read.js';
import { registerProposal } from './operations/register.js';
import { nextStatus } from './policy.js';

let t: Awaited<ReturnType<typeof testApp>>;
let ctx: ProposalsContext;
let dept: number;
let other: number;
let now = new Date('2026-03-10T02:00:00Z');
const on = (ymd: string) => {
  now = new Date(`${ymd}T02:00:00Z`);
};
const who: Record<'editor' | 'reviewer' | 'coEditor' | 'coReviewer' | 'citizen' | 'admin', Principal> = {} as never;
let n = 100;
const proposal = (o: Record<string, unknown> = {}) => ({
  kind: 'npc',
  year: 2026,
  number: `第${String(++n).padStart(4, '0')}号`,
  title: '关于加快老旧小区加装电梯的建议',
  authors: '王建国（城东区代表团）\n李秀英（城东区代表团）',
  content: '我市2000年以前建成的老旧小区多为六层以下无电梯住宅，老年住户上下楼困难。建议简化加装电梯审批，提高财政补助标准。',
  mainDepartmentId: dept,
  coDepartmentIds: [other],
  ...o,
});
const REPLY = '王建国代表：您提出的关于加快老旧小区加装电梯的建议收悉。我局会同市财政局制定了加装电梯补助办法，每台补助20万元，今年已完成加装86台。';

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  ctx = createProposalsContext(t.services.database, { catalog: t.services.catalog, calendar: t.services.foi.calendar, indexer: t.services.search.indexer, clock: { now: () => now } });
  const [a, b] = [buildBundle(0), buildBundle(1)];
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const depts = await t.services.catalog.listDepartments();
  const [sa, sb] = [a.departments[0]!.slug, b.departments[0]!.slug];
  dept = depts.find((d) => d.slug === sa)!.id;
  other = depts.find((d) => d.slug === sb)!.id;
  who.editor = (await buildStaff(t.services, { role: 'editor', department: sa })).principal;
  who.reviewer = (await buildStaff(t.services, { role: 'reviewer', department: sa })).principal;
  who.coEditor = (await buildStaff(t.services, { role: 'editor', department: sb })).principal;
  who.coReviewer = (await buildStaff(t.services, { role: 'reviewer', department: sb })).principal;
  who.admin = (await buildStaff(t.services)).principal;
  who.citizen = (await buildCitizen(t.services)).principal;
});
afterAll(() => t.close());

describe('proposals', () => {
  it('reads the number and adds months as a calendar does', () => {
    expect([parseNumber('第0123号'), parseNumber('0123'), parseNumber(123), parseNumber('第一号'), parseNumber('0')]).toEqual([123, 123, 123, undefined, undefined]);
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-10', 3)).toBe('2026-06-10');
  });

  it('registers, takes the co-handler’s opinion, the reply and its grade, and publishes it into search', async () => {
    on('2026-03-10');
    const r = await registerProposal(ctx, who.editor, proposal());
    expect(r).toMatchObject({ status: 'handling', numberLabel: '第0101号', assignedOn: '2026-03-10', deadline: { dueOn: '2026-06-10', daysLeft: 92, overdue: false } });
    expect(r.authors).toEqual([{ name: '王建国', group: '城东区代表团' }, { name: '李秀英', group: '城东区代表团' }]);
    expect(r.coHandlers.map((c) => c.departmentId)).toEqual([other]);

    // the co-handler gives its opinion; the main handler may not give one for it
    await expect(giveOpinion(ctx, who.editor, { id: r.id, opinion: '我局意见如下……' })).rejects.toThrow('只有协办单位');
    const withOpinion = await giveOpinion(ctx, who.coEditor, { id: r.id, version: r.version, opinion: '市财政局已将加装电梯补助列入2026年预算，每台补助20万元。' });
    expect(withOpinion.coHandlers[0]).toMatchObject({ opinionOn: '2026-03-10' });
    // the co-handler does not reply
    await expect(replyProposal(ctx, who.coEditor, { id: r.id, grade: 'A', body: REPLY })).rejects.toThrow('只有主办单位');

    // a grade outside A–D: refused, nothing written
    on('2026-05-20');
    const bad = await replyProposal(ctx, who.editor, { id: r.id, grade: 'E', body: REPLY }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(bad.problems)).toContain('A、B、C、D');
    expect((await staffCase(ctx, who.editor, r.id)).status).toBe('handling');
    const replied = await replyProposal(ctx, who.editor, { id: r.id, grade: 'b', body: REPLY });
    expect(replied).toMatchObject({ status: 'replied', grade: 'B', repliedOn: '2026-05-20', deadline: { late: false, daysLeft: null } });
    // revised before publication: still the first reply's day
    on('2026-05-22');
    const revised = await replyProposal(ctx, who.editor, { id: r.id, version: replied.version, grade: 'A', body: REPLY });
    expect(revised).toMatchObject({ grade: 'A', repliedOn: '2026-05-20' });

    // the editor does not publish (that is the reviewer's); the other department's reviewer finds nothing to publish
    await expect(publishReply(ctx, who.editor, { id: r.id, openness: 'public' })).rejects.toBeInstanceOf(ConflictError);
    await expect(publishReply(ctx, who.coReviewer, { id: r.id, openness: 'public' })).rejects.toThrow('主办单位');
    await expect(publishReply(ctx, who.reviewer, { id: r.id, openness: 'withheld', reason: '' })).rejects.toBeInstanceOf(ValidationError);
    const published = await publishReply(ctx, who.reviewer, { id: r.id, version: revised.version, openness: 'public' });
    expect(published).toMatchObject({ status: 'published', openness: 'public', publishedOn: '2026-05-22' });

    // a reply after publication: refused with the reason
    const late = await replyProposal(ctx, who.editor, { id: r.id, grade: 'A', body: REPLY }).catch((e) => e);
    expect(late).toBeInstanceOf(ConflictError);
    expect(late.message).toContain('不能再修改答复');

    // the public page and search
    const pub = await publicProposal(ctx, r.id);
    expect(pub).toMatchObject({ grade: 'A', reply: REPLY, numberLabel: '第0101号' });
    expect(JSON.stringify(pub)).not.toContain('opinion');
    await t.services.search.refresh();
    const found = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('老旧小区加装电梯')}&kind=proposal` });
    expect(found.json().results.some((x: { url: string; kind: string }) => x.url === `/proposals/${r.id}` && x.kind === 'proposal')).toBe(true);
  });

  it('refuses a proposal without a handler, another department as the handler, a number taken, bad authors', async () => {
    on('2026-04-01');
    const none = await registerProposal(ctx, who.editor, proposal({ mainDepartmentId: '' })).catch((e) => e);
    expect(none).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(none.problems)).toContain('没有主办单位的建议提案无法交办');
    const foreign = await registerProposal(ctx, who.editor, proposal({ mainDepartmentId: other, coDepartmentIds: [] })).catch((e) => e);
    expect(JSON.stringify(foreign.problems)).toContain('只能登记本单位主办');
    const noGroup = await registerProposal(ctx, who.editor, proposal({ authors: '王建国' })).catch((e) => e);
    expect(JSON.stringify(noGroup.problems)).toContain('代表团');
    const sector = await registerProposal(ctx, who.editor, proposal({ kind: 'cppcc', authors: [{ name: '李红', group: '' }] })).catch((e) => e);
    expect(JSON.stringify(sector.problems)).toContain('界别');
    await expect(registerProposal(ctx, who.editor, proposal({ coDepartmentIds: [dept] }))).rejects.toBeInstanceOf(ValidationError);
    await expect(registerProposal(ctx, who.editor, proposal({ year: 2030 }))).rejects.toBeInstanceOf(ValidationError);
    // hostile shapes
    await expect(registerProposal(ctx, who.editor, { kind: { x: 1 }, year: [1], number: 'x'.repeat(10_000), authors: 5, mainDepartmentId: 2 ** 40 } as never)).rejects.toBeInstanceOf(ValidationError);
    const first = await registerProposal(ctx, who.editor, proposal({ number: '第0500号' }));
    await expect(registerProposal(ctx, who.editor, proposal({ number: '500' }))).rejects.toThrow('已经登记过');
    // citizens and staff without the permission: not found
    await expect(registerProposal(ctx, who.citizen, proposal())).rejects.toBeInstanceOf(NotFoundError);
    // another department's proposal (neither main nor co-handler): not found, like a missing one
    const solo = await registerProposal(ctx, who.editor, proposal({ coDepartmentIds: [] }));
    await expect(staffCase(ctx, who.coEditor, solo.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(replyProposal(ctx, who.coEditor, { id: solo.id, grade: 'A', body: REPLY })).rejects.toBeInstanceOf(NotFoundError);
    await expect(staffCase(ctx, who.editor, 'x; drop table')).rejects.toBeInstanceOf(NotFoundError);
    expect((await staffList(ctx, who.coEditor)).proposals.some((x) => x.id === solo.id)).toBe(false);
    expect((await staffList(ctx, who.coEditor)).proposals.some((x) => x.id === first.id)).toBe(true);
    // unpublished: not on the public site
    await expect(publicProposal(ctx, first.id)).rejects.toBeInstanceOf(NotFoundError);
    // a stale version
    await expect(replyProposal(ctx, who.editor, { id: first.id, version: 99, grade: 'A', body: REPLY })).rejects.toThrow('已被他人更新');
  });

  it('flags the overdue, counts per department and year, and takes a configured period', async () => {
    on('2026-08-01');
    const list = await staffList(ctx, who.editor);
    const overdue = list.proposals.filter((x) => x.deadline.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue[0]!.deadline.daysLeft).toBeLessThan(0);
    const counts = (await publicList(ctx, { year: 2026 })).counts.find((c) => c.departmentId === dept && c.year === 2026)!;
    expect(counts).toMatchObject({ total: 3, replied: 1, published: 1, overdue: 2 });
    expect((await publicList(ctx, { year: 2026, kind: 'npc' })).total).toBe(1);
    expect((await publicList(ctx, { year: 'x', department: [1] } as never)).total).toBe(1);

    const six = createProposalsContext(t.services.database, { catalog: t.services.catalog, calendar: t.services.foi.calendar, clock: { now: () => now }, replyMonths: 6 });
    const r = await registerProposal(six, who.admin, proposal({ assignedOn: '2026-07-31', coDepartmentIds: [] }));
    expect(r.deadline.dueOn).toBe('2027-01-31');
    expect(() => nextStatus('published', 'opinion')).toThrow(ConflictError);
  });
});
