/**
 * What every foi operation receives: the database, the clock and the working-day calendar, the
 * file store, and what it uses of other modules (their faces, cut down to what foi calls).
 */
import type { Database } from '../../db/client.js';
import type { FileStore } from '../../lib/files/index.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import type { CatalogService, NotifyService } from './faces.js';
import { recordAudit } from './faces.js';

export interface Clock {
  now(): Date;
}

export interface FoiContext {
  database: Database;
  db: Database['db'];
  clock: Clock;
  calendar: WorkCalendar;
  files: FileStore;
  catalog: Pick<CatalogService, 'departmentNames'>;
  notify: Pick<NotifyService, 'enqueueMany'>;
  audit: { record: typeof recordAudit };
  /** today, as a local date */
  today(): string;
}

export interface FoiDeps {
  catalog: Pick<CatalogService, 'departmentNames'>;
  notify: Pick<NotifyService, 'enqueueMany'>;
  calendar: WorkCalendar;
  files: FileStore;
  clock?: Clock;
}

export function createFoiContext(database: Database, deps: FoiDeps): FoiContext {
  const clock = deps.clock ?? { now: () => new Date() };
  return {
    database,
    db: database.db,
    clock,
    calendar: deps.calendar,
    files: deps.files,
    catalog: deps.catalog,
    notify: deps.notify,
    audit: { record: recordAudit },
    today: () => deps.calendar.localDate(clock.now()),
  };
}
