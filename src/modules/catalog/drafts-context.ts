/** What a draft operation receives: the database, the catalogue's face, the sections, notify and the staff directory. */
import type { Db } from '../../db/client.js';
import type { AccountService } from '../accounts/index.js';
import type { NotifyService } from '../notify/index.js';
import type { SectionRegistry } from './section-registry.js';
import type { CatalogService } from './service.js';

export interface DraftContext {
  db: Db;
  catalog: CatalogService;
  notify: Pick<NotifyService, 'enqueue'>;
  /** who reviews a department's drafts: active staff of departments with roles */
  accounts: Pick<AccountService, 'contactsFor'>;
  sections: SectionRegistry;
}
