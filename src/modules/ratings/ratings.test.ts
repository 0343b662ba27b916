/**
 * The ratings operations without HTTP, on a context with a clock the test moves: a subject opened
 * (idempotently) → rated once → a bad rating opens a rectification due in 15 working days → closed
 * with the measures and the callback; the invitation sent once, 3 days after conclusion; overdue
 * flagged once; isolation between raters and departments; the public figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildBundle, buildDepartment, buildItem } from '../../../test/factories/catalog.js';
import { buildCitizen, buildStaff } from '../../../test/factories/accounts.js';
import { buildRatableSubject } from '../../../test/factories/ratings.js';
import { testApp } from '../../../test/helpers.js';
import { createRatingsContext, type RatingsContext } from './context.js';
import { runRatingJobs } from './operations/jobs.js';
import { openRatable, type RatableSubject } from './operations/open.js';
import { satisfaction } from './operations/public.js';
import { followUpSubject, myRatings, rateSubject, ratingView } from './operations/rate.js';
import { closeRectification, rectificationFor, rectificationQueue } from './operations/rectify.js';
import { RATING_TRANSITIONS, RECTIFICATION_TRANSITIONS } from './policy.js';

let t: Awaited<ReturnType<typeof testApp>>;
let ctx: RatingsContext;
let now = new Date('2026-03-02T02:00:00Z'); // a Monday, 10:00 in Shanghai
const invitations: { userId: number; vars: Record<string, string | number> }[] = [];
const staffNotices: { template: string }[] = [];
let deptA: number;
let deptB: number;
let citizen: Principal;
let other: Principal;
let handlerA: Principal;
let handlerB: Principal;
let admin: Principal;
let editorA: Principal;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const bundle = buildBundle(1);
  const second = buildDepartment();
  bundle.departments.push(second);
  bundle.items.push(buildItem({ department: second.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug }));
  await t.services.catalog.importBundle(bundle);
  const depts = await t.services.catalog.listDepartments();
  deptA = depts.find((d) => d.slug === bundle.departments[0]!.slug)!.id;
  deptB = depts.find((d) => d.slug === second.slug)!.id;
  ctx = createRatingsContext(t.db.database, {
    catalog: t.services.catalog,
    accounts: {
      contactsFor: t.services.accounts.contactsFor,
      notifyAccount: async (_tx, userId, _template, vars) => {
        invitations.push({ userId, vars });
        return 1;
      },
    },
    notify: {
      enqueueMany: async (_tx, messages) => {
        for (const m of messages) staffNotices.push({ template: m.template });
        return messages.length;
      },
    },
    calendar: t.services.letters.calendar,
    clock: { now: () => now },
  });
  citizen = (await buildCitizen(t.services)).principal;
  other = (await buildCitizen(t.services)).principal;
  const slugA = bundle.departments[0]!.slug;
  handlerA = (await buildStaff(t.services, { role: 'handler', department: slugA })).principal;
  editorA = (await buildStaff(t.services, { role: 'editor', department: slugA })).principal;
  handlerB = (await buildStaff(t.services, { role: 'handler', department: second.slug })).principal;
  admin = (await buildStaff(t.services)).principal;
});
afterAll(() => t.close());

const open = (o: Partial<RatableSubject> = {}) => {
  const s = buildRatableSubject({ departmentId: deptA, raterUserId: citizen.userId, concludedAt: now, ...o });
  return t.db.database.db.transaction((tx) => openRatable(ctx, tx, s)).then(() => s);
};

const callback = { callbackDate: '2026-03-05', callbackMethod: 'phone', callbackResult: 'satisfied', callbackNote: '电话回访，办事人认可整改措施。' };

describe('ratings operations', () => {
  it('opens once per kind and subject, rates once, and a bad rating opens a rectification due in 15 working days, closed with its callback', async () => {
    const s = await open();
    await open({ subjectRef: s.subjectRef, title: '第二次打开不会改变任何内容' });
    const before = await ratingView(ctx, citizen, 'application', s.subjectRef);
    expect(before.title).toBe(s.title);
    expect(before.actions).toEqual({ rate: true, followUp: false });

    const { view, created } = await rateSubject(ctx, citizen, { kind: 'application', subjectRef: s.subjectRef, level: 'very_unsatisfied', reasons: ['slow', 'rude'], comment: '办理时间太长' });
    expect(created).toBe(true);
    expect(view.level).toBe('very_unsatisfied');
    expect(view.rectification?.status).toBe('open');
    // 2026-03-02 + 15 working days = 2026-03-23 (no holiday in between), end of that day
    expect(t.services.letters.calendar.localDate(view.rectification!.dueAt)).toBe('2026-03-23');
    expect(staffNotices.filter((n) => n.template === 'rectification-opened')).toHaveLength(1);

    // a second rating: a clear refusal, nothing changed
    await expect(rateSubject(ctx, citizen, { kind: 'application', subjectRef: s.subjectRef, level: 'very_satisfied' })).rejects.toThrow(/已经评价过了/);
    expect((await ratingView(ctx, citizen, 'application', s.subjectRef)).level).toBe('very_unsatisfied');

    // 追评 once
    await followUpSubject(ctx, citizen, 'application', s.subjectRef, { followUp: '后来窗口主动联系了我。' });
    await expect(followUpSubject(ctx, citizen, 'application', s.subjectRef, { followUp: '再追评一次' })).rejects.toBeInstanceOf(ConflictError);

    const queue = await rectificationQueue(ctx, handlerA, 'open', { limit: 10, offset: 0 });
    const r = queue.rectifications.find((x) => x.subject.subjectRef === s.subjectRef)!;
    expect(r.subject.reasons).toEqual(['办理时间长', '工作人员态度差、推诿']);
    expect(r.subject.followUp).toBe('后来窗口主动联系了我。');

    now = new Date('2026-03-05T08:00:00Z');
    // bad input: nothing changed
    await expect(closeRectification(ctx, handlerA, r.id, { version: r.version, measures: '短', ...callback })).rejects.toBeInstanceOf(BadRequestError);
    await expect(closeRectification(ctx, handlerA, r.id, { version: r.version, measures: '已对窗口人员进行服务规范培训并致歉。', ...callback, callbackDate: '2026-02-30' })).rejects.toThrow(/回访日期/);
    await expect(closeRectification(ctx, handlerA, r.id, { version: r.version, measures: '已对窗口人员进行服务规范培训并致歉。', ...callback, callbackMethod: 'pigeon' })).rejects.toThrow(/回访方式/);
    // another department's case is "not found"; a role without the permission is refused
    await expect(closeRectification(ctx, handlerB, r.id, { version: r.version, measures: '已对窗口人员进行服务规范培训并致歉。', ...callback })).rejects.toBeInstanceOf(NotFoundError);
    await expect(rectificationFor(ctx, handlerB, r.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(rectificationFor(ctx, editorA, r.id)).rejects.toMatchObject({ status: 403 });

    const closed = await closeRectification(ctx, handlerA, r.id, { version: r.version, measures: '已对窗口人员进行服务规范培训并致歉。', ...callback });
    expect(closed.status).toBe('closed');
    expect(closed.callback?.result).toBe('满意');
    // twice: refused, nothing changed
    await expect(closeRectification(ctx, handlerA, r.id, { version: closed.version, measures: '再办结一次试试看看', ...callback })).rejects.toThrow(/已经办结/);
    const audit = await t.services.audit.search({ entity: 'rectification', entityId: String(r.id), limit: 10, offset: 0 });
    expect(audit.entries.map((a) => a.action)).toEqual(expect.arrayContaining(['rectification.opened', 'rectification.closed']));
  });

  it('opens no rectification for a good rating, and checks the reasons against the level', async () => {
    const s = await open();
    await expect(rateSubject(ctx, citizen, { kind: 'application', subjectRef: s.subjectRef, level: 'satisfied', reasons: ['rude'] })).rejects.toThrow(/不在/);
    await expect(rateSubject(ctx, citizen, { kind: 'application', subjectRef: s.subjectRef, level: 'unsatisfied' })).rejects.toThrow(/至少勾选一项原因/);
    await expect(rateSubject(ctx, citizen, { kind: 'application', subjectRef: s.subjectRef, level: 'great' })).rejects.toBeInstanceOf(BadRequestError);
    await expect(rateSubject(ctx, citizen, { kind: 'application', subjectRef: s.subjectRef, level: 'basically', comment: '长'.repeat(501) })).rejects.toThrow(/500/);
    const { view } = await rateSubject(ctx, citizen, { kind: 'application', subjectRef: s.subjectRef, level: 'satisfied', reasons: ['noTrips', 'fast', 'fast'] });
    expect(view.reasons.map((r) => r.code)).toEqual(['fast', 'noTrips']);
    expect(view.rectification).toBeNull();
  });

  it('shows a subject to its rater only: anyone else, staff included, gets "not found"', async () => {
    const s = await open();
    for (const p of [other, handlerA, admin, undefined]) {
      await expect(ratingView(ctx, p, 'application', s.subjectRef)).rejects.toBeInstanceOf(NotFoundError);
      await expect(rateSubject(ctx, p, { kind: 'application', subjectRef: s.subjectRef, level: 'very_unsatisfied', reasons: ['slow'] })).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(ratingView(ctx, citizen, 'booking', s.subjectRef)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ratingView(ctx, citizen, 'application', `${s.subjectRef}x`)).rejects.toBeInstanceOf(NotFoundError);
    expect((await ratingView(ctx, citizen, 'application', s.subjectRef)).level).toBeNull();
    const mine = await myRatings(ctx, other, { awaiting: { limit: 50, offset: 0 }, rated: { limit: 50, offset: 0 } });
    expect(mine.awaiting.rows.some((r) => r.subjectRef === s.subjectRef)).toBe(false);
  });

  it('refuses a subject a caller got wrong, with a clear message', async () => {
    const bad = buildRatableSubject({ departmentId: deptA, raterUserId: citizen.userId, subjectRef: 'a b/c' });
    await expect(t.db.database.db.transaction((tx) => openRatable(ctx, tx, bad))).rejects.toBeInstanceOf(AppError);
    const noUrl = buildRatableSubject({ departmentId: deptA, raterUserId: citizen.userId, detailUrl: 'https://evil.example/' });
    await expect(t.db.database.db.transaction((tx) => openRatable(ctx, tx, noUrl))).rejects.toThrow(/detailUrl/);
  });

  it('invites once, 3 days after conclusion, and flags an overdue rectification once', async () => {
    now = new Date('2026-04-01T02:00:00Z');
    const s = await open({ concludedAt: now });
    const rated = await open({ concludedAt: now });
    await rateSubject(ctx, citizen, { kind: 'application', subjectRef: rated.subjectRef, level: 'unsatisfied', reasons: ['manyTrips'] });
    const mine = (x: typeof invitations) => x.filter((i) => String(i.vars.link).endsWith(encodeURIComponent(s.subjectRef)));

    now = new Date('2026-04-03T02:00:00Z'); // two days later
    await runRatingJobs(ctx);
    expect(mine(invitations)).toHaveLength(0);
    now = new Date('2026-04-04T02:00:01Z'); // three days and a second
    await runRatingJobs(ctx);
    expect(mine(invitations)).toHaveLength(1);
    expect(invitations.some((i) => String(i.vars.link).endsWith(encodeURIComponent(rated.subjectRef)))).toBe(false);
    now = new Date('2026-04-10T02:00:00Z');
    await Promise.all([runRatingJobs(ctx), runRatingJobs(ctx)]);
    expect(mine(invitations)).toHaveLength(1);

    // 15 working days from 2026-04-01 (清明 on 4-4..4-6) pass by 2026-05-01
    const overdueBefore = staffNotices.filter((n) => n.template === 'rectification-overdue').length;
    now = new Date('2026-05-20T02:00:00Z');
    const q = await rectificationQueue(ctx, handlerA, 'overdue', { limit: 50, offset: 0 });
    expect(q.rectifications.some((r) => r.subject.subjectRef === rated.subjectRef && r.overdue)).toBe(true);
    await runRatingJobs(ctx);
    await runRatingJobs(ctx);
    expect(staffNotices.filter((n) => n.template === 'rectification-overdue').length).toBeGreaterThan(overdueBefore);
    const flagged = (await t.services.audit.search({ action: 'rectification.overdue', limit: 100, offset: 0 })).entries;
    expect(flagged.length).toBeGreaterThan(0);
    expect(new Set(flagged.map((r) => r.entityId)).size).toBe(flagged.length);
  });

  it('counts the public figures: levels, % satisfied, bad ratings rectified on time, per department', async () => {
    now = new Date('2026-06-01T02:00:00Z');
    const figures = async () => (await satisfaction(ctx, { department: deptB })).figures;
    const start = await figures();
    expect(start.total).toBe(0);
    const rate = async (level: string, reasons: string[] = []) => {
      const s = await open({ departmentId: deptB, raterUserId: other.userId });
      await rateSubject(ctx, other, { kind: 'application', subjectRef: s.subjectRef, level, reasons });
      return s;
    };
    await rate('very_satisfied');
    await rate('satisfied');
    await rate('basically');
    const late = await rate('unsatisfied', ['slow']);
    const onTime = await rate('very_unsatisfied', ['rude']);
    await rate('unsatisfied', ['overdue']);
    const q = await rectificationQueue(ctx, handlerB, 'open', { limit: 50, offset: 0 });
    const idOf = (ref: string) => q.rectifications.find((r) => r.subject.subjectRef === ref)!;
    now = new Date('2026-06-05T02:00:00Z');
    await closeRectification(ctx, handlerB, idOf(onTime.subjectRef).id, { version: 1, measures: '已约谈窗口负责人并整改服务流程。', ...callback, callbackDate: '2026-06-05' });
    now = new Date('2026-07-30T02:00:00Z');
    await closeRectification(ctx, handlerB, idOf(late.subjectRef).id, { version: 1, measures: '已优化审核流程，压缩办理时限。', ...callback, callbackDate: '2026-07-30' });

    const f = (await satisfaction(ctx, { department: deptB })).figures;
    expect(f.total).toBe(6);
    expect(f.levels).toEqual({ very_satisfied: 1, satisfied: 1, basically: 1, unsatisfied: 2, very_unsatisfied: 1 });
    expect(f.satisfiedRate).toBeCloseTo(0.5);
    expect(f.bad).toBe(3);
    expect(f.rectifiedOnTime).toBe(1);
    expect(f.rectifiedOnTimeRate).toBeCloseTo(1 / 3);
    const all = await satisfaction(ctx);
    expect(all.departments.find((d) => d.departmentId === deptB)?.total).toBe(6);
    await expect(satisfaction(ctx, { department: 999_999 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('counts one of two ratings sent at once, and closes a case once when two close it at once', async () => {
    now = new Date('2026-06-10T02:00:00Z');
    const s = await open({ departmentId: deptB, raterUserId: other.userId });
    const tries = await Promise.allSettled([
      rateSubject(ctx, other, { kind: 'application', subjectRef: s.subjectRef, level: 'unsatisfied', reasons: ['slow'] }),
      rateSubject(ctx, other, { kind: 'application', subjectRef: s.subjectRef, level: 'very_unsatisfied', reasons: ['rude'] }),
    ]);
    expect(tries.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect((tries.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const q = await rectificationQueue(ctx, handlerB, 'all', { limit: 100, offset: 0 });
    const cases = q.rectifications.filter((r) => r.subject.subjectRef === s.subjectRef);
    expect(cases).toHaveLength(1);
    const input = { version: cases[0]!.version, measures: '已核实并对审核流程作出调整。', ...callback, callbackDate: '2026-06-10' };
    const closes = await Promise.allSettled([closeRectification(ctx, handlerB, cases[0]!.id, input), closeRectification(ctx, admin, cases[0]!.id, input)]);
    expect(closes.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
  });

  it('keeps each state machine in one table', () => {
    expect(RATING_TRANSITIONS.map((x) => x.action)).toEqual(['rate', 'followUp']);
    expect(RECTIFICATION_TRANSITIONS.map((x) => `${x.from}→${x.to}`)).toEqual(['open→closed']);
  });
});
