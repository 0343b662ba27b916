/**
 * Deadlines, a periodic job (src/jobs, 'applications.deadlines'): a running case due within a
 * working day reminds the departments it waits for, once; a case past its deadline is flagged
 * overdue, once, in its history and the audit log, and its department's administrators are told.
 * Each flag is set by one conditional update, so two processes never remind twice.
 */
import type { ApplicationsContext } from '../context.js';
import * as repo from '../repo.js';
import { dayOf, eventRow, SYSTEM, staffLink, tellStaff } from './case.js';

export const REMIND_DAYS_BEFORE = 1;

export async function runDeadlines(ctx: ApplicationsContext, now = ctx.clock.now()) {
  const soon = ctx.calendar.addWorkingDays(now, REMIND_DAYS_BEFORE);
  let reminded = 0;
  let overdue = 0;
  const varsOf = async (row: repo.ApplicationRow) => ({ no: row.no ?? '', item: (await ctx.item(row.itemId))?.name ?? '', due: dayOf(ctx, row.dueAt), link: staffLink(ctx, row.no) });
  for (const candidate of await repo.dueForReminder(ctx.db, soon)) {
    await ctx.item(candidate.itemId); // read before the transaction (see case.ts)
    await ctx.db.transaction(async (tx) => {
      const row = await repo.markOnce(tx, candidate.id, 'remindedAt', now);
      if (!row) return;
      const pending = (await repo.departmentsOf(tx, row.id)).filter((d) => d.pending).map((d) => d.departmentId);
      await repo.insertEvents(tx, [eventRow(row, 'reminded', SYSTEM, { internal: true })]);
      await tellStaff(ctx, tx, pending.length ? pending : [row.departmentId], ['handler', 'reviewer', 'dept_admin'], 'application-due-soon', await varsOf(row));
      reminded++;
    });
  }
  for (const candidate of await repo.overdue(ctx.db, now)) {
    await ctx.item(candidate.itemId);
    await ctx.db.transaction(async (tx) => {
      const row = await repo.markOnce(tx, candidate.id, 'overdueAt', now);
      if (!row) return;
      const pending = (await repo.departmentsOf(tx, row.id)).filter((d) => d.pending).map((d) => d.departmentId);
      await repo.insertEvents(tx, [eventRow(row, 'overdue', SYSTEM, { internal: true })]);
      await ctx.audit.record(tx, SYSTEM, [{ action: 'application.overdue', entity: 'application', entityId: row.no ?? String(row.id), after: { dueAt: row.dueAt }, departmentId: row.departmentId }]);
      await tellStaff(ctx, tx, [...new Set([row.departmentId, ...pending])], ['dept_admin', 'handler'], 'application-overdue', await varsOf(row));
      overdue++;
    });
  }
  return { reminded, overdue };
}
