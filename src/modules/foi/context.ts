/**
 * What every foi operation receives: the database, the clock and the working-day calendar, the
 * file store, and what it uses of other modules (their faces, cut down to what foi calls).
 */
import type { Database, Runner } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { FileStore } from '../../lib/files/index.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import type { CatalogService, NotifyService, SearchDocInput } from './faces.js';
import { recordAudit } from './faces.js';

export interface Clock {
  now(): Date;
}

/** How foi feeds the one search (search's indexer, cut down): published replies in, withdrawn ones out. */
export interface FoiIndexer {
  upsert(tx: Runner, docs: SearchDocInput[]): Promise<void>;
  remove(tx: Runner, keys: string[]): Promise<void>;
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
  indexer?: FoiIndexer;
  /** after a commit that changed search documents */
  searchChanged(): Promise<void>;
  /** today, as a local date */
  today(): string;
}

export interface FoiDeps {
  catalog: Pick<CatalogService, 'departmentNames'>;
  notify: Pick<NotifyService, 'enqueueMany'>;
  calendar: WorkCalendar;
  files: FileStore;
  clock?: Clock;
  indexer?: FoiIndexer;
  /** tells every process's search index that documents changed */
  changes?: Pick<ChangeBus, 'publish'>;
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
    indexer: deps.indexer,
    searchChanged: async () => {
      if (deps.indexer && deps.changes) await deps.changes.publish('search');
    },
    today: () => deps.calendar.localDate(clock.now()),
  };
}
