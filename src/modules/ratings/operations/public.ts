/**
 * The public satisfaction figures: every rating counted once by department, item and level (one
 * query, kept for a minute and dropped when this process records a rating or closes a case), and
 * the figures of the whole portal, a department or an item. No personal data: counts only.
 */
import { NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { RatingsContext } from '../context.js';
import { figuresOf, groupFigures, nameIn, type TallyRow } from '../present.js';
import * as repo from '../repo.js';

const KEEP_MS = 60_000;
const caches = new WeakMap<RatingsContext, { rows: Promise<TallyRow[]>; until: number }>();

export function forgetTally(ctx: RatingsContext) {
  caches.delete(ctx);
}

async function tally(ctx: RatingsContext): Promise<TallyRow[]> {
  const hit = caches.get(ctx);
  if (hit && hit.until > Date.now()) return hit.rows;
  const rows = repo.tally(ctx.db) as Promise<TallyRow[]>;
  caches.set(ctx, { rows, until: Date.now() + KEEP_MS });
  rows.catch(() => caches.delete(ctx));
  return rows;
}

/**
 * The figures: overall, by department and by item; `department` / `item` narrow them to one
 * (an unknown one is "not found"; one without ratings has zero figures).
 */
export async function satisfaction(ctx: RatingsContext, filter: { department?: number; item?: number } = {}) {
  const [all, names] = await Promise.all([tally(ctx), ctx.catalog.departmentNames()]);
  let rows = all;
  let department: { id: number; name: string } | null = null;
  let item: { id: number; name: string; departmentId: number } | null = null;
  if (filter.department !== undefined) {
    if (!names.has(filter.department)) throw new NotFoundError(t('ratings.error.department'));
    department = { id: filter.department, name: nameIn(names, filter.department) };
    rows = rows.filter((r) => r.departmentId === filter.department);
  }
  if (filter.item !== undefined) {
    const [ref] = await ctx.catalog.itemRefs({ ids: [filter.item] });
    const rated = all.find((r) => r.itemId === filter.item);
    if (!ref && !rated) throw new NotFoundError(t('ratings.error.item'));
    item = { id: filter.item, name: ref?.name ?? rated?.itemName ?? '', departmentId: ref?.departmentId ?? rated?.departmentId ?? 0 };
    rows = rows.filter((r) => r.itemId === filter.item);
  }
  return {
    department,
    item,
    figures: figuresOf(rows),
    departments: groupFigures(rows, (r) => r.departmentId).map((g) => ({ departmentId: g.key, department: nameIn(names, g.key), ...g.figures })),
    items: groupFigures(rows, (r) => (r.itemId === null ? undefined : r.itemId)).map((g) => ({
      itemId: g.key,
      item: rows.find((r) => r.itemId === g.key)?.itemName ?? '',
      departmentId: rows.find((r) => r.itemId === g.key)?.departmentId ?? 0,
      ...g.figures,
    })),
  };
}
export type Satisfaction = Awaited<ReturnType<typeof satisfaction>>;
