/**
 * The catalogue's face: the operations of operations/public.ts (what citizens read) and
 * operations/import.ts (the catalogue as a whole) bound to one CatalogContext, the cached
 * department names other modules show, and the slots other modules fill on a guide page.
 */
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import { html, type SafeHtml } from '../../web/html.js';
import type { Actor } from '../audit/index.js';
import type { CatalogContext, SearchIndexer } from './context.js';
import type { CatalogueBundle } from './model.js';
import * as whole from './operations/import.js';
import * as pub from './operations/public.js';
import * as repo from './repo.js';
import type { EditableSection } from './sections.js';

export type { SearchIndexer } from './context.js';
export type { ImportResult } from './operations/import.js';
export type { Audience, ItemQuery } from './operations/public.js';
export { EDITABLE_SECTIONS, type EditableSection } from './sections.js';

/** A department as other modules see it. */
export interface DepartmentName {
  id: number;
  slug: string;
  name: string;
  shortName: string;
}

/** A hall and the published items it serves, as other modules see it (catalog's hallDirectory). */
export interface DirectoryHall {
  id: number;
  slug: string;
  name: string;
  departmentId: number | null;
  address: string;
  hours: string;
  phone: string;
  transit: string;
  windows: number;
  items: { itemId: number; name: string; implCode: string; departmentId: number; appointment: boolean }[];
}
export type HallDirectory = DirectoryHall[];

/** More about an item from another module, shown on its guide (e.g. the journeys it is part of). */
export type GuideAside = (implCode: string) => Promise<SafeHtml | ''>;
/** A guide was opened (e.g. for a signed-in person's history); must not throw or delay the page. */
export type GuideViewedListener = (request: FastifyRequest, itemId: number) => void;

export function createCatalogService(database: Database, changes: ChangeBus, timeZone: string, indexer?: SearchIndexer) {
  const ctx: CatalogContext = { db: database.db, changes, timeZone, indexer, pendingViews: new Map() };
  const asides: GuideAside[] = [];
  const viewListeners: GuideViewedListener[] = [];

  // other modules ask for department names through this map instead of joining our tables
  let names: Promise<ReadonlyMap<number, DepartmentName>> | undefined;
  let directory: Promise<HallDirectory> | undefined;
  changes.subscribe('catalog', () => {
    names = undefined;
    directory = undefined;
  });

  return {
    /**
     * Every department by id (slug, name, short name), cached until the catalogue changes: how
     * letters, accounts and the next modules show a department without reading our tables.
     */
    departmentNames(): Promise<ReadonlyMap<number, DepartmentName>> {
      names ??= repo.departmentNames(ctx.db).then(
        (rows) => new Map(rows.map((d) => [d.id, d])),
        (e) => {
          names = undefined;
          throw e;
        },
      );
      return names;
    },

    /** Show more about an item on its guide page; asides appear in the order they were added. */
    addGuideAside(aside: (implCode: string) => Promise<SafeHtml | ''>): void {
      asides.push(aside);
    },

    /** Hear of every guide opened; a listener must not throw or delay the page. */
    onGuideViewed(listener: (request: FastifyRequest, itemId: number) => void): void {
      viewListeners.push(listener);
    },

    /** What the registered asides show for an item, together. */
    async guideAsides(implCode: string): Promise<SafeHtml | ''> {
      if (!asides.length) return '';
      const parts = await Promise.all(asides.map((a) => a(implCode)));
      return parts.length === 1 ? (parts[0] as SafeHtml | '') : html`${parts}`;
    },

    /** Count a guide view and tell the listeners. */
    guideViewed(request: FastifyRequest, itemId: number): void {
      pub.recordView(ctx, itemId);
      for (const listener of viewListeners) listener(request, itemId);
    },

    /**
     * The halls and the published items each serves, cached until the catalogue changes: what the
     * appointments module builds its queues and pages on without reading our tables.
     */
    hallDirectory(): Promise<HallDirectory> {
      directory ??= Promise.all([repo.listHalls(ctx.db), repo.hallItemLinks(ctx.db)]).then(
        ([hallRows, links]) =>
          hallRows.map((h) => ({
            id: h.id,
            slug: h.slug,
            name: h.name,
            departmentId: h.departmentId,
            address: h.address,
            hours: h.hours,
            phone: h.phone,
            transit: h.transit,
            windows: h.windows,
            items: links.filter((l) => l.hallId === h.id).map(({ hallId: _h, ...l }) => l),
          })),
        (e) => {
          directory = undefined;
          throw e;
        },
      );
      return directory;
    },

    listDepartments: () => pub.listDepartments(ctx),
    getDepartment: (id: number) => pub.getDepartment(ctx, id),
    listItems: (query: pub.ItemQuery) => pub.listItems(ctx, query),
    getGuide: (id: number) => pub.getGuide(ctx, id),
    listThemes: () => pub.listThemes(ctx),
    itemRefs: (keys: { ids?: number[]; codes?: string[] }) => pub.itemRefs(ctx, keys),
    formsBySlugs: (slugs: string[]) => pub.formsBySlugs(ctx, slugs),
    getTheme: (slug: string) => pub.getTheme(ctx, slug),
    listSpecialGroups: () => pub.listSpecialGroups(ctx),
    getSpecialGroup: (slug: string) => pub.getSpecialGroup(ctx, slug),
    getForm: (slug: string) => pub.getForm(ctx, slug),
    hotServices: (limit?: number) => pub.hotServices(ctx, limit),
    recordView: (itemId: number) => pub.recordView(ctx, itemId),
    flushViews: () => pub.flushViews(ctx),

    validate: (bundle: CatalogueBundle) => whole.validate(ctx, bundle),
    importBundle: (bundle: CatalogueBundle, options?: whole.ImportOptions) => whole.importBundle(ctx, bundle, options),
    exportBundle: () => whole.exportBundle(ctx),
    exportRecord: (section: EditableSection, key: string) => whole.exportRecord(ctx, section, key),
    reindexAll: (onProgress?: (done: number, total: number) => void) => whole.reindexAll(ctx, onProgress),
    setItemStatus: (implCode: string, status: 'published' | 'outdated', actor?: Actor) => whole.setItemStatus(ctx, implCode, status, actor),
    setFeatured: (implCodes: string[]) => whole.setFeatured(ctx, implCodes),
    datasetKind: () => whole.datasetKind(ctx),
    setDatasetKind: (kind: 'demo' | 'scale' | 'imported') => whole.setDatasetKind(ctx, kind),
    countItems: () => whole.countItems(ctx),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
