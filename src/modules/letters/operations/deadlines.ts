/**
 * Deadlines, a periodic job (run by the worker every few minutes): cases due within a working day
 * remind their department once; cases past their deadline go under supervision (督办), once, and
 * their department's administrators and the dispatchers are told.
 */
import type { LettersContext } from '../context.js';
import { REMIND_DAYS_BEFORE } from '../model.js';
import * as repo from '../repo.js';
import { addEvent, SYSTEM, tellStaff } from './case.js';

export async function runDeadlines(ctx: LettersContext, now = ctx.clock.now()) {
  const { db } = ctx;
  const soon = ctx.calendar.addWorkingDays(now, REMIND_DAYS_BEFORE);
  let reminded = 0;
  let supervised = 0;
  for (const candidate of await repo.dueForReminder(db, soon)) {
    await db.transaction(async (tx) => {
      const letter = await repo.markReminded(tx, candidate.id, now);
      if (!letter) return;
      await addEvent(tx, letter, 'reminded', null, { internal: true, departmentId: letter.departmentId });
      await tellStaff(ctx, tx, letter.departmentId, ['handler', 'dept_admin'], 'letter-due-soon', letter);
      reminded++;
    });
  }
  for (const candidate of await repo.overdue(db, now)) {
    await db.transaction(async (tx) => {
      const letter = await repo.markSupervised(tx, candidate.id, now);
      if (!letter) return;
      await addEvent(tx, letter, 'supervised', null, { departmentId: letter.departmentId });
      await ctx.audit.record(tx, SYSTEM, [{ action: 'letter.supervised', entity: 'letter', entityId: letter.trackingCode, departmentId: letter.departmentId }]);
      await tellStaff(ctx, tx, null, ['dispatcher'], 'letter-overdue', letter);
      if (letter.departmentId) await tellStaff(ctx, tx, letter.departmentId, ['dept_admin', 'handler'], 'letter-overdue', letter);
      supervised++;
    });
  }
  return { reminded, supervised };
}
