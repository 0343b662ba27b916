/**
 * The catalogue's named operations: reading guides, departments, themes and special groups;
 * importing and exporting the whole catalogue; counting guide views for "hot services".
 * Routes call these and nothing below them.
 */
import type { Database, Runner, Tx } from '../../db/client.js';
import type { SearchDocInput } from '../search/index.js';
import { departments, forms, halls, specialGroups, themes } from '../../db/schema/catalog.js';
import type { ChangeBus } from '../../lib/changes.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { cleanText } from '../../lib/text.js';
import { type Actor, type AuditEntry, SYSTEM, recordAudit } from '../audit/index.js';
import { t } from '../../web/i18n/index.js';
import { type Origins, type Problem, validateBundle } from './bundle.js';
import type { CatalogueBundle, ItemInput } from './model.js';
import { formUrl, itemUrl, nestSubItems, presentDepartment, presentGuide, presentHall, presentItemSummary } from './present.js';
import * as repo from './repo.js';
import { departmentDoc, itemDocs } from './search-docs.js';

export type Audience = 'citizen' | 'enterprise';

export interface ItemQuery {
  q?: string;
  department?: number;
  theme?: string;
  audience?: Audience;
  type?: string;
  group?: string;
  topLevel?: boolean;
  limit: number;
  offset: number;
}

export interface ImportResult {
  departments: number;
  halls: number;
  themes: number;
  specialGroups: number;
  forms: number;
  items: number;
}

const BATCH = 500;

/** How the catalogue feeds the search index (the search module's indexer). */
export interface SearchIndexer {
  upsert(tx: Runner, docs: SearchDocInput[]): Promise<void>;
  removeStale(tx: Runner, kind: string, refIds: number[], keep: string[]): Promise<void>;
}

/** A department as other modules see it. */
export interface DepartmentName {
  id: number;
  slug: string;
  name: string;
  shortName: string;
}

export function createCatalogService(database: Database, changes: ChangeBus, timeZone: string, indexer?: SearchIndexer) {
  const { db } = database;
  const pendingViews = new Map<number, number>();

  const today = (offsetDays = 0) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(Date.now() + offsetDays * 86_400_000),
    );

  async function themeBySlug(slug: string) {
    const all = await repo.listThemes(db);
    return all.find((th) => th.slug === slug);
  }

  async function groupBySlug(slug: string) {
    const all = await repo.listSpecialGroups(db);
    return all.find((g) => g.slug === slug);
  }

  /** Write the search documents of these items (and their FAQ entries) in the caller's transaction. */
  async function indexItems(tx: Runner, ids: number[]) {
    if (!indexer) return;
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await repo.itemSearchRows(tx, ids.slice(i, i + BATCH));
      const docs = rows.flatMap(itemDocs);
      await indexer.upsert(tx, docs);
      // an item with fewer FAQ entries than before leaves none of the old ones behind
      const faqKeys = docs.filter((d) => d.kind === 'faq').map((d) => d.key);
      await indexer.removeStale(tx, 'faq', rows.map((r) => r.id), faqKeys);
    }
  }

  /** Every item matching a filter, with sub-items nested under their parents. */
  async function browse(filter: Pick<repo.ItemFilter, 'departmentId' | 'themeId' | 'groupId'>) {
    const list = (await repo.listItems(db, { ...filter, limit: 2000, offset: 0 })).rows.map(presentItemSummary);
    const parents = list.filter((it) => it.parentId === null).map((it) => it.id);
    const children = (await repo.childrenOf(db, parents)).map(presentItemSummary);
    return nestSubItems(list, children);
  }

  // other modules ask for department names through this map instead of joining our tables
  let names: Promise<ReadonlyMap<number, DepartmentName>> | undefined;
  changes.subscribe('catalog', () => {
    names = undefined;
  });

  const service = {
    /**
     * Every department by id (slug, name, short name), cached until the catalogue changes: how
     * letters, accounts and the next modules show a department without reading our tables.
     */
    departmentNames(): Promise<ReadonlyMap<number, DepartmentName>> {
      names ??= repo.departmentNames(db).then(
        (rows) => new Map(rows.map((d) => [d.id, d])),
        (e) => {
          names = undefined;
          throw e;
        },
      );
      return names;
    },

    async listDepartments() {
      return (await repo.listDepartments(db)).map((d) => ({ ...presentDepartment(d), itemCount: d.itemCount }));
    },

    async getDepartment(id: number) {
      const d = await repo.findDepartment(db, id);
      if (!d) throw new NotFoundError(t('error.departmentNotFound'));
      return { ...presentDepartment(d), items: await browse({ departmentId: id }) };
    },

    /** Filters by slug that match nothing give an empty list, not an error: a filter narrows. */
    async listItems(query: ItemQuery) {
      let themeId: number | undefined;
      let groupId: number | undefined;
      if (query.theme !== undefined) {
        themeId = (await themeBySlug(query.theme))?.id;
        if (themeId === undefined) return { total: 0, items: [] };
      }
      if (query.group !== undefined) {
        groupId = (await groupBySlug(query.group))?.id;
        if (groupId === undefined) return { total: 0, items: [] };
      }
      const { total, rows } = await repo.listItems(db, {
        q: query.q ? cleanText(query.q, { max: 200 }) || undefined : undefined,
        departmentId: query.department,
        themeId,
        groupId,
        audience: query.audience,
        type: query.type,
        topLevel: query.topLevel,
        limit: query.limit,
        offset: query.offset,
      });
      return { total, items: rows.map(presentItemSummary) };
    },

    async getGuide(id: number) {
      const item = await repo.findItem(db, id);
      if (!item) throw new NotFoundError(t('error.itemNotFound'));
      return presentGuide(item, await repo.itemRelations(db, item));
    },

    async listThemes() {
      return repo.listThemes(db);
    },

    /** Items other modules refer to, by id or implementation code; unknown ones are simply absent. */
    async itemRefs(keys: { ids?: number[]; codes?: string[] }) {
      const rows = await repo.itemRefs(db, keys.ids ?? [], keys.codes ?? []);
      return rows.map((r) => ({ id: r.id, implCode: r.implCode, name: r.name, departmentId: r.departmentId, outdated: r.status === 'outdated', url: itemUrl(r.id) }));
    },

    /** Forms by slug, with the address of their blank PDF; unknown slugs are simply absent. */
    async formsBySlugs(slugs: string[]) {
      return (await repo.formsBySlugs(db, slugs)).map((f) => ({ ...f, url: formUrl(f.slug) }));
    },

    async getTheme(slug: string) {
      const theme = await themeBySlug(slug);
      if (!theme) throw new NotFoundError(t('error.themeNotFound'));
      return { theme, items: await browse({ themeId: theme.id }) };
    },

    async listSpecialGroups() {
      return repo.listSpecialGroups(db);
    },

    async getSpecialGroup(slug: string) {
      const group = await groupBySlug(slug);
      if (!group) throw new NotFoundError(t('error.groupNotFound'));
      return { group, items: await browse({ groupId: group.id }) };
    },

    async getForm(slug: string) {
      const form = await repo.findForm(db, slug);
      if (!form) throw new NotFoundError(t('error.formNotFound'));
      const dept = await repo.findDepartment(db, form.departmentId);
      return { ...form, departmentName: dept?.name ?? '' };
    },

    /**
     * Hot services: the most viewed guides of the last 30 days. While the portal is new and
     * few guides have been viewed, the operator's list of common services fills the rest.
     */
    async hotServices(limit = 12) {
      const hot = await repo.hotItems(db, today(-30), limit);
      if (hot.length >= limit) return hot.map(({ id, name }) => ({ id, name }));
      const featured = JSON.parse((await repo.getMeta(db, 'featured')) ?? '[]') as string[];
      const seen = new Set(hot.map((h) => h.id));
      const fill = (await repo.itemsByImplCodes(db, featured)).filter((f) => !seen.has(f.id));
      return [...hot, ...fill].slice(0, limit).map(({ id, name }) => ({ id, name }));
    },

    /** Count a guide view; views are written in batches so reading a guide never waits on a write. */
    recordView(itemId: number) {
      pendingViews.set(itemId, (pendingViews.get(itemId) ?? 0) + 1);
    },

    async flushViews() {
      if (!pendingViews.size) return;
      const batch = new Map(pendingViews);
      pendingViews.clear();
      try {
        await repo.addViews(db, today(), batch);
      } catch {
        // the item may have been deleted meanwhile; views are statistics, not records
      }
    },

    /** Check a bundle against itself and the database; returns the problems, writes nothing. */
    async validate(bundle: CatalogueBundle): Promise<Problem[]> {
      return validateBundle(bundle, { known: await existingKeys() });
    },

    /**
     * Import a bundle: everything is validated first (including references to records that
     * already exist in the database), then written in one transaction — all or nothing.
     */
    async importBundle(
      bundle: CatalogueBundle,
      options: {
        onProgress?: (done: number, total: number) => void;
        origins?: Origins;
        actor?: Actor;
        /** audit entries to record instead of the generic import entry */
        audit?: AuditEntry[];
        /** more work that must commit or fail together with the import (e.g. a draft's publication) */
        inTransaction?: (tx: Tx) => Promise<void>;
      } = {},
    ): Promise<ImportResult> {
      const problems = validateBundle(bundle, { known: await existingKeys(), origins: options.origins });
      if (problems.length) throw new ValidationError(t('import.invalid', { count: problems.length }), problems);
      const total = bundle.items.length;
      await db.transaction(async (tx) => {
        await repo.upsertDepartments(tx, bundle.departments);
        const deptIds = await repo.slugMap(tx, departments);
        await repo.upsertHalls(tx, bundle.halls, deptIds);
        await repo.upsertThemes(tx, bundle.themes);
        await repo.upsertSpecialGroups(tx, bundle.specialGroups);
        await repo.upsertForms(tx, bundle.forms, deptIds);
        const refs = {
          departments: deptIds,
          halls: await repo.slugMap(tx, halls),
          themes: await repo.slugMap(tx, themes),
          specialGroups: await repo.slugMap(tx, specialGroups),
        };
        for (let i = 0; i < total; i += BATCH) {
          await repo.upsertItems(tx, bundle.items.slice(i, i + BATCH), refs);
          options.onProgress?.(Math.min(i + BATCH, total), total);
        }
        const links = bundle.items.map((it) => ({ implCode: it.implCode, parent: it.parent }));
        for (let i = 0; i < links.length; i += BATCH) await repo.linkParents(tx, links.slice(i, i + BATCH));
        if (indexer) {
          const ids = [...(await repo.idsByImplCodes(tx, bundle.items.map((it) => it.implCode))).values()];
          // a renamed parent changes its children's documents too
          const children = await repo.childIds(tx, ids);
          await indexItems(tx, [...new Set([...ids, ...children])]);
          const depts = (await repo.allDepartments(tx)).filter((d) => bundle.departments.some((b) => b.slug === d.slug));
          await indexer.upsert(tx, depts.map(departmentDoc));
        }
        await recordAudit(tx, options.actor ?? SYSTEM, options.audit ?? [
          {
            action: 'catalog.import',
            entity: 'catalogue',
            entityId: '*',
            after: {
              departments: bundle.departments.map((d) => d.slug),
              halls: bundle.halls.map((h) => h.slug),
              themes: bundle.themes.map((th) => th.slug),
              specialGroups: bundle.specialGroups.map((g) => g.slug),
              forms: bundle.forms.map((f) => f.slug),
              items: bundle.items.slice(0, 5000).map((it) => it.implCode),
              itemCount: total,
            },
          },
        ]);
        await options.inTransaction?.(tx);
      });
      if (!total) options.onProgress?.(0, 0);
      await changes.publish('catalog');
      return {
        departments: bundle.departments.length,
        halls: bundle.halls.length,
        themes: bundle.themes.length,
        specialGroups: bundle.specialGroups.length,
        forms: bundle.forms.length,
        items: total,
      };
    },

    /** The whole catalogue as a bundle, in the same shape an import takes. */
    async exportBundle(): Promise<CatalogueBundle> {
      const [deptRows, hallRows, themeRows, groupRows, formRows, itemRecords] = await Promise.all([
        repo.allDepartments(db),
        repo.listHalls(db),
        repo.listThemes(db),
        repo.listSpecialGroups(db),
        repo.listForms(db),
        exportItems(),
      ]);
      const deptSlug = new Map(deptRows.map((d) => [d.id, d.slug]));
      return {
        departments: deptRows.map(exportDepartment),
        halls: hallRows.map((h) => {
          const { slug, name, ...rest } = presentHall(h);
          return { slug, name, ...(h.departmentId ? { department: deptSlug.get(h.departmentId) as string } : {}), ...rest };
        }),
        themes: themeRows.map(({ id: _id, ...th }) => th),
        specialGroups: groupRows.map(({ id: _id, ...g }) => g),
        forms: formRows.map((f) => ({
          slug: f.slug,
          title: f.title,
          department: deptSlug.get(f.departmentId) as string,
          ...(f.note ? { note: f.note } : {}),
          fields: f.fields,
        })),
        items: itemRecords,
      };
    },

    /** One record in the import shape (an item by implementation code, the others by slug), or undefined. */
    async exportRecord(section: EditableSection, key: string): Promise<Record<string, unknown> | undefined> {
      switch (section) {
        case 'items':
          return (await exportItems([key]))[0];
        case 'departments': {
          const row = await repo.findDepartmentBySlug(db, key);
          return row ? exportDepartment(row) : undefined;
        }
        case 'themes': {
          const row = (await repo.listThemes(db)).find((r) => r.slug === key);
          if (!row) return undefined;
          const { id: _id, ...rest } = row;
          return rest;
        }
        case 'specialGroups': {
          const row = (await repo.listSpecialGroups(db)).find((r) => r.slug === key);
          if (!row) return undefined;
          const { id: _id, ...rest } = row;
          return rest;
        }
      }
    },

    /** Rebuild every catalogue search document (after an upgrade that added search, or a repair). */
    async reindexAll(onProgress?: (done: number, total: number) => void) {
      if (!indexer) return;
      const total = await repo.countItems(db);
      let after = 0;
      let done = 0;
      for (;;) {
        const ids = await repo.itemIdsAfter(db, after, BATCH);
        if (!ids.length) break;
        await db.transaction((tx) => indexItems(tx, ids));
        after = ids[ids.length - 1] as number;
        done += ids.length;
        onProgress?.(done, total);
      }
      await db.transaction(async (tx) => indexer.upsert(tx, (await repo.allDepartments(tx)).map(departmentDoc)));
      await changes.publish('search');
    },

    /** Mark an item outdated (kept reachable, flagged, demoted in search) or in force again. */
    async setItemStatus(implCode: string, status: 'published' | 'outdated', actor: Actor = SYSTEM) {
      const changed = await db.transaction(async (tx) => {
        const before = await repo.statusOf(tx, implCode);
        const itemId = await repo.setItemStatus(tx, implCode, status);
        if (itemId !== undefined) {
          await indexItems(tx, [itemId]);
          await recordAudit(tx, actor, [
            { action: 'item.status', entity: 'item', entityId: implCode, before: { status: before }, after: { status } },
          ]);
        }
        return itemId;
      });
      if (changed === undefined) throw new NotFoundError(t('error.itemNotFound'));
      await changes.publish('catalog');
    },

    async setFeatured(implCodes: string[]) {
      await repo.setMeta(db, 'featured', JSON.stringify(implCodes));
      await changes.publish('catalog');
    },

    async datasetKind(): Promise<string | undefined> {
      return repo.getMeta(db, 'dataset');
    },

    async setDatasetKind(kind: 'demo' | 'scale' | 'imported') {
      await repo.setMeta(db, 'dataset', kind);
    },

    async countItems() {
      return repo.countItems(db);
    },
  };

  async function exportItems(implCodes?: string[]): Promise<ItemInput[]> {
    const all = await repo.allItemsForExport(db, implCodes);
    return all.rows.map(
      ({ id, parentId, departmentId, limitNote, status: _s, version: _v, createdAt: _c, updatedAt: _u, ...it }) =>
        ({
          ...it,
          ...(parentId ? { parent: all.implCodeOf.get(parentId) as string } : {}),
          department: all.deptSlug.get(departmentId) as string,
          ...(limitNote ? { limitNote } : {}),
          halls: all.halls.get(id) ?? [],
          themes: all.themes.get(id) ?? [],
          specialGroups: all.groups.get(id) ?? [],
        }) as ItemInput,
    );
  }

  /** What the database already holds, so an import may refer to it without repeating it. */
  async function existingKeys() {
    const [d, h, th, g, f] = await Promise.all([
      repo.slugMap(db, departments),
      repo.slugMap(db, halls),
      repo.slugMap(db, themes),
      repo.slugMap(db, specialGroups),
      repo.slugMap(db, forms),
    ]);
    const codes = await repo.allImplCodes(db);
    return {
      departments: d.keys(),
      halls: h.keys(),
      themes: th.keys(),
      specialGroups: g.keys(),
      forms: f.keys(),
      items: codes,
    };
  }

  return service;
}

export type CatalogService = ReturnType<typeof createCatalogService>;

/** The sections editors change through the back office. */
export const EDITABLE_SECTIONS = ['items', 'departments', 'themes', 'specialGroups'] as const;
export type EditableSection = (typeof EDITABLE_SECTIONS)[number];

function exportDepartment(d: Parameters<typeof presentDepartment>[0]): CatalogueBundle['departments'][number] {
  const { id: _id, url: _url, ...input } = presentDepartment(d);
  return input as CatalogueBundle['departments'][number];
}
