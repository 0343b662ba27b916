/** What a search settings operation receives: the database, the change bus and the live index to reload. */
import type { Db } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';

export interface SearchContext {
  db: Db;
  changes: ChangeBus;
  /** read synonyms and best bets again into this process's index */
  reloadSettings: () => Promise<void>;
}
