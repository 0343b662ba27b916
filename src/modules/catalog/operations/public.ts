/**
 * What citizens read: departments, guides (办事指南), themes, special groups, blank forms and
 * hot services; and the guide views that make a service "hot". Public reads take no principal.
 */
import { NotFoundError } from '../../../lib/errors.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import { type CatalogContext, dayOf } from '../context.js';
import { formUrl, itemUrl, nestSubItems, presentDepartment, presentGuide, presentItemSummary } from '../present.js';
import * as repo from '../repo.js';

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

async function themeBySlug(ctx: CatalogContext, slug: string) {
  return (await repo.listThemes(ctx.db)).find((th) => th.slug === slug);
}

async function groupBySlug(ctx: CatalogContext, slug: string) {
  return (await repo.listSpecialGroups(ctx.db)).find((g) => g.slug === slug);
}

/** Every item matching a filter, with sub-items nested under their parents. */
async function browse(ctx: CatalogContext, filter: Pick<repo.ItemFilter, 'departmentId' | 'themeId' | 'groupId'>) {
  const list = (await repo.listItems(ctx.db, { ...filter, limit: 2000, offset: 0 })).rows.map(presentItemSummary);
  const parents = list.filter((it) => it.parentId === null).map((it) => it.id);
  const children = (await repo.childrenOf(ctx.db, parents)).map(presentItemSummary);
  return nestSubItems(list, children);
}

export async function listDepartments(ctx: CatalogContext) {
  return (await repo.listDepartments(ctx.db)).map((d) => ({ ...presentDepartment(d), itemCount: d.itemCount }));
}

export async function getDepartment(ctx: CatalogContext, id: number) {
  const d = await repo.findDepartment(ctx.db, id);
  if (!d) throw new NotFoundError(t('error.departmentNotFound'));
  return { ...presentDepartment(d), items: await browse(ctx, { departmentId: id }) };
}

/** Filters by slug that match nothing give an empty list, not an error: a filter narrows. */
export async function listItems(ctx: CatalogContext, query: ItemQuery) {
  let themeId: number | undefined;
  let groupId: number | undefined;
  if (query.theme !== undefined) {
    themeId = (await themeBySlug(ctx, query.theme))?.id;
    if (themeId === undefined) return { total: 0, items: [] };
  }
  if (query.group !== undefined) {
    groupId = (await groupBySlug(ctx, query.group))?.id;
    if (groupId === undefined) return { total: 0, items: [] };
  }
  const { total, rows } = await repo.listItems(ctx.db, {
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
}

export async function getGuide(ctx: CatalogContext, id: number) {
  const item = await repo.findItem(ctx.db, id);
  if (!item) throw new NotFoundError(t('error.itemNotFound'));
  return presentGuide(item, await repo.itemRelations(ctx.db, item));
}

export async function listThemes(ctx: CatalogContext) {
  return repo.listThemes(ctx.db);
}

/** Items other modules refer to, by id or implementation code; unknown ones are simply absent. */
export async function itemRefs(ctx: CatalogContext, keys: { ids?: number[]; codes?: string[] }) {
  const rows = await repo.itemRefs(ctx.db, keys.ids ?? [], keys.codes ?? []);
  return rows.map((r) => ({ id: r.id, implCode: r.implCode, name: r.name, departmentId: r.departmentId, outdated: r.status === 'outdated', url: itemUrl(r.id) }));
}

/** Forms by slug, with the address of their blank PDF; unknown slugs are simply absent. */
export async function formsBySlugs(ctx: CatalogContext, slugs: string[]) {
  return (await repo.formsBySlugs(ctx.db, slugs)).map((f) => ({ ...f, url: formUrl(f.slug) }));
}

export async function getTheme(ctx: CatalogContext, slug: string) {
  const theme = await themeBySlug(ctx, slug);
  if (!theme) throw new NotFoundError(t('error.themeNotFound'));
  return { theme, items: await browse(ctx, { themeId: theme.id }) };
}

export async function listSpecialGroups(ctx: CatalogContext) {
  return repo.listSpecialGroups(ctx.db);
}

export async function getSpecialGroup(ctx: CatalogContext, slug: string) {
  const group = await groupBySlug(ctx, slug);
  if (!group) throw new NotFoundError(t('error.groupNotFound'));
  return { group, items: await browse(ctx, { groupId: group.id }) };
}

export async function getForm(ctx: CatalogContext, slug: string) {
  const form = await repo.findForm(ctx.db, slug);
  if (!form) throw new NotFoundError(t('error.formNotFound'));
  const dept = await repo.findDepartment(ctx.db, form.departmentId);
  return { ...form, departmentName: dept?.name ?? '' };
}

/**
 * Hot services: the most viewed guides of the last 30 days. While the portal is new and
 * few guides have been viewed, the operator's list of common services fills the rest.
 */
export async function hotServices(ctx: CatalogContext, limit = 12) {
  const hot = await repo.hotItems(ctx.db, dayOf(ctx, -30), limit);
  if (hot.length >= limit) return hot.map(({ id, name }) => ({ id, name }));
  const featured = JSON.parse((await repo.getMeta(ctx.db, 'featured')) ?? '[]') as string[];
  const seen = new Set(hot.map((h) => h.id));
  const fill = (await repo.itemsByImplCodes(ctx.db, featured)).filter((f) => !seen.has(f.id));
  return [...hot, ...fill].slice(0, limit).map(({ id, name }) => ({ id, name }));
}

/** Count a guide view; views are written in batches so reading a guide never waits on a write. */
export function recordView(ctx: CatalogContext, itemId: number) {
  ctx.pendingViews.set(itemId, (ctx.pendingViews.get(itemId) ?? 0) + 1);
}

export async function flushViews(ctx: CatalogContext) {
  if (!ctx.pendingViews.size) return;
  const batch = new Map(ctx.pendingViews);
  ctx.pendingViews.clear();
  try {
    await repo.addViews(ctx.db, dayOf(ctx), batch);
  } catch {
    // the item may have been deleted meanwhile; views are statistics, not records
  }
}
