/**
 * What every proposals operation receives: the database, the clock and calendar (local days),
 * the reply period, and what it uses of other modules (the catalogue's department names, the
 * audit log, search's indexer).
 */
import type { Database } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import type { CatalogService, SearchIndexer } from './faces.js';
import { recordAudit } from './faces.js';
import { DEFAULT_REPLY_MONTHS } from './model.js';

export interface Clock {
  now(): Date;
}

export interface ProposalsDeps {
  catalog: Pick<CatalogService, 'departmentNames'>;
  calendar: WorkCalendar;
  indexer?: SearchIndexer;
  /** tells every process's search index that documents changed */
  changes?: Pick<ChangeBus, 'publish'>;
  clock?: Clock;
  /** months from assignment to the reply's due day (default 3) */
  replyMonths?: number;
}

export interface ProposalsContext {
  database: Database;
  db: Database['db'];
  clock: Clock;
  catalog: Pick<CatalogService, 'departmentNames'>;
  indexer?: SearchIndexer;
  /** after a commit that changed search documents */
  searchChanged(): Promise<void>;
  audit: { record: typeof recordAudit };
  replyMonths: number;
  /** today, as a local date */
  today(): string;
}

export function createProposalsContext(database: Database, deps: ProposalsDeps): ProposalsContext {
  const clock = deps.clock ?? { now: () => new Date() };
  const months = deps.replyMonths;
  return {
    database,
    db: database.db,
    clock,
    catalog: deps.catalog,
    indexer: deps.indexer,
    searchChanged: async () => {
      if (deps.indexer && deps.changes) await deps.changes.publish('search');
    },
    audit: { record: recordAudit },
    replyMonths: Number.isSafeInteger(months) && months! >= 1 && months! <= 12 ? months! : DEFAULT_REPLY_MONTHS,
    today: () => deps.calendar.localDate(clock.now()),
  };
}
