/**
 * 一窗受理: a 综合窗口 clerk of any department accepts any item's submitted case — the working-day
 * clock starts from the item's promised limit (承诺时限) and the case goes to the first stage of
 * its route — or refuses to accept it with a reason (不予受理).
 */
import { ConflictError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { pendingDepartments, type RouteDefinition, routeDepartments, type RouteState, startRoute } from '../approval.js';
import type { ApplicationsContext } from '../context.js';
import { msg } from '../messages.js';
import type { StaffView } from '../present.js';
import * as repo from '../repo.js';
import { type CaseRef, changeApplication, type Departments, dayOf, reasonOf, staffLink } from './case.js';
import { staffView } from './reads.js';

/** The departments working on a case at a point of its route: the item's own, the route's, the added; pending: the current stage's. */
export function departmentRows(names: Departments, leadId: number, route: RouteDefinition, state: RouteState): Omit<repo.DepartmentRow, 'applicationId'>[] {
  const idOf = (slug: string) => {
    const d = names.bySlug.get(slug);
    if (!d) throw new ConflictError(msg('error.routeDepartment', { department: slug }));
    return d.id;
  };
  const pending = new Set(pendingDepartments(route, state).map(idOf));
  const added = new Set(state.added.map((a) => idOf(a.department)));
  const rows = new Map<number, Omit<repo.DepartmentRow, 'applicationId'>>();
  rows.set(leadId, { departmentId: leadId, role: 'lead', pending: pending.has(leadId) });
  for (const slug of routeDepartments(route, state)) {
    const id = idOf(slug);
    if (!rows.has(id)) rows.set(id, { departmentId: id, role: added.has(id) ? 'added' : 'route', pending: pending.has(id) });
  }
  return [...rows.values()];
}

/** Accept a submitted case: the clock starts, the route's first stage is asked. */
export async function acceptApplication(ctx: ApplicationsContext, p: Principal | undefined, input: { id: CaseRef; version?: number }): Promise<StaffView> {
  return changeApplication(ctx, p, input.id, 'accept', input.version, async (c) => {
    const item = await ctx.item(c.row.itemId);
    const route = c.row.route as RouteDefinition;
    const state = startRoute();
    const rows = departmentRows(c.names, c.row.departmentId, route, state);
    const promisedDays = item?.promisedDays ?? c.row.promisedDays ?? 0;
    const to = c.next('accept', 'window');
    const dueAt = ctx.calendar.addWorkingDays(c.now, promisedDays);
    const row = await c.save({ status: to, acceptedAt: c.now, acceptedBy: c.by.userId, windowDepartmentId: c.by.departmentId, promisedDays, dueAt, routeState: state });
    await repo.setDepartments(c.tx, row.id, rows);
    await repo.acceptMaterials(c.tx, row.id);
    await c.event('accept', { from: c.row.status, to });
    await c.audit('application.accept', row);
    const itemName = item?.name ?? '';
    await c.tellApplicant('application-accepted', { no: row.no as string, item: itemName, due: dayOf(ctx, dueAt) });
    await c.tellStaff(rows.filter((r) => r.pending).map((r) => r.departmentId), ['handler', 'reviewer', 'dept_admin'], 'application-review', {
      no: row.no as string,
      item: itemName,
      stage: route.stages[0]?.name ?? '',
      due: dayOf(ctx, dueAt),
      link: staffLink(ctx, row.no),
    });
    return c.later(() => staffView(ctx, ctx.db, row, c.by));
  });
}

/** Refuse to accept (不予受理), with the reason the applicant reads. */
export async function refuseApplication(ctx: ApplicationsContext, p: Principal | undefined, input: { id: CaseRef; reason: string; version?: number }): Promise<StaffView> {
  const reason = reasonOf(input.reason);
  return changeApplication(ctx, p, input.id, 'refuse', input.version, async (c) => {
    const to = c.next('refuse', 'window');
    const row = await c.save({ status: to, reason, concludedAt: c.now, acceptedBy: c.by.userId, windowDepartmentId: c.by.departmentId });
    await c.event('refuse', { from: c.row.status, to, note: reason });
    await c.audit('application.refuse', row, reason);
    await c.tellApplicant('application-refused', { no: row.no as string, item: (await ctx.item(row.itemId))?.name ?? '', reason });
    return c.later(() => staffView(ctx, ctx.db, row, c.by));
  });
}
