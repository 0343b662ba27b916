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

export interface LiveCounts {
  rows: repo.CountRow[];
  byOrg: Map<number, repo.CountRow[]>;
  /** when these counts stop being true without a change on the bus: the next scheduled publication (ms since the epoch; Infinity: none) */
  until: number;
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
   * How many live articles there are, by organisation × kind × category × year × validity: the
   * catalogue's counts and every list's total are sums over these few thousand rows, read from
   * disclosure_article_counts once per change (the bus) and kept in memory until the next
   * change or the next scheduled publication.
   */
  liveCounts(): Promise<LiveCounts>;
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
  let counts: { at: number; value: Promise<LiveCounts> } | undefined;
  const loadCounts = async (): Promise<LiveCounts> => {
    const at = ctx.clock();
    const [published, due, next] = await Promise.all([repo.publishedCounts(database.db), repo.dueScheduledCounts(database.db, at), repo.nextScheduledAt(database.db, at)]);
    const rows = [...published, ...due];
    const byOrg = new Map<number, repo.CountRow[]>();
    for (const r of rows) {
      const list = byOrg.get(r.orgId);
      if (list) list.push(r);
      else byOrg.set(r.orgId, [r]);
    }
    return { rows, byOrg, until: next ? next.getTime() : Number.POSITIVE_INFINITY };
  };
  deps.changes.subscribe('disclosure', () => {
    cached = undefined;
    counts = undefined;
  });
  const ctx: DisclosureContext = {
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
    today: () => deps.calendar.localDate(ctx.clock()),
    liveCounts() {
      const hit = counts;
      if (hit && ctx.clock().getTime() < hit.at) return hit.value;
      const value = loadCounts();
      // kept until the next scheduled publication; a change meanwhile (the bus) drops them
      const entry = { at: Number.POSITIVE_INFINITY, value };
      counts = entry;
      value.then(
        (c) => {
          if (counts === entry) entry.at = c.until;
        },
        () => {
          if (counts === entry) counts = undefined;
        },
      );
      return value;
    },
  };
  return ctx;
}
