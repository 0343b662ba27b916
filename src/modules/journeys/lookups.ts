/**
 * What journeys read of other modules and of their own records by key: the names and
 * addresses of the items, departments and forms content refers to (through the catalogue's
 * face, never its tables), and a journey or an item by the key in a URL, or a clear 404.
 */
import { NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { JourneysContext } from './context.js';
import type { PushRuleInput } from './model.js';
import { isItemCode, isRefSlug } from './policy.js';
import type { Refs } from './present.js';
import * as repo from './repo.js';

export type ItemNames = Map<string, { name: string; url: string }>;

/** Names and addresses of everything some journeys refer to, in three queries. */
export async function refsFor(
  ctx: JourneysContext,
  steps: { items: string[]; departments: string[]; forms: string[] }[],
  extraCodes: string[] = [],
): Promise<Refs> {
  const codes = [...new Set([...steps.flatMap((s) => s.items), ...extraCodes])];
  const formSlugs = [...new Set(steps.flatMap((s) => s.forms))];
  const [items, departments, forms] = await Promise.all([
    ctx.catalog.itemRefs({ codes }),
    ctx.catalog.listDepartments(),
    ctx.catalog.formsBySlugs(formSlugs),
  ]);
  return {
    items: new Map(items.map((i) => [i.implCode, i])),
    departments: new Map(departments.map((d) => [d.slug, { id: d.id, name: d.name, url: d.url }])),
    forms: new Map(forms.map((f) => [f.slug, f])),
  };
}

/** Names of the items push rules refer to. */
export async function itemNames(ctx: JourneysContext, rules: PushRuleInput[]): Promise<ItemNames> {
  const codes = [...new Set(rules.flatMap((r) => [r.trigger, ...r.remind]))];
  return new Map((await ctx.catalog.itemRefs({ codes })).map((i) => [i.implCode, { name: i.name, url: i.url }]));
}

export async function journeyOrThrow(ctx: JourneysContext, slug: string) {
  const row = isRefSlug(slug) ? await repo.findJourney(ctx.db, slug) : undefined;
  if (!row) throw new NotFoundError(t('journeys.notFound'));
  return row;
}

export async function itemOrThrow(ctx: JourneysContext, code: string) {
  const [item] = isItemCode(code) ? await ctx.catalog.itemRefs({ codes: [code] }) : [];
  if (!item) throw new NotFoundError(t('error.itemNotFound'));
  return item;
}
