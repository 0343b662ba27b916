/**
 * What every ratings operation receives: the database, the clock and the working-day calendar,
 * and the few things it uses of other modules (their faces, cut down to what ratings calls).
 * Built once by the face (index.ts); a test can build its own with another clock.
 */
import type { Database } from '../../db/client.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import { type AccountService, type CatalogService, type DepartmentName, type NotifyService, recordAudit } from './faces.js';

export interface Clock {
  now(): Date;
}

export interface RatingsDeps {
  catalog: Pick<CatalogService, 'departmentNames' | 'itemRefs'>;
  accounts: Pick<AccountService, 'contactsFor' | 'notifyAccount'>;
  notify: Pick<NotifyService, 'enqueueMany'>;
  calendar: WorkCalendar;
  /** the time; tests may pass their own */
  clock?: Clock;
}

export interface RatingsContext {
  database: Database;
  db: Database['db'];
  clock: Clock;
  calendar: WorkCalendar;
  catalog: RatingsDeps['catalog'];
  accounts: RatingsDeps['accounts'];
  notify: RatingsDeps['notify'];
  audit: { record: typeof recordAudit };
  /** a date in words, e.g. 2026年3月9日 */
  formatDate(d: Date): string;
}

export type Departments = ReadonlyMap<number, DepartmentName>;

export function createRatingsContext(database: Database, deps: RatingsDeps): RatingsContext {
  const format = new Intl.DateTimeFormat('zh-CN', { timeZone: deps.calendar.timeZone, dateStyle: 'long' });
  return {
    database,
    db: database.db,
    clock: deps.clock ?? { now: () => new Date() },
    calendar: deps.calendar,
    catalog: deps.catalog,
    accounts: deps.accounts,
    notify: deps.notify,
    audit: { record: recordAudit },
    formatDate: (d) => format.format(d),
  };
}
