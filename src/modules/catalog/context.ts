/** What a catalogue operation receives: the database, the change bus, the portal's time zone and search's indexer. */
import type { Db, Runner } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { SearchDocInput } from '../search/index.js';

/** How the catalogue feeds the search index (the search module's indexer). */
export interface SearchIndexer {
  upsert(tx: Runner, docs: SearchDocInput[]): Promise<void>;
  removeStale(tx: Runner, kind: string, refIds: number[], keep: string[]): Promise<void>;
}

export interface CatalogContext {
  db: Db;
  changes: ChangeBus;
  timeZone: string;
  indexer?: SearchIndexer;
  /** guide views counted since the last flush, by item id */
  pendingViews: Map<number, number>;
}

/** Items written or indexed per statement. */
export const BATCH = 500;

/** The date (yyyy-mm-dd) in the portal's time zone, `offsetDays` from today. */
export const dayOf = (ctx: Pick<CatalogContext, 'timeZone'>, offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );
