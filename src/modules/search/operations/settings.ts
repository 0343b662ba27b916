/**
 * Search settings an operator keeps: the synonym dictionary, best bets (documents pinned first
 * for a query) and the reports that tell what to add (the most searched queries and those that
 * found nothing). The back office calls the guarded operations (`search.manage`); the CLI and
 * the system call the ones that take an actor.
 */
import { BadRequestError, NotFoundError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { requireSearchManager } from '../policy.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import { type Actor, SYSTEM, recordAudit } from '../../audit/index.js';
import { actorOf } from '../../accounts/index.js';
import { type SynonymEntry, normalize } from '../analyzer.js';
import type { SearchContext } from '../context.js';
import { synonymRows } from '../live-index.js';
import * as repo from '../repo.js';

/** Every process reads the settings again. */
async function settingsChanged(ctx: SearchContext) {
  await ctx.reloadSettings();
  await ctx.changes.publish('search-settings');
}

export const topQueries = (ctx: SearchContext, days = 30, limit = 30) => repo.topQueries(ctx.db, days, limit, false);

export const zeroResultQueries = (ctx: SearchContext, days = 30, limit = 100) => repo.topQueries(ctx.db, days, limit, true);

export const listSynonyms = (ctx: SearchContext) => synonymRows(ctx.db);

export async function listBestBets(ctx: SearchContext) {
  const rows = await repo.listBestBets(ctx.db);
  const byQuery = new Map<string, string[]>();
  for (const r of rows) byQuery.set(r.query, [...(byQuery.get(r.query) ?? []), r.docKey]);
  return [...byQuery].map(([query, docKeys]) => ({ query, docKeys }));
}

/** Replace the whole synonym dictionary (an import from a file). */
export async function replaceSynonyms(ctx: SearchContext, entries: SynonymEntry[]) {
  await repo.replaceSynonyms(ctx.db, entries.map((e) => ({ terms: e.terms, targets: e.targets?.length ? e.targets : null })));
  await settingsChanged(ctx);
}

/** Add one synonym entry; returns it with its id. */
export async function saveSynonym(ctx: SearchContext, entry: SynonymEntry, actor: Actor = SYSTEM) {
  const clean = (list: string[] | null | undefined) => [...new Set((list ?? []).map((s) => cleanText(s, { max: 40 })).filter(Boolean))];
  const terms = clean(entry.terms);
  const targets = clean(entry.targets);
  if (terms.length + targets.length < 2 || terms.length < 1) throw new BadRequestError(t('searchAdmin.synonymTooFew'));
  if (terms.length + targets.length > 30) throw new BadRequestError(t('searchAdmin.synonymTooMany'));
  await synonymRows(ctx.db);
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertSynonym(tx, { terms, targets: targets.length ? targets : null });
    await recordAudit(tx, actor, [{ action: 'search.synonym.add', entity: 'synonym', entityId: inserted?.id ?? 0, after: { terms, targets } }]);
    return inserted;
  });
  await settingsChanged(ctx);
  return row;
}

export async function deleteSynonym(ctx: SearchContext, id: number, actor: Actor = SYSTEM) {
  const removed = await ctx.db.transaction(async (tx) => {
    const row = await repo.deleteSynonym(tx, id);
    if (row) await recordAudit(tx, actor, [{ action: 'search.synonym.remove', entity: 'synonym', entityId: id, before: { terms: row.terms, targets: row.targets } }]);
    return row;
  });
  if (!removed) throw new NotFoundError(t('searchAdmin.synonymNotFound'));
  await settingsChanged(ctx);
}

/** Pin documents (item:12, department:3 …) first for a query; none removes the pins. */
export async function pinBestBets(ctx: SearchContext, query: string, docKeys: string[], actor: Actor = SYSTEM) {
  const key = normalize(query).replace(/ /g, '');
  if (!key || key.length > 40) throw new BadRequestError(t('searchAdmin.badQuery'));
  if (docKeys.length > 10 || docKeys.some((k) => !/^[a-z]+:\d+(:\d+)?$/.test(k))) throw new BadRequestError(t('searchAdmin.badDocKey'));
  await ctx.db.transaction(async (tx) => {
    await repo.replaceBestBets(tx, key, docKeys);
    await recordAudit(tx, actor, [{ action: 'search.bestBet', entity: 'bestBet', entityId: key, after: { docKeys } }]);
  });
  await settingsChanged(ctx);
}

// ---- the back office: each guarded with `search.manage` --------------------------------------

/** What the search settings page shows: zero-result and hot queries of 30 days, synonyms, best bets. */
export async function searchSettings(ctx: SearchContext, p: Principal) {
  requireSearchManager(p);
  const [zero, hot, synonyms, bestBets] = await Promise.all([zeroResultQueries(ctx, 30, 50), topQueries(ctx, 30, 20), listSynonyms(ctx), listBestBets(ctx)]);
  return { zero, hot, synonyms, bestBets };
}

export async function addSynonym(ctx: SearchContext, p: Principal, entry: SynonymEntry) {
  requireSearchManager(p);
  return saveSynonym(ctx, entry, actorOf(p));
}

/** `id` as read from the address: anything but a number is a synonym that does not exist. */
export async function removeSynonym(ctx: SearchContext, p: Principal, id: number | undefined) {
  requireSearchManager(p);
  if (!id) throw new NotFoundError(t('searchAdmin.synonymNotFound'));
  await deleteSynonym(ctx, id, actorOf(p));
}

export async function setBestBets(ctx: SearchContext, p: Principal, input: { query: string; docKeys: string[] }) {
  requireSearchManager(p);
  await pinBestBets(ctx, input.query, input.docKeys, actorOf(p));
}
