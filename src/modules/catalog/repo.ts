/**
 * The catalogue's SQL for reading it (and an item's status, the settings and guide views); the
 * bulk writes of an import and the reads of an export are in bulk-repo.ts. Functions take a
 * Runner so operations decide the transaction.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { departments, forms, halls, items, itemHalls, itemSpecialGroups, itemThemes, itemViews, specialGroups, themes } from '../../db/schema/catalog.js';
import { meta } from '../../db/schema/core.js';
import type { DepartmentRow, FormRow, HallRow, ItemRow, ItemSummaryRow, SpecialGroupRow, ThemeRow } from './rows.js';

export type { DepartmentRow, FormRow, HallRow, ItemRow, ItemSummaryRow, SpecialGroupRow, ThemeRow } from './rows.js';

// ---- meta -------------------------------------------------------------------------------

export async function getMeta(db: Runner, key: string): Promise<string | undefined> {
  const [row] = await db.select().from(meta).where(eq(meta.key, key));
  return row?.value;
}

export async function setMeta(db: Runner, key: string, value: string): Promise<void> {
  await db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } });
}

export async function slugMap(
  db: Runner,
  table: typeof departments | typeof halls | typeof themes | typeof specialGroups | typeof forms,
): Promise<Map<string, number>> {
  const rows = await db.select({ id: table.id, slug: table.slug }).from(table);
  return new Map(rows.map((r) => [r.slug, r.id]));
}

// ---- reads ------------------------------------------------------------------------------

/** Every department's id, slug and names, in the portal's order: for other modules' lookups. */
export async function departmentNames(db: Runner): Promise<{ id: number; slug: string; name: string; shortName: string }[]> {
  return db
    .select({ id: departments.id, slug: departments.slug, name: departments.name, shortName: departments.shortName })
    .from(departments)
    .orderBy(asc(departments.sort), asc(departments.id));
}

export async function listDepartments(db: Runner): Promise<(DepartmentRow & { itemCount: number })[]> {
  const counts = db
    .select({ departmentId: items.departmentId, n: count().as('n') })
    .from(items)
    .groupBy(items.departmentId)
    .as('counts');
  const rows = await db
    .select({ d: departments, n: counts.n })
    .from(departments)
    .leftJoin(counts, eq(counts.departmentId, departments.id))
    .orderBy(asc(departments.sort), asc(departments.id));
  return rows.map((r) => ({ ...r.d, itemCount: Number(r.n ?? 0) }));
}

export async function findDepartment(db: Runner, id: number): Promise<DepartmentRow | undefined> {
  const [row] = await db.select().from(departments).where(eq(departments.id, id));
  return row;
}

export async function findDepartmentBySlug(db: Runner, slug: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select().from(departments).where(eq(departments.slug, slug));
  return row;
}

export async function listHalls(db: Runner): Promise<HallRow[]> {
  return db.select().from(halls).orderBy(asc(halls.id));
}

/** Which published items each hall serves (for the appointments module, through the face). */
export async function hallItemLinks(db: Runner): Promise<{ hallId: number; itemId: number; name: string; implCode: string; departmentId: number; appointment: boolean }[]> {
  return db
    .select({ hallId: itemHalls.hallId, itemId: items.id, name: items.name, implCode: items.implCode, departmentId: items.departmentId, appointment: items.appointment })
    .from(itemHalls)
    .innerJoin(items, eq(items.id, itemHalls.itemId))
    .where(eq(items.status, 'published'))
    .orderBy(asc(itemHalls.hallId), asc(itemHalls.sort), asc(items.id));
}

export async function listThemes(db: Runner): Promise<ThemeRow[]> {
  return db.select().from(themes).orderBy(asc(themes.sort), asc(themes.id));
}

export async function listSpecialGroups(db: Runner): Promise<SpecialGroupRow[]> {
  return db.select().from(specialGroups).orderBy(asc(specialGroups.sort), asc(specialGroups.id));
}

export async function listForms(db: Runner): Promise<FormRow[]> {
  return db.select().from(forms).orderBy(asc(forms.id));
}

export async function findForm(db: Runner, slug: string): Promise<FormRow | undefined> {
  const [row] = await db.select().from(forms).where(eq(forms.slug, slug));
  return row;
}

export interface ItemFilter {
  q?: string;
  departmentId?: number;
  themeId?: number;
  groupId?: number;
  audience?: 'citizen' | 'enterprise';
  type?: string;
  /** only items without a parent (a guide's sub-items are listed on the guide itself) */
  topLevel?: boolean;
  limit: number;
  offset: number;
}

const summaryColumns = {
  id: items.id,
  code: items.code,
  implCode: items.implCode,
  name: items.name,
  aliases: items.aliases,
  type: items.type,
  targets: items.targets,
  summary: items.summary,
  status: items.status,
  onlineDepth: items.onlineDepth,
  visits: items.visits,
  promisedLimitDays: items.promisedLimitDays,
  limitKind: items.limitKind,
  departmentId: items.departmentId,
  departmentName: departments.name,
  parentId: items.parentId,
};

/** Escape LIKE wildcards so a user's % or _ is matched literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listItems(db: Runner, f: ItemFilter): Promise<{ total: number; rows: ItemSummaryRow[] }> {
  const conditions = [];
  if (f.q) {
    const pattern = `%${likeEscape(f.q)}%`;
    conditions.push(
      or(
        ilike(items.name, pattern),
        sql`array_to_string(${items.aliases}, ' ') ilike ${pattern}`,
        ilike(items.code, pattern),
      ),
    );
  }
  if (f.departmentId !== undefined) conditions.push(eq(items.departmentId, f.departmentId));
  if (f.type) conditions.push(eq(items.type, f.type));
  if (f.audience) conditions.push(sql`${f.audience} = any(${items.targets})`);
  if (f.themeId !== undefined)
    conditions.push(
      inArray(items.id, db.select({ id: itemThemes.itemId }).from(itemThemes).where(eq(itemThemes.themeId, f.themeId))),
    );
  if (f.groupId !== undefined)
    conditions.push(
      inArray(
        items.id,
        db.select({ id: itemSpecialGroups.itemId }).from(itemSpecialGroups).where(eq(itemSpecialGroups.groupId, f.groupId)),
      ),
    );
  if (f.topLevel) conditions.push(isNull(items.parentId));
  const where = conditions.length ? and(...conditions) : undefined;
  const [totalRow] = await db.select({ n: count() }).from(items).where(where);
  const rows = await db
    .select(summaryColumns)
    .from(items)
    .innerJoin(departments, eq(departments.id, items.departmentId))
    .where(where)
    // a plain listing puts in-force items first, then by catalogue code
    .orderBy(asc(sql`${items.status} = 'outdated'`), asc(items.code), asc(items.id))
    .limit(f.limit)
    .offset(f.offset);
  return { total: Number(totalRow?.n ?? 0), rows };
}

/** The sub-items of the given items, in catalogue order. */
export async function childrenOf(db: Runner, parentIds: number[]): Promise<ItemSummaryRow[]> {
  if (!parentIds.length) return [];
  return db
    .select(summaryColumns)
    .from(items)
    .innerJoin(departments, eq(departments.id, items.departmentId))
    .where(inArray(items.parentId, parentIds))
    .orderBy(asc(items.code), asc(items.id));
}

export async function statusOf(db: Runner, implCode: string): Promise<string | undefined> {
  const [row] = await db.select({ status: items.status }).from(items).where(eq(items.implCode, implCode));
  return row?.status;
}

export async function setItemStatus(db: Runner, implCode: string, status: string): Promise<number | undefined> {
  const [row] = await db
    .update(items)
    .set({ status, version: sql`${items.version} + 1`, updatedAt: sql`now()` })
    .where(eq(items.implCode, implCode))
    .returning({ id: items.id });
  return row?.id;
}

export async function findItem(db: Runner, id: number): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(items).where(eq(items.id, id));
  return row;
}

export async function itemRelations(db: Runner, item: ItemRow) {
  const [department, hallRows, themeRows, groupRows, children, parent] = await Promise.all([
    findDepartment(db, item.departmentId),
    db
      .select({ h: halls })
      .from(itemHalls)
      .innerJoin(halls, eq(halls.id, itemHalls.hallId))
      .where(eq(itemHalls.itemId, item.id))
      .orderBy(asc(itemHalls.sort)),
    db
      .select({ t: themes })
      .from(itemThemes)
      .innerJoin(themes, eq(themes.id, itemThemes.themeId))
      .where(eq(itemThemes.itemId, item.id))
      .orderBy(asc(themes.sort)),
    db
      .select({ g: specialGroups })
      .from(itemSpecialGroups)
      .innerJoin(specialGroups, eq(specialGroups.id, itemSpecialGroups.groupId))
      .where(eq(itemSpecialGroups.itemId, item.id))
      .orderBy(asc(specialGroups.sort)),
    db
      .select({ id: items.id, name: items.name, implCode: items.implCode })
      .from(items)
      .where(eq(items.parentId, item.id))
      .orderBy(asc(items.code)),
    item.parentId
      ? db.select({ id: items.id, name: items.name, implCode: items.implCode }).from(items).where(eq(items.id, item.parentId))
      : Promise.resolve([]),
  ]);
  const formSlugs = item.materials.flatMap((m) => (m.formSlug ? [m.formSlug] : []));
  const formRows = formSlugs.length
    ? await db.select({ slug: forms.slug, title: forms.title }).from(forms).where(inArray(forms.slug, formSlugs))
    : [];
  return {
    department: department as DepartmentRow,
    halls: hallRows.map((r) => r.h),
    themes: themeRows.map((r) => r.t),
    specialGroups: groupRows.map((r) => r.g),
    children,
    parent: parent[0],
    forms: formRows,
  };
}

export async function allDepartments(db: Runner) {
  return db.select().from(departments).orderBy(asc(departments.sort), asc(departments.id));
}

export async function itemsByImplCodes(db: Runner, codes: string[]): Promise<{ id: number; name: string; implCode: string }[]> {
  if (!codes.length) return [];
  const rows = await db
    .select({ id: items.id, name: items.name, implCode: items.implCode })
    .from(items)
    .where(inArray(items.implCode, codes));
  const order = new Map(codes.map((c, i) => [c, i]));
  return rows.sort((a, b) => (order.get(a.implCode) ?? 0) - (order.get(b.implCode) ?? 0));
}

/** Items by id or implementation code, for modules that refer to items (journeys, reminders). */
export async function itemRefs(db: Runner, ids: number[], codes: string[]) {
  if (!ids.length && !codes.length) return [];
  return db
    .select({ id: items.id, implCode: items.implCode, name: items.name, departmentId: items.departmentId, status: items.status })
    .from(items)
    .where(or(ids.length ? inArray(items.id, ids) : undefined, codes.length ? inArray(items.implCode, codes) : undefined));
}

export async function formsBySlugs(db: Runner, slugs: string[]): Promise<{ slug: string; title: string }[]> {
  if (!slugs.length) return [];
  return db.select({ slug: forms.slug, title: forms.title }).from(forms).where(inArray(forms.slug, slugs));
}

export async function countItems(db: Runner): Promise<number> {
  const [row] = await db.select({ n: count() }).from(items);
  return Number(row?.n ?? 0);
}

// ---- usage ------------------------------------------------------------------------------

export async function addViews(db: Runner, day: string, counts: Map<number, number>): Promise<void> {
  if (!counts.size) return;
  const values = [...counts].map(([itemId, views]) => ({ itemId, day, views }));
  await db
    .insert(itemViews)
    .values(values)
    .onConflictDoUpdate({ target: [itemViews.itemId, itemViews.day], set: { views: sql`${itemViews.views} + excluded.views` } });
}

/** The most viewed top-level items since `since` (yyyy-mm-dd); items nobody viewed are not hot. */
export async function hotItems(db: Runner, since: string, limit: number): Promise<{ id: number; name: string; views: number }[]> {
  const views = db
    .select({ itemId: itemViews.itemId, views: sql<number>`sum(${itemViews.views})`.as('views') })
    .from(itemViews)
    .where(gte(itemViews.day, since))
    .groupBy(itemViews.itemId)
    .as('v');
  const rows = await db
    .select({ id: items.id, name: items.name, views: views.views })
    .from(items)
    .innerJoin(views, eq(views.itemId, items.id))
    .where(and(isNull(items.parentId), eq(items.status, 'published')))
    .orderBy(desc(views.views), asc(items.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, views: Number(r.views) }));
}
