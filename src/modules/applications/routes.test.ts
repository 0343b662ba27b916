/**
 * 协同审核 routes and the clock on the real database: 或签, send back, 加签, two approvers racing
 * on one parallel stage (the stage advances once, no opinion is lost), 补正 once unless justified,
 * resubmitting only in 补正, and the clock paused by 补正 across the National Day holiday and its
 * make-up working days (调休).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../lib/errors.js';
import { buildApplicationWorld, buildSubmitted, type ApplicationWorld } from '../../../test/factories/applications.js';
import { testApp } from '../../../test/helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let w: ApplicationWorld;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0 });
  // 2026-09-28 (Monday) 10:00 in Shifan: National Day (10-01..10-07) ahead, make-up days around it
  w = await buildApplicationWorld(t.services, {
    now: new Date('2026-09-28T02:00:00Z'),
    route: (s) => ({
      stages: [
        { key: 'first', name: '初审', mode: 'all', participants: [{ department: s.lead }] },
        { key: 'either', name: '或签', mode: 'any', participants: [{ department: s.fire }, { department: s.env }] },
        { key: 'both', name: '会签', mode: 'all', participants: [{ department: s.fire }, { department: s.env }] },
      ],
    }),
  });
}, 180_000);
afterAll(() => t.close());

const accepted = async () => {
  const { no } = await buildSubmitted(w);
  await w.applications.accept(w.people.clerk, no!);
  return no!;
};

describe('routes', () => {
  it('completes an 或签 stage with one approval, sends back to an earlier stage with a reason, and adds a department (加签)', async () => {
    const no = await accepted();
    await w.applications.opine(w.people.leadReviewer, no, { stage: 'first', kind: 'approve' });
    let v = await w.applications.opine(w.people.envReviewer, no, { stage: 'either', kind: 'approve' });
    expect(v.route!.current).toBe('both'); // one of the two was enough
    // send back needs a reason and an earlier stage
    await expect(w.applications.opine(w.people.fireReviewer, no, { stage: 'both', kind: 'sendBack', to: 'first' })).rejects.toMatchObject({ status: 400 });
    await expect(w.applications.opine(w.people.fireReviewer, no, { stage: 'both', kind: 'sendBack', to: 'both', text: '请重新初审' })).rejects.toMatchObject({ status: 400 });
    v = await w.applications.opine(w.people.fireReviewer, no, { stage: 'both', kind: 'sendBack', to: 'first', text: '消防设计图纸与申请不符，请重新初审' });
    expect(v.route).toMatchObject({ current: 'first', round: 1 });
    // a page from before the send-back is stale
    await expect(w.applications.opine(w.people.envReviewer, no, { stage: 'both', kind: 'approve' })).rejects.toThrow();
    await w.applications.opine(w.people.leadReviewer, no, { stage: 'first', kind: 'approve', round: 1 });
    // 加签: the window's department joins the 或签 stage
    v = await w.applications.opine(w.people.fireReviewer, no, { stage: 'either', kind: 'addDepartment', department: w.ids.window, text: '涉及窗口部门职责' });
    expect(v.route!.stages[1]!.departments.map((d) => d.id)).toContain(w.ids.window);
    // the added department now reads the case and may act on the stage
    expect((await w.applications.staffCase(w.people.windowReviewer, no)).no).toBe(no);
    v = await w.applications.opine(w.people.windowReviewer, no, { stage: 'either', kind: 'approve' });
    expect(v.route!.current).toBe('both');
    expect(v.opinions.map((o) => o.kind)).toEqual(['approve', 'approve', 'sendBack', 'approve', 'addDepartment', 'approve']);
    expect(v.history.filter((e) => e.kind.startsWith('opinion.')).every((e) => e.actor !== '')).toBe(true);
  });

  it('lets two approvers race on a 会签 stage: the stage advances once and both opinions are kept', async () => {
    const no = await accepted();
    await w.applications.opine(w.people.leadReviewer, no, { stage: 'first', kind: 'approve' });
    await w.applications.opine(w.people.fireReviewer, no, { stage: 'either', kind: 'approve' });
    const results = await Promise.allSettled([
      w.applications.opine(w.people.fireReviewer, no, { stage: 'both', kind: 'approve', text: '消防同意' }),
      w.applications.opine(w.people.envReviewer, no, { stage: 'both', kind: 'approve', text: '环保同意' }),
      // the same department twice at once: one of the two is refused
      w.applications.opine(w.people.fireHandler, no, { stage: 'both', kind: 'approve', text: '消防再次同意' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const v = await w.applications.staffCase(w.people.leadAdmin, no);
    expect(v.route!.outcome).toBe('approved');
    const both = v.opinions.filter((o) => o.stage === 'both');
    expect(both.map((o) => o.department).sort()).toEqual([...new Set(both.map((o) => o.department))].sort());
    expect(both).toHaveLength(2);
    expect(v.history.filter((e) => e.kind === 'stageCompleted')).toHaveLength(3);
    // approving twice after the fact: refused, nothing changed
    await expect(w.applications.opine(w.people.envReviewer, no, { stage: 'both', kind: 'approve' })).rejects.toMatchObject({ status: 409 });
    expect((await w.applications.staffCase(w.people.leadAdmin, no)).version).toBe(v.version);
  });
});

describe('补正 and the clock', () => {
  it('pauses the clock across the National Day holiday, moves the deadline by the paused working days, and allows one notice unless justified', async () => {
    w.clock.set(new Date('2026-09-28T02:00:00Z'));
    const no = await accepted();
    let v = await w.applications.staffCase(w.people.leadReviewer, no);
    const due = v.clock!.dueAt!;
    // resubmitting a case not in 补正
    await expect(w.applications.resubmit(w.people.citizen, no)).rejects.toThrow(ConflictError);
    // the notice on Tuesday 29 September
    w.clock.set(new Date('2026-09-29T02:00:00Z'));
    v = await w.applications.requestCorrection(w.people.leadReviewer, no, { items: [{ material: '经营场所平面图', what: '平面图未标注面积' }, { field: '经营地址', what: '门牌号不完整' }] });
    expect(v.status).toBe('correcting');
    expect(v.clock).toMatchObject({ state: 'paused', dueAt: null });
    expect(v.clock!.explanation.join('')).toContain('计时暂停');
    const mine = await w.applications.myCase(w.people.citizen, no);
    expect(mine.openCorrection!.items).toHaveLength(2);
    // the applicant resubmits on Thursday 8 October, after the holiday
    w.clock.set(new Date('2026-10-08T02:00:00Z'));
    v = (await w.applications.resubmit(w.people.citizen, no)) as never;
    const back = await w.applications.staffCase(w.people.leadReviewer, no);
    expect(back.status).toBe('reviewing');
    expect(back.clock!.state).toBe('running');
    const paused = back.clock!.pausedDays;
    // 9-30 and 10-08 are working days: the holiday days in between do not count
    expect(paused).toBe(2);
    const calendar = w.applications.calendar;
    expect(calendar.workingDaysBetween(new Date(due), new Date(back.clock!.dueAt!))).toBe(paused);
    expect(back.clock!.explanation.join('\n')).toMatch(/国庆|中秋/);
    // a second notice needs a justification
    await expect(w.applications.requestCorrection(w.people.leadReviewer, no, { items: [{ what: '再补一份证明' }] })).rejects.toThrow('再次补正须写明理由');
    const second = await w.applications.requestCorrection(w.people.leadReviewer, no, { items: [{ what: '再补一份证明' }], justification: '补正后的平面图显示新增了仓储区域，须补充仓储区域的消防证明' });
    expect(second.correctionCount).toBe(2);
  });

  it('reminds once before the deadline and flags an overdue case once', async () => {
    w.clock.set(new Date('2026-11-02T02:00:00Z'));
    const no = await accepted();
    const due = new Date((await w.applications.staffCase(w.people.leadReviewer, no)).dueAt!);
    const first = await w.applications.runDeadlines(new Date(due.getTime() - 3_600_000));
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect((await w.applications.runDeadlines(new Date(due.getTime() - 3_600_000))).reminded).toBe(0);
    const late = await w.applications.runDeadlines(new Date(due.getTime() + 3_600_000));
    expect(late.overdue).toBeGreaterThanOrEqual(1);
    expect((await w.applications.runDeadlines(new Date(due.getTime() + 7_200_000))).overdue).toBe(0);
    w.clock.set(new Date(due.getTime() + 3_600_000));
    const overdue = await w.applications.queue(w.people.leadReviewer, { due: 'overdue' });
    expect(overdue.applications.find((a) => a.no === no)).toMatchObject({ overdue: true });
  });
});
