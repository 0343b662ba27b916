/**
 * What a disclosure operation receives (docs/decisions/0015-module-shape.md): the database, a
 * clock, the working-day calendar (解读 lateness), the file store (attachments), the faces it
 * asks — the catalogue for departments and items, notify for the reviewers' message box, search's
 * indexer — and the taxonomy (kinds, categories, organisations), cached until it changes.
 */
import type { Database, Db, Runner } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { FileStore } from '../../lib/files/index.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import type { AccountService } from '../accounts/index.js';
import type { CatalogService, SearchIndexer } from '../catalog/index.js';
import type { NotifyService } from '../notify/index.js';
import type { Category, Kind, Taxonomy } from './model.js';
import * as repo from './repo.js';

export interface DisclosureDeps {
  catalog: Pick<CatalogService, 'departmentNames' | 'itemRefs' | 'listItems'>;
  accounts: Pick<AccountService, 'contactsFor'>;
  notify: Pick<NotifyService, 'enqueue'>;
  changes: ChangeBus;
  calendar: WorkCalendar;
  files: FileStore;
  indexer?: SearchIndexer & {
    keysOfKind?(tx: Runner, kind: string): Promise<string[]>;
    /** many documents in one statement per batch (the synthetic bulk seed) */
    bulkUpsert?(tx: Runner, docs: Parameters<SearchIndexer['upsert']>[1]): Promise<void>;
  };
  publicUrl: string;
  timeZone: string;
  /** the national site code (政府网站标识码) of the portal, for the page meta tags */
  siteIdCode?: string;
}

export interface Lookups extends Taxonomy {
  kindList: Kind[];
  categoryList: Category[];
  orgList: repo.OrgRow[];
  orgRows: Map<number, repo.OrgRow>;
  orgBySlug: Map<string, repo.OrgRow>;
}

export interface DisclosureContext extends DisclosureDeps {
  db: Db;
  clock: () => Date;
  lookups(): Promise<Lookups>;
  /** drop the cached taxonomy (organisations changed) */
  forget(): void;
  /** the local date, yyyy-mm-dd */
  today(): string;
  /**
   * The catalogue's counts (by category, by year) of one organisation, kept until a change is
   * published or for a minute (a scheduled article's time may come meanwhile): aggregates over an
   * organisation's articles are the costly part of its page at scale.
   */
  counted<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export function disclosureContext(database: Database, deps: DisclosureDeps, clock: () => Date = () => new Date()): DisclosureContext {
  let cached: Promise<Lookups> | undefined;
  const load = async (): Promise<Lookups> => {
    const [kinds, cats, orgs] = await Promise.all([repo.allKinds(database.db), repo.allCategories(database.db), repo.allOrgs(database.db)]);
    const kindList = kinds.map((k) => ({ slug: k.slug, name: k.name, isPolicy: k.isPolicy === 1 }));
    return {
      kindList,
      categoryList: cats,
      orgList: orgs,
      kinds: new Map(kindList.map((k) => [k.slug, k])),
      categories: new Map(cats.map((c) => [c.slug, c])),
      orgs: new Map(orgs.map((o) => [o.id, { id: o.id, name: o.name }])),
      orgRows: new Map(orgs.map((o) => [o.id, o])),
      orgBySlug: new Map(orgs.map((o) => [o.slug, o])),
    };
  };
  const counts = new Map<string, { at: number; value: Promise<unknown> }>();
  deps.changes.subscribe('disclosure', () => {
    cached = undefined;
    counts.clear();
  });
  return {
    ...deps,
    db: database.db,
    clock,
    lookups() {
      cached ??= load().catch((e) => {
        cached = undefined;
        throw e;
      });
      return cached;
    },
    forget() {
      cached = undefined;
    },
    today: () => deps.calendar.localDate(clock()),
    counted<T>(key: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const hit = counts.get(key);
      if (hit && now - hit.at < 60_000) return hit.value as Promise<T>;
      if (counts.size > 5000) counts.clear();
      const value = load().catch((e) => {
        counts.delete(key);
        throw e;
      });
      counts.set(key, { at: now, value });
      return value;
    },
  };
}
