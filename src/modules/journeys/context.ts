/**
 * What a journeys operation receives (docs/decisions/0015-module-shape.md): the database, a
 * clock, and the faces of the modules it asks — the catalogue for items, departments, themes
 * and forms, accounts for a person's channels, notify for the message box.
 */
import type { Database, Db } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { AccountService } from '../accounts/index.js';
import type { CatalogService, SearchIndexer } from '../catalog/index.js';
import type { NotifyService } from '../notify/index.js';

export interface JourneyDeps {
  catalog: CatalogService;
  accounts: AccountService;
  notify: NotifyService;
  changes: ChangeBus;
  indexer?: SearchIndexer;
  /** the address citizens use, for links in e-mail and SMS */
  publicUrl: string;
}

export interface JourneysContext extends JourneyDeps {
  /** the whole database: operations open their own transactions (`database.db.transaction`) */
  db: Db;
  /** now, for when a reminder falls due */
  clock: () => Date;
}

export function journeysContext(database: Database, deps: JourneyDeps, clock: () => Date = () => new Date()): JourneysContext {
  return { ...deps, db: database.db, clock };
}
