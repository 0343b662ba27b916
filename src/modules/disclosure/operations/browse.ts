/**
 * What citizens read: the disclosure catalogue (organisation × category × year), an article with
 * its 解读 or its policy, the services it concerns and the gazette issues it is in, what an item's
 * guide shows (its information by the five stages), and the newest information for the feeds.
 */
import { NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { DisclosureContext } from '../context.js';
import { type ArticleContent, STAGES } from '../model.js';
import { articleNotFound } from '../policy.js';
import { presentArticle, presentListRow, ymd } from '../present.js';
import { articleUrl } from '../urls.js';
import * as repo from '../repo.js';

export const orgNotFound = () => new NotFoundError(t('disclosure.orgNotFound'));

/** The organisation tree: each with its children, in order. */
export async function orgTree(ctx: DisclosureContext) {
  const l = await ctx.lookups();
  const childrenOf = (id: number | null) => l.orgList.filter((o) => o.parentId === id);
  const walk = (id: number | null, depth: number): { org: repo.OrgRow; depth: number }[] =>
    childrenOf(id).flatMap((o) => [{ org: o, depth }, ...(depth < 6 ? walk(o.id, depth + 1) : [])]);
  return walk(null, 0);
}

export async function orgBySlug(ctx: DisclosureContext, slug: string) {
  const org = (await ctx.lookups()).orgBySlug.get(slug);
  if (!org) throw orgNotFound();
  return org;
}

export const pageNotFound = () => new NotFoundError(t('disclosure.pageNotFound'));

/** Does a row of the live counts fall under the filter (the countable filters: repo.countable)? */
const under = (r: repo.CountRow, f: repo.ArticleFilter) =>
  (!f.orgIds || f.orgIds.includes(r.orgId)) &&
  (!f.kind || r.kind === f.kind) &&
  (!f.kinds || f.kinds.includes(r.kind)) &&
  (!f.category || r.category === f.category) &&
  (!f.stage || r.stage === f.stage) &&
  (!f.year || r.year === f.year) &&
  (!f.validity || r.validity === f.validity);

/** How many live articles the filter lists, by the live counts (undefined: a filter they do not know). */
export async function liveTotal(ctx: DisclosureContext, f: repo.ArticleFilter): Promise<number | undefined> {
  if (!repo.countable(f)) return undefined;
  const c = await ctx.liveCounts();
  const rows = f.orgIds?.length === 1 ? (c.byOrg.get(f.orgIds[0] as number) ?? []) : c.rows;
  let n = 0;
  for (const r of rows) if (under(r, f)) n += r.n;
  return n;
}

/** The live counts under the filter, by one of their keys. */
async function countsBy(ctx: DisclosureContext, orgId: number, f: repo.ArticleFilter, by: 'category' | 'year') {
  const out = new Map<string | number, number>();
  for (const r of (await ctx.liveCounts()).byOrg.get(orgId) ?? []) if (under(r, f)) out.set(r[by], (out.get(r[by]) ?? 0) + r.n);
  return out;
}

/**
 * A list is ordered by year first: a page that lies within one year is that year's list at a
 * smaller offset, so reading it scans one year's index entries, not every newer year's too.
 * undefined when the page spans two years (it is read from the whole list).
 */
function withinYear(byYear: Map<string | number, number>, page: { limit: number; offset: number }) {
  let newer = 0;
  for (const [year, count] of [...byYear].sort((a, b) => Number(b[0]) - Number(a[0]))) {
    if (page.offset < newer + count) return page.offset + page.limit <= newer + count && Number(year) ? { year: Number(year), offset: page.offset - newer, count } : undefined;
    newer += count;
  }
  return undefined;
}

/**
 * One organisation's catalogue, filtered by category and year, with the counts to browse by (all
 * from the live counts: no aggregate over the articles). A page past the last is "not found".
 */
export async function browse(ctx: DisclosureContext, q: { org: string; category?: string; year?: number; limit: number; offset: number }) {
  const l = await ctx.lookups();
  const org = await orgBySlug(ctx, q.org);
  if (q.category && !l.categories.has(q.category)) throw new NotFoundError(t('disclosure.categoryNotFound'));
  const filter = { orgIds: [org.id], category: q.category, year: q.year };
  const [categoryCounts, byYear, total] = await Promise.all([
    countsBy(ctx, org.id, {}, 'category'),
    countsBy(ctx, org.id, { category: q.category }, 'year'),
    liveTotal(ctx, filter),
  ]);
  if (q.offset > 0 && q.offset >= (total ?? 0)) throw pageNotFound();
  const within = q.year ? undefined : withinYear(byYear, q);
  const rows = within
    ? (await repo.listPublic(ctx.db, { ...filter, year: within.year }, { limit: q.limit, offset: within.offset }, ctx.clock(), within.count)).rows
    : (await repo.listPublic(ctx.db, filter, q, ctx.clock(), total)).rows;
  const list = { total: total ?? 0, rows };
  return {
    org,
    children: l.orgList.filter((o) => o.parentId === org.id),
    parent: org.parentId ? l.orgRows.get(org.parentId) : undefined,
    stages: STAGES.map((s) => ({
      stage: s,
      categories: l.categoryList.filter((c) => c.stage === s).map((c) => ({ ...c, count: categoryCounts.get(c.slug) ?? 0 })),
    })),
    years: [...byYear]
      .map(([year, count]) => ({ year: Number(year), count }))
      .filter((y) => y.year && y.count)
      .sort((a, b) => b.year - a.year),
    total: list.total,
    articles: list.rows.map((r) => presentListRow(r, l, ctx.timeZone)),
  };
}

/** The public list across the catalogue (API, feeds, the front page); its total from the live counts where they know the filter. */
export async function listArticles(ctx: DisclosureContext, f: repo.ArticleFilter & { org?: string }, page: { limit: number; offset: number }) {
  const l = await ctx.lookups();
  let orgIds: number[] | undefined;
  if (f.org) orgIds = [(await orgBySlug(ctx, f.org)).id];
  const filter = { ...f, orgIds };
  const { total, rows } = await repo.listPublic(ctx.db, filter, page, ctx.clock(), await liveTotal(ctx, filter));
  return { total, articles: rows.map((r) => presentListRow(r, l, ctx.timeZone)) };
}

/** The addresses and dates of the newest live articles, for the sitemap. */
export async function newestAddresses(ctx: DisclosureContext, limit: number) {
  return (await repo.newestLive(ctx.db, limit, ctx.clock())).map((r) => ({ loc: articleUrl(r.id), lastmod: ymd(r.publishedAt, ctx.timeZone) }));
}

/** Working days from a policy's publication to its 解读's, and whether that is more than 3. */
export function lateness(ctx: DisclosureContext, policyAt: Date | null, interpretationAt: Date | null) {
  if (!policyAt || !interpretationAt) return { days: 0, late: false };
  const days = ctx.calendar.workingDaysBetween(policyAt, interpretationAt);
  return { days, late: days > 3 };
}

/** A live article, as the public sees it, with everything linked to it. */
export async function getArticle(ctx: DisclosureContext, id: number) {
  const row = Number.isSafeInteger(id) && id > 0 ? await repo.livePublic(ctx.db, id, ctx.clock()) : undefined;
  if (!row?.content) {
    const gone = Number.isSafeInteger(id) && id > 0 ? await repo.findArticle(ctx.db, id) : undefined;
    if (gone?.status === 'withdrawn' && gone.content) return { withdrawn: { title: gone.title, reason: gone.withdrawnReason ?? '' } } as const;
    throw articleNotFound();
  }
  const l = await ctx.lookups();
  const isPolicy = !!l.kinds.get(row.kind)?.isPolicy;
  // one round trip for everything beside the article (an uncached page is a few of them)
  const [extras, p, interpreting] = await Promise.all([
    repo.publicExtras(ctx.db, id),
    row.policyId ? repo.livePublic(ctx.db, row.policyId, ctx.clock()) : undefined,
    isPolicy ? repo.interpretationsOf(ctx.db, [id], ctx.clock()) : [],
  ]);
  const article = presentArticle(row as repo.ArticleRow & { content: ArticleContent }, l, ctx.timeZone, { attachments: extras.files.map((f) => ({ ...f, articleId: id })) });
  const items = extras.implCodes.length ? (await ctx.catalog.itemRefs({ codes: extras.implCodes })).filter((i) => !i.outdated) : [];
  const policy = p ? { ...presentListRow(p, l, ctx.timeZone), ...lateness(ctx, p.publishedAt, row.publishedAt) } : undefined;
  const interpretations = interpreting.map((r) => ({ ...presentListRow(r, l, ctx.timeZone), ...lateness(ctx, row.publishedAt, r.publishedAt) }));
  const issues = extras.issues;
  return {
    article,
    policy,
    interpretations,
    items: items.map((i) => ({ name: i.name, url: i.url, implCode: i.implCode })),
    issues: issues.map((i) => ({ year: i.year, number: i.number, url: `/gazette/${i.year}/${i.number}` })),
    withdrawn: undefined,
  } as const;
}

/** An attachment of a live article (staff read those of drafts through the back office). */
export async function publicAttachment(ctx: DisclosureContext, articleId: number, id: number) {
  const live = await repo.livePublic(ctx.db, articleId, ctx.clock());
  const a = live && Number.isSafeInteger(id) ? await repo.findAttachment(ctx.db, articleId, id) : undefined;
  if (!a) throw articleNotFound();
  return a;
}

/** What an item's guide shows: the live information linked to it, by the five stages, policies with their 解读. */
export async function forItem(ctx: DisclosureContext, implCode: string) {
  const links = await repo.linksOfItem(ctx.db, implCode);
  if (!links.length) return undefined;
  const l = await ctx.lookups();
  const { rows } = await repo.listPublic(ctx.db, { ids: links.map((k) => k.articleId) }, { limit: 100, offset: 0 }, ctx.clock());
  if (!rows.length) return undefined;
  const list = rows.map((r) => presentListRow(r, l, ctx.timeZone));
  const policies = rows.filter((r) => l.kinds.get(r.kind)?.isPolicy).map((r) => r.id);
  const interp = await repo.interpretationsOf(ctx.db, policies, ctx.clock());
  return {
    stages: STAGES.map((s) => ({ stage: s, articles: list.filter((a) => a.stage.slug === s) })).filter((s) => s.articles.length),
    interpretations: interp.filter((r) => !rows.some((x) => x.id === r.id)).map((r) => presentListRow(r, l, ctx.timeZone)),
  };
}
