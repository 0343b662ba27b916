/**
 * SQL for the catalogue as a whole: the writes of an import (upserts, links), the reads of an
 * export, and the rows the search index is built from. Functions take a Runner so operations
 * decide the transaction.
 */
import { asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { excludedAll } from '../../db/bulk.js';
import type { Runner } from '../../db/client.js';
import { departments, forms, halls, items, itemHalls, itemSpecialGroups, itemThemes, specialGroups, themes } from '../../db/schema/catalog.js';
import type { DepartmentInput, FormInput, HallInput, ItemInput, SpecialGroupInput, ThemeInput } from './model.js';
import type { ItemSearchRow } from './rows.js';

// ---- writes (import, seed) ------------------------------------------------------------------

const bump = { updatedAt: sql`now()` };

export async function upsertDepartments(db: Runner, rows: DepartmentInput[]): Promise<Map<string, number>> {
  if (!rows.length) return new Map();
  // input fields are named as the columns, but for the map point
  const values = rows.map(({ location, ...d }) => ({ ...d, lat: location.lat, lng: location.lng }));
  const out = await db
    .insert(departments)
    .values(values)
    .onConflictDoUpdate({
      target: departments.slug,
      set: {
        ...excludedAll(Object.keys(values[0] as object)),
        version: sql`${departments.version} + 1`,
        updatedAt: bump.updatedAt,
      },
    })
    .returning({ id: departments.id, slug: departments.slug });
  return new Map(out.map((r) => [r.slug, r.id]));
}


export async function upsertHalls(db: Runner, rows: HallInput[], deptIds: Map<string, number>) {
  if (!rows.length) return;
  const values = rows.map(({ department, location, ...h }) => ({
    ...h,
    departmentId: department ? (deptIds.get(department) ?? null) : null,
    lat: location.lat,
    lng: location.lng,
  }));
  await db
    .insert(halls)
    .values(values)
    .onConflictDoUpdate({ target: halls.slug, set: { ...excludedAll(Object.keys(values[0] as object)), updatedAt: bump.updatedAt } });
}

export async function upsertThemes(db: Runner, rows: ThemeInput[]) {
  if (!rows.length) return;
  await db
    .insert(themes)
    .values(rows)
    .onConflictDoUpdate({ target: themes.slug, set: excludedAll(Object.keys(rows[0] as object)) });
}

export async function upsertSpecialGroups(db: Runner, rows: SpecialGroupInput[]) {
  if (!rows.length) return;
  await db
    .insert(specialGroups)
    .values(rows)
    .onConflictDoUpdate({ target: specialGroups.slug, set: excludedAll(Object.keys(rows[0] as object)) });
}

export async function upsertForms(db: Runner, rows: FormInput[], deptIds: Map<string, number>) {
  if (!rows.length) return;
  const values = rows.map((f) => ({
    slug: f.slug,
    title: f.title,
    departmentId: deptIds.get(f.department) as number,
    note: f.note ?? null,
    fields: f.fields,
  }));
  await db
    .insert(forms)
    .values(values)
    .onConflictDoUpdate({ target: forms.slug, set: excludedAll(Object.keys(values[0] as object)) });
}

export interface ItemRefs {
  departments: Map<string, number>;
  halls: Map<string, number>;
  themes: Map<string, number>;
  specialGroups: Map<string, number>;
}

/**
 * Insert or update items by implCode, then their halls, themes and special groups, then their
 * parent links (a parent may come later in the same batch). Items whose content is unchanged
 * keep their version; changed ones get version + 1.
 */
export async function upsertItems(db: Runner, rows: ItemInput[], refs: ItemRefs): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (!rows.length) return ids;
  // input fields are named as the columns; the links (department, halls, themes, groups,
  // parent) are resolved to ids or written to their own tables
  const values = rows.map(({ department, halls: _h, themes: _t, specialGroups: _g, parent: _p, limitNote, ...it }) => ({
    ...it,
    departmentId: refs.departments.get(department) as number,
    limitNote: limitNote ?? null,
  }));
  const keys = Object.keys(values[0] as object);
  const changed = sql.raw(
    `(${keys.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).map((c) => `items.${c} is distinct from excluded.${c}`).join(' or ')})`,
  );
  const out = await db
    .insert(items)
    .values(values)
    .onConflictDoUpdate({
      target: items.implCode,
      set: {
        ...excludedAll(keys),
        version: sql`case when ${changed} then ${items.version} + 1 else ${items.version} end`,
        updatedAt: sql`case when ${changed} then now() else ${items.updatedAt} end`,
      },
    })
    .returning({ id: items.id, implCode: items.implCode });
  for (const r of out) ids.set(r.implCode, r.id);
  const itemIds = out.map((r) => r.id);

  await db.delete(itemHalls).where(inArray(itemHalls.itemId, itemIds));
  await db.delete(itemThemes).where(inArray(itemThemes.itemId, itemIds));
  await db.delete(itemSpecialGroups).where(inArray(itemSpecialGroups.itemId, itemIds));
  const hallRows = rows.flatMap((it) =>
    it.halls.map((h, sort) => ({ itemId: ids.get(it.implCode) as number, hallId: refs.halls.get(h) as number, sort })),
  );
  const themeRows = rows.flatMap((it) =>
    it.themes.map((th) => ({ itemId: ids.get(it.implCode) as number, themeId: refs.themes.get(th) as number })),
  );
  const groupRows = rows.flatMap((it) =>
    it.specialGroups.map((g) => ({ itemId: ids.get(it.implCode) as number, groupId: refs.specialGroups.get(g) as number })),
  );
  if (hallRows.length) await db.insert(itemHalls).values(hallRows);
  if (themeRows.length) await db.insert(itemThemes).values(themeRows);
  if (groupRows.length) await db.insert(itemSpecialGroups).values(groupRows);
  return ids;
}

/** Point each item at its parent (by implCode), or at none. */
export async function linkParents(db: Runner, links: { implCode: string; parent: string | undefined }[]) {
  if (!links.length) return;
  const codes = [...new Set(links.flatMap((l) => (l.parent ? [l.implCode, l.parent] : [l.implCode])))];
  const rows = await db.select({ id: items.id, implCode: items.implCode }).from(items).where(inArray(items.implCode, codes));
  const idOf = new Map(rows.map((r) => [r.implCode, r.id]));
  const byParent = new Map<number | null, number[]>();
  for (const l of links) {
    const parentId = l.parent ? (idOf.get(l.parent) ?? null) : null;
    const list = byParent.get(parentId) ?? [];
    list.push(idOf.get(l.implCode) as number);
    byParent.set(parentId, list);
  }
  for (const [parentId, childIds] of byParent) {
    await db.update(items).set({ parentId }).where(inArray(items.id, childIds));
  }
}

/** Every item with the slugs of what it links to, for export. */
/** Items with everything an export needs; all of them, or those with the given implementation codes. */
export async function allItemsForExport(db: Runner, implCodes?: string[]) {
  const rows = await db
    .select()
    .from(items)
    .where(implCodes ? inArray(items.implCode, implCodes.length ? implCodes : ['']) : undefined)
    .orderBy(asc(items.id));
  const only = implCodes ? (col: AnyPgColumn) => inArray(col, rows.length ? rows.map((r) => r.id) : [0]) : () => undefined;
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((id): id is number => id !== null))];
  const [deptRows, hallLinks, themeLinks, groupLinks, parents] = await Promise.all([
    db.select({ id: departments.id, slug: departments.slug }).from(departments),
    db.select({ itemId: itemHalls.itemId, slug: halls.slug, sort: itemHalls.sort }).from(itemHalls).innerJoin(halls, eq(halls.id, itemHalls.hallId)).where(only(itemHalls.itemId)).orderBy(asc(itemHalls.sort)),
    db.select({ itemId: itemThemes.itemId, slug: themes.slug }).from(itemThemes).innerJoin(themes, eq(themes.id, itemThemes.themeId)).where(only(itemThemes.itemId)).orderBy(asc(themes.sort), asc(themes.id)),
    db.select({ itemId: itemSpecialGroups.itemId, slug: specialGroups.slug }).from(itemSpecialGroups).innerJoin(specialGroups, eq(specialGroups.id, itemSpecialGroups.groupId)).where(only(itemSpecialGroups.itemId)).orderBy(asc(specialGroups.sort), asc(specialGroups.id)),
    implCodes && parentIds.length ? db.select({ id: items.id, implCode: items.implCode }).from(items).where(inArray(items.id, parentIds)) : Promise.resolve([]),
  ]);
  const group = (links: { itemId: number; slug: string }[]) => {
    const m = new Map<number, string[]>();
    for (const l of links) {
      const list = m.get(l.itemId) ?? [];
      list.push(l.slug);
      m.set(l.itemId, list);
    }
    return m;
  };
  return {
    rows,
    deptSlug: new Map(deptRows.map((d) => [d.id, d.slug])),
    implCodeOf: new Map([...rows, ...parents].map((r) => [r.id, r.implCode])),
    halls: group(hallLinks),
    themes: group(themeLinks),
    groups: group(groupLinks),
  };
}


/** Items with what the search index needs of them, by id. */
export async function itemSearchRows(db: Runner, ids: number[]): Promise<ItemSearchRow[]> {
  if (!ids.length) return [];
  const parent = alias(items, 'parent');
  const rows = await db
    .select({
      id: items.id,
      name: items.name,
      aliases: items.aliases,
      type: items.type,
      targets: items.targets,
      summary: items.summary,
      conditions: items.conditions,
      materials: items.materials,
      results: items.results,
      faq: items.faq,
      status: items.status,
      departmentId: items.departmentId,
      departmentName: departments.name,
      departmentShortName: departments.shortName,
      parentName: parent.name,
    })
    .from(items)
    .innerJoin(departments, eq(departments.id, items.departmentId))
    .leftJoin(parent, eq(parent.id, items.parentId))
    .where(inArray(items.id, ids));
  const themeRows = await db
    .select({ itemId: itemThemes.itemId, slug: themes.slug, name: themes.name })
    .from(itemThemes)
    .innerJoin(themes, eq(themes.id, itemThemes.themeId))
    .where(inArray(itemThemes.itemId, ids));
  const byItem = new Map<number, { slug: string; name: string }[]>();
  for (const t of themeRows) byItem.set(t.itemId, [...(byItem.get(t.itemId) ?? []), { slug: t.slug, name: t.name }]);
  return rows.map((r) => ({ ...r, themes: byItem.get(r.id) ?? [] }));
}

export async function idsByImplCodes(db: Runner, codes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < codes.length; i += 5000) {
    const rows = await db
      .select({ id: items.id, implCode: items.implCode })
      .from(items)
      .where(inArray(items.implCode, codes.slice(i, i + 5000)));
    for (const r of rows) out.set(r.implCode, r.id);
  }
  return out;
}

export async function childIds(db: Runner, parentIds: number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < parentIds.length; i += 5000) {
    const rows = await db.select({ id: items.id }).from(items).where(inArray(items.parentId, parentIds.slice(i, i + 5000)));
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

export async function itemIdsAfter(db: Runner, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.select({ id: items.id }).from(items).where(gt(items.id, afterId)).orderBy(asc(items.id)).limit(limit);
  return rows.map((r) => r.id);
}

export async function allImplCodes(db: Runner): Promise<string[]> {
  const rows = await db.select({ c: items.implCode }).from(items);
  return rows.map((r) => r.c);
}

