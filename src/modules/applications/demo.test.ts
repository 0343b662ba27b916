/**
 * The demo's applications (data/demo/applications/cases.json), seeded with the rest of the demo
 * through the module's operations: every status is there, some cases overdue and some due soon
 * relative to the day of seeding, a 会签 stage half done with its opinions, 准予 with a certificate
 * that verifies, bad ratings with open rectification cases and one rectified with its 回访; the
 * 综合窗口 clerk and each department's reviewer find their work; seeding again adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoAccounts, seedDemo } from '../../cli/seed.js';
import type { Principal } from '../../lib/principal.js';
import { testApp } from '../../../test/helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const demo = readDemoAccounts()!;
const staff = async (username: string) => (await t.services.accounts.demoPrincipal({ username })) as Principal;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const s = t.services;
  await seedDemo(s.config, t.db.database, { verbose: false, catalog: s.catalog, accounts: s.accounts, journeys: s.journeys, letters: s.letters, certificates: s.certificates, ratings: s.ratings, disclosure: s.disclosure, appointments: s.appointments, applications: s.applications });
}, 600_000);
afterAll(() => t?.close());

describe('the demo applications', () => {
  it('cover every status, made by the demo people', async () => {
    const liming = (await t.services.accounts.demoPrincipal({ phone: '13800000001' }))!;
    const zhangwei = (await t.services.accounts.demoPrincipal({ phone: '13900000002' }))!;
    const mine = [...(await t.services.applications.mine(liming, { limit: 100 })).applications, ...(await t.services.applications.mine(zhangwei, { limit: 100 })).applications];
    expect(new Set(mine.map((a) => a.status))).toEqual(new Set(['draft', 'submitted', 'accepted', 'refused', 'correcting', 'reviewing', 'approved', 'denied', 'withdrawn']));
    expect(mine.length).toBe(await t.services.applications.count());
  });

  it('give the window clerk the submitted cases, and every reviewer demo account its department’s queue', async () => {
    const clerk = await staff('window-clerk');
    expect(clerk.role).toBe('window_clerk');
    const waiting = await t.services.applications.queue(clerk, { status: 'submitted' });
    expect(waiting.total).toBeGreaterThanOrEqual(2);
    // (the 市政府办公室's reviewer publishes government information and annual reports: its office takes no applications)
    for (const s of demo.staff.filter((x) => (x.role === 'reviewer' && x.department !== 'zfb') || (x.role === 'handler' && x.department === 'rsj'))) {
      const p = await staff(s.username);
      const queue = await t.services.applications.queue(p, {});
      expect(queue.total, s.username).toBeGreaterThan(0);
      // a reviewer's queue holds only cases its department works on
      for (const a of queue.applications) {
        const view = await t.services.applications.staffCase(p, a.no ?? a.id);
        const onRoute = view.route?.stages.some((st) => st.departments.some((d) => d.id === p.departmentId));
        expect(a.departmentId === p.departmentId || onRoute, `${s.username} ${a.no}`).toBe(true);
      }
    }
  });

  it('are overdue and due soon relative to the day of seeding, and wait mid-route with the 会签 opinions given', async () => {
    const zjj = await staff('zjj-reviewer');
    const overdue = await t.services.applications.queue(zjj, { due: 'overdue' });
    expect(overdue.applications.map((a) => a.itemName)).toContain('既有住宅加装电梯');
    const scjg = await staff('scjg-reviewer');
    const soon = await t.services.applications.queue(scjg, { due: 'soon' });
    // due within a working day, not yet late (the list also shows what is already late)
    expect(soon.applications.filter((a) => !a.overdue).length).toBeGreaterThan(0);
    // the lift: two of three departments have agreed in 联合审查, 市场监管 still to give its opinion
    const lift = overdue.applications.find((a) => a.itemName === '既有住宅加装电梯')!;
    const view = await t.services.applications.staffCase(zjj, lift.no!);
    expect(view.status).toBe('reviewing');
    expect(view.opinions.filter((o) => o.stage === 'joint').map((o) => o.kind)).toEqual(['approve', 'approve']);
    expect(view.route?.current).toBe('joint');
    // the clock explains itself in working days
    expect(view.clock?.state).toBe('running');
  });

  it('issue a certificate that verifies on 准予, and open 好差评 with rectifications of the bad ratings', async () => {
    const scjg = await staff('scjg-reviewer');
    const approved = await t.services.applications.queue(scjg, { status: 'approved' });
    const one = await t.services.applications.staffCase(scjg, approved.applications[0]!.no!);
    expect(one.decision?.certificate?.code).toBeTruthy();
    const res = await t.app.inject({ url: `/verify/${one.decision!.certificate!.code}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('有效');
    const satisfaction = await t.app.inject({ url: '/satisfaction' });
    expect(satisfaction.statusCode).toBe(200);
    expect(satisfaction.body).toContain('示范市市场监督管理局');
    // bad ratings: open cases for the departments, one closed with its callback
    const admin = await staff('sysadmin');
    const open = await t.services.ratings.queue(admin, 'open', { limit: 20, offset: 0 });
    const closed = await t.services.ratings.queue(admin, 'closed', { limit: 20, offset: 0 });
    expect([open.total, closed.total]).toEqual([2, 1]);
  });

  it('are seeded once: a second run adds nothing', async () => {
    const before = await t.services.applications.count();
    const s = t.services;
    await seedDemo(s.config, t.db.database, { verbose: false, catalog: s.catalog, accounts: s.accounts, journeys: s.journeys, letters: s.letters, certificates: s.certificates, ratings: s.ratings, disclosure: s.disclosure, appointments: s.appointments, applications: s.applications });
    expect(await t.services.applications.count()).toBe(before);
  }, 120_000);
});
