/**
 * Items ↔ information, both ways: staff link an article to the service items it concerns,
 * take proposals (similarity.ts) and confirm them in bulk; a link whose article was withdrawn
 * or whose item was retired is listed for the article's department to mend.
 */
import { BadRequestError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { type Principal, can } from '../../../lib/principal.js';
import { actorOf } from '../../accounts/index.js';
import { recordAudit } from '../../audit/index.js';
import type { DisclosureContext } from '../context.js';
import { articleNotFound, staffScope } from '../policy.js';
import * as repo from '../repo.js';
import { contentBigrams, probes, similarity } from '../similarity.js';
import { staffArticle } from './edit.js';

const CODE = /^[\w-]{1,80}$/;

/** Editors and reviewers link; anyone else finds nothing. */
function requireLinker(p: Principal) {
  if (!can(p, 'disclosure.edit') && !can(p, 'disclosure.review')) throw articleNotFound();
}

/** Link an article to items (by implementation code); unknown codes are refused, all or nothing. */
export async function linkItems(ctx: DisclosureContext, p: Principal, articleId: number, codes: string[]) {
  requireLinker(p);
  const row = await staffArticle(ctx, p, articleId);
  const wanted = [...new Set(codes.map((c) => c.trim()).filter(Boolean))];
  if (!wanted.length) throw new BadRequestError(t('disclosure.error.noItems'));
  if (wanted.length > 200 || wanted.some((c) => !CODE.test(c))) throw new BadRequestError(t('disclosure.error.itemUnknown', { codes: wanted.filter((c) => !CODE.test(c)).slice(0, 5).join('、') || '…' }));
  const found = await ctx.catalog.itemRefs({ codes: wanted });
  const missing = wanted.filter((c) => !found.some((f) => f.implCode === c));
  if (missing.length) throw new BadRequestError(t('disclosure.error.itemUnknown', { codes: missing.slice(0, 5).join('、') }));
  const added = await ctx.db.transaction(async (tx) => {
    const n = await repo.insertLinks(tx, wanted.map((implCode) => ({ articleId, implCode, linkedBy: p.name })));
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.link', entity: 'article', entityId: articleId, after: wanted, departmentId: row.departmentId }]);
    return n;
  });
  await ctx.changes.publish('disclosure');
  return added;
}

export async function unlinkItem(ctx: DisclosureContext, p: Principal, articleId: number, implCode: string) {
  requireLinker(p);
  const row = await staffArticle(ctx, p, articleId);
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteLink(tx, articleId, implCode))) throw new BadRequestError(t('disclosure.error.noSuchLink'));
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.unlink', entity: 'article', entityId: articleId, before: implCode, departmentId: row.departmentId }]);
  });
  await ctx.changes.publish('disclosure');
}

export interface Proposal {
  articleId: number;
  articleTitle: string;
  implCode: string;
  itemName: string;
  itemUrl: string;
  score: number;
  shared: string[];
}

/** Items that read like the article, best first, not linked yet, with the words they share. */
export async function proposalsFor(ctx: DisclosureContext, a: { id: number; title: string; keywords: string[] }, minScore = 0.12): Promise<Proposal[]> {
  const have = new Set((await repo.linksOfArticle(ctx.db, a.id)).map((k) => k.implCode));
  const candidates = new Map<number, { implCode: string; name: string; aliases: string[]; id: number }>();
  for (const q of probes(a.title, a.keywords)) {
    const { items } = await ctx.catalog.listItems({ q, limit: 30, offset: 0 });
    for (const it of items) if (!it.outdated) candidates.set(it.id, it);
  }
  const mine = contentBigrams(`${a.title} ${a.keywords.join(' ')}`);
  return [...candidates.values()]
    .filter((it) => !have.has(it.implCode))
    .map((it) => ({ it, ...similarity(mine, contentBigrams(`${it.name} ${it.aliases.join(' ')}`)) }))
    .filter((x) => x.score >= minScore)
    .sort((x, y) => y.score - x.score)
    .slice(0, 8)
    .map((x) => ({ articleId: a.id, articleTitle: a.title, implCode: x.it.implCode, itemName: x.it.name, itemUrl: `/items/${x.it.id}`, score: Math.round(x.score * 100) / 100, shared: x.shared.slice(0, 6) }));
}

/** Proposals for one article the person may see. */
export async function articleProposals(ctx: DisclosureContext, p: Principal, articleId: number) {
  requireLinker(p);
  const row = await staffArticle(ctx, p, articleId);
  const c = row.draft ?? row.content;
  return proposalsFor(ctx, { id: row.id, title: c?.title ?? row.title, keywords: c?.keywords ?? [] });
}

/** Confirm proposals in bulk: pairs `articleId:implCode`, each article in the person's reach. */
export async function confirmProposals(ctx: DisclosureContext, p: Principal, pairs: string[]) {
  requireLinker(p);
  const byArticle = new Map<number, string[]>();
  for (const pair of pairs.slice(0, 500)) {
    const m = /^(\d{1,9}):([\w-]{1,80})$/.exec(pair);
    if (!m) throw new BadRequestError(t('disclosure.error.badPair'));
    const id = Number(m[1]);
    byArticle.set(id, [...(byArticle.get(id) ?? []), m[2] as string]);
  }
  if (!byArticle.size) throw new BadRequestError(t('disclosure.error.noItems'));
  let added = 0;
  for (const [id, codes] of byArticle) added += await linkItems(ctx, p, id, codes);
  return added;
}

/** Links gone bad in the person's reach: withdrawn articles still linked, and links to retired or removed items. */
export async function brokenLinks(ctx: DisclosureContext, p: Principal) {
  requireLinker(p);
  const scope = staffScope(p);
  const withdrawn = await repo.linksToWithdrawn(ctx.db, scope);
  const live = await repo.liveLinks(ctx.db, scope, ctx.clock());
  const refs = live.length ? await ctx.catalog.itemRefs({ codes: [...new Set(live.map((k) => k.implCode))] }) : [];
  const state = new Map(refs.map((r) => [r.implCode, r]));
  const retired = live.filter((k) => !state.get(k.implCode) || state.get(k.implCode)?.outdated);
  return [
    ...withdrawn.map((k) => ({ articleId: k.articleId, title: k.title, implCode: k.implCode, itemName: k.implCode, why: t('disclosure.broken.withdrawn') })),
    ...retired.map((k) => ({
      articleId: k.articleId,
      title: k.title,
      implCode: k.implCode,
      itemName: state.get(k.implCode)?.name ?? k.implCode,
      why: state.get(k.implCode) ? t('disclosure.broken.retired') : t('disclosure.broken.removed'),
    })),
  ];
}
