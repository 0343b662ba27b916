/**
 * The to-do counts of the back-office dashboard for letters, by what the person's role does:
 * dispatchers 待派单, handlers 待办理, reviewers 待审核, and everyone who works on cases the ones
 * due soon and overdue — over the same cases (their department's, or all for portal-wide roles)
 * that the queue lists when the count is followed.
 */
import type { Database } from '../../db/client.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import { isPortalWide, type Principal } from '../../lib/principal.js';
import { todoAbilities } from './policy.js';
import { REMIND_DAYS_BEFORE } from './model.js';
import * as repo from './repo.js';

export interface LetterTodo {
  dispatch?: number;
  handle?: number;
  review?: number;
  dueSoon: number;
  overdue: number;
}

/** "due soon": within the working days before a deadline when reminders go out */
export const dueSoonLimit = (calendar: WorkCalendar, now = new Date()) => calendar.addWorkingDays(now, REMIND_DAYS_BEFORE);

export function createLetterTodo(database: Database, calendar: WorkCalendar) {
  return {
    /** undefined for staff who do not work on letters */
    async counts(p: Principal): Promise<LetterTodo | undefined> {
      const may = todoAbilities(p);
      if (!may.view) return undefined;
      const departmentId = isPortalWide(p) ? undefined : (p.departmentId ?? -1);
      const c = await repo.workCounts(database.db, departmentId, dueSoonLimit(calendar));
      return {
        dispatch: may.dispatch ? c.dispatching : undefined,
        handle: may.handle ? c.handling : undefined,
        review: may.review ? c.reviewing : undefined,
        dueSoon: c.dueSoon,
        overdue: c.overdue,
      };
    },
  };
}

export type LetterTodoService = ReturnType<typeof createLetterTodo>;
