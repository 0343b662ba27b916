/**
 * The catalogue as a whole: validating and importing a bundle (all or nothing), exporting it in
 * the same shape, single records for the draft workflow, the search documents of the catalogue,
 * an item's status and the operator's settings. The CLI, the seed and publishing call these.
 */
import type { Runner, Tx } from '../../../db/client.js';
import { departments, forms, halls, specialGroups, themes } from '../../../db/schema/catalog.js';
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { type Actor, type AuditEntry, SYSTEM, recordAudit } from '../../audit/index.js';
import { type Origins, type Problem, validateBundle } from '../bundle.js';
import { BATCH, type CatalogContext } from '../context.js';
import type { CatalogueBundle, ItemInput } from '../model.js';
import { presentDepartment, presentHall } from '../present.js';
import * as bulk from '../bulk-repo.js';
import * as repo from '../repo.js';
import { departmentDoc, itemDocs } from '../search-docs.js';
import type { EditableSection } from '../sections.js';

export interface ImportResult {
  departments: number;
  halls: number;
  themes: number;
  specialGroups: number;
  forms: number;
  items: number;
}

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  origins?: Origins;
  actor?: Actor;
  /** audit entries to record instead of the generic import entry */
  audit?: AuditEntry[];
  /** more work that must commit or fail together with the import (e.g. a draft's publication) */
  inTransaction?: (tx: Tx) => Promise<void>;
}

/** Write the search documents of these items (and their FAQ entries) in the caller's transaction. */
async function indexItems(ctx: CatalogContext, tx: Runner, ids: number[]) {
  const { indexer } = ctx;
  if (!indexer) return;
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await bulk.itemSearchRows(tx, ids.slice(i, i + BATCH));
    const docs = rows.flatMap(itemDocs);
    await indexer.upsert(tx, docs);
    // an item with fewer FAQ entries than before leaves none of the old ones behind
    const faqKeys = docs.filter((d) => d.kind === 'faq').map((d) => d.key);
    await indexer.removeStale(tx, 'faq', rows.map((r) => r.id), faqKeys);
  }
}

/** What the database already holds, so an import may refer to it without repeating it. */
async function existingKeys(ctx: CatalogContext) {
  const { db } = ctx;
  const [d, h, th, g, f] = await Promise.all([
    repo.slugMap(db, departments),
    repo.slugMap(db, halls),
    repo.slugMap(db, themes),
    repo.slugMap(db, specialGroups),
    repo.slugMap(db, forms),
  ]);
  const codes = await bulk.allImplCodes(db);
  return { departments: d.keys(), halls: h.keys(), themes: th.keys(), specialGroups: g.keys(), forms: f.keys(), items: codes };
}

/** Check a bundle against itself and the database; returns the problems, writes nothing. */
export async function validate(ctx: CatalogContext, bundle: CatalogueBundle): Promise<Problem[]> {
  return validateBundle(bundle, { known: await existingKeys(ctx) });
}

/**
 * Import a bundle: everything is validated first (including references to records that
 * already exist in the database), then written in one transaction — all or nothing.
 */
export async function importBundle(ctx: CatalogContext, bundle: CatalogueBundle, options: ImportOptions = {}): Promise<ImportResult> {
  const problems = validateBundle(bundle, { known: await existingKeys(ctx), origins: options.origins });
  if (problems.length) throw new ValidationError(t('import.invalid', { count: problems.length }), problems);
  const total = bundle.items.length;
  await ctx.db.transaction(async (tx) => {
    await bulk.upsertDepartments(tx, bundle.departments);
    const deptIds = await repo.slugMap(tx, departments);
    await bulk.upsertHalls(tx, bundle.halls, deptIds);
    await bulk.upsertThemes(tx, bundle.themes);
    await bulk.upsertSpecialGroups(tx, bundle.specialGroups);
    await bulk.upsertForms(tx, bundle.forms, deptIds);
    const refs = {
      departments: deptIds,
      halls: await repo.slugMap(tx, halls),
      themes: await repo.slugMap(tx, themes),
      specialGroups: await repo.slugMap(tx, specialGroups),
    };
    for (let i = 0; i < total; i += BATCH) {
      await bulk.upsertItems(tx, bundle.items.slice(i, i + BATCH), refs);
      options.onProgress?.(Math.min(i + BATCH, total), total);
    }
    const links = bundle.items.map((it) => ({ implCode: it.implCode, parent: it.parent }));
    for (let i = 0; i < links.length; i += BATCH) await bulk.linkParents(tx, links.slice(i, i + BATCH));
    if (ctx.indexer) {
      const ids = [...(await bulk.idsByImplCodes(tx, bundle.items.map((it) => it.implCode))).values()];
      // a renamed parent changes its children's documents too
      const children = await bulk.childIds(tx, ids);
      await indexItems(ctx, tx, [...new Set([...ids, ...children])]);
      const depts = (await repo.allDepartments(tx)).filter((d) => bundle.departments.some((b) => b.slug === d.slug));
      await ctx.indexer.upsert(tx, depts.map(departmentDoc));
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
  await ctx.changes.publish('catalog');
  return {
    departments: bundle.departments.length,
    halls: bundle.halls.length,
    themes: bundle.themes.length,
    specialGroups: bundle.specialGroups.length,
    forms: bundle.forms.length,
    items: total,
  };
}

async function exportItems(ctx: CatalogContext, implCodes?: string[]): Promise<ItemInput[]> {
  const all = await bulk.allItemsForExport(ctx.db, implCodes);
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

function exportDepartment(d: Parameters<typeof presentDepartment>[0]): CatalogueBundle['departments'][number] {
  const { id: _id, url: _url, ...input } = presentDepartment(d);
  return input as CatalogueBundle['departments'][number];
}

/** The whole catalogue as a bundle, in the same shape an import takes. */
export async function exportBundle(ctx: CatalogContext): Promise<CatalogueBundle> {
  const { db } = ctx;
  const [deptRows, hallRows, themeRows, groupRows, formRows, itemRecords] = await Promise.all([
    repo.allDepartments(db),
    repo.listHalls(db),
    repo.listThemes(db),
    repo.listSpecialGroups(db),
    repo.listForms(db),
    exportItems(ctx),
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
}

/** One record in the import shape (an item by implementation code, the others by slug), or undefined. */
export async function exportRecord(ctx: CatalogContext, section: EditableSection, key: string): Promise<Record<string, unknown> | undefined> {
  switch (section) {
    case 'items':
      return (await exportItems(ctx, [key]))[0];
    case 'departments': {
      const row = await repo.findDepartmentBySlug(ctx.db, key);
      return row ? exportDepartment(row) : undefined;
    }
    case 'themes': {
      const row = (await repo.listThemes(ctx.db)).find((r) => r.slug === key);
      if (!row) return undefined;
      const { id: _id, ...rest } = row;
      return rest;
    }
    case 'specialGroups': {
      const row = (await repo.listSpecialGroups(ctx.db)).find((r) => r.slug === key);
      if (!row) return undefined;
      const { id: _id, ...rest } = row;
      return rest;
    }
  }
}

/** Rebuild every catalogue search document (after an upgrade that added search, or a repair). */
export async function reindexAll(ctx: CatalogContext, onProgress?: (done: number, total: number) => void) {
  const { db, indexer } = ctx;
  if (!indexer) return;
  const total = await repo.countItems(db);
  let after = 0;
  let done = 0;
  for (;;) {
    const ids = await bulk.itemIdsAfter(db, after, BATCH);
    if (!ids.length) break;
    await db.transaction((tx) => indexItems(ctx, tx, ids));
    after = ids[ids.length - 1] as number;
    done += ids.length;
    onProgress?.(done, total);
  }
  await db.transaction(async (tx) => indexer.upsert(tx, (await repo.allDepartments(tx)).map(departmentDoc)));
  await ctx.changes.publish('search');
}

/** Mark an item outdated (kept reachable, flagged, demoted in search) or in force again. */
export async function setItemStatus(ctx: CatalogContext, implCode: string, status: 'published' | 'outdated', actor: Actor = SYSTEM) {
  const changed = await ctx.db.transaction(async (tx) => {
    const before = await repo.statusOf(tx, implCode);
    const itemId = await repo.setItemStatus(tx, implCode, status);
    if (itemId !== undefined) {
      await indexItems(ctx, tx, [itemId]);
      await recordAudit(tx, actor, [{ action: 'item.status', entity: 'item', entityId: implCode, before: { status: before }, after: { status } }]);
    }
    return itemId;
  });
  if (changed === undefined) throw new NotFoundError(t('error.itemNotFound'));
  await ctx.changes.publish('catalog');
}

/** The operator's list of common services, shown among the hot ones while few guides have been viewed. */
export async function setFeatured(ctx: CatalogContext, implCodes: string[]) {
  await repo.setMeta(ctx.db, 'featured', JSON.stringify(implCodes));
  await ctx.changes.publish('catalog');
}

/** Which data the catalogue holds: the demo, the synthetic scale set or an operator's import. */
export async function datasetKind(ctx: CatalogContext): Promise<string | undefined> {
  return repo.getMeta(ctx.db, 'dataset');
}

export async function setDatasetKind(ctx: CatalogContext, kind: 'demo' | 'scale' | 'imported') {
  await repo.setMeta(ctx.db, 'dataset', kind);
}

export async function countItems(ctx: CatalogContext) {
  return repo.countItems(ctx.db);
}
