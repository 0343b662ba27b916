/**
 * Reading the public content: journeys (场景式服务) step by step, guided questions (智能问答)
 * answered from the URL, life events (人生大事), and the journeys an item is part of for its
 * guide page. Anyone may read them, so these take no principal.
 */
import { NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { JourneysContext } from '../context.js';
import { refsFor } from '../lookups.js';
import { evaluate, readAnswers } from '../model.js';
import { isSlug } from '../policy.js';
import {
  presentAnswer,
  presentJourney,
  presentJourneySummary,
  presentLifeEvent,
  presentLifeEventSummary,
  presentPartOf,
  presentQuestionSetSummary,
  toInput,
} from '../present.js';
import * as repo from '../repo.js';

export type Audience = 'citizen' | 'enterprise';

export async function listJourneys(ctx: JourneysContext, q: { audience?: Audience; domain?: string; limit: number; offset: number }) {
  const { total, rows } = await repo.listJourneys(ctx.db, q);
  return { total, journeys: rows.map(presentJourneySummary) };
}

export async function getJourney(ctx: JourneysContext, slug: string) {
  const row = isSlug(slug) ? await repo.findJourney(ctx.db, slug) : undefined;
  if (!row) throw new NotFoundError(t('journeys.notFound'));
  return presentJourney(row, await refsFor(ctx, row.steps));
}

/** The journeys an item is part of, with the step it appears in, for its guide page. */
export async function partOf(ctx: JourneysContext, implCode: string) {
  return (await repo.journeysWithItem(ctx.db, implCode)).map((j) => presentPartOf(j, implCode));
}

export async function listQuestionSets(ctx: JourneysContext) {
  return (await repo.listQuestionSets(ctx.db)).map(presentQuestionSetSummary);
}

/**
 * A guided question set with the answers from the URL: the questions, what is still open,
 * and once everything is answered the items that apply, in the set's order.
 */
export async function answer(ctx: JourneysContext, slug: string, query: Record<string, unknown>) {
  const row = isSlug(slug) ? await repo.findQuestionSet(ctx.db, slug) : undefined;
  if (!row) throw new NotFoundError(t('journeys.questionsNotFound'));
  const set = toInput.questionSet(row);
  const { answers, invalid } = readAnswers(set, query);
  const { open, outcomes } = evaluate(set, answers);
  const refs = await ctx.catalog.itemRefs({ codes: [...new Set(outcomes.map((o) => o.item))] });
  return presentAnswer(set, { answers, invalid, open, outcomes }, new Map(refs.map((r) => [r.implCode, r])));
}

export async function listLifeEvents(ctx: JourneysContext, audience?: Audience) {
  return (await repo.listLifeEvents(ctx.db, audience)).map(presentLifeEventSummary);
}

export async function getLifeEvent(ctx: JourneysContext, slug: string) {
  const row = isSlug(slug) ? await repo.findLifeEvent(ctx.db, slug) : undefined;
  if (!row) throw new NotFoundError(t('journeys.lifeEventNotFound'));
  const codes = row.entries.filter((e) => e.kind === 'item').map((e) => e.ref);
  const slugs = row.entries.filter((e) => e.kind === 'journey').map((e) => e.ref);
  const [items, journeys] = await Promise.all([ctx.catalog.itemRefs({ codes }), repo.journeysBySlugs(ctx.db, slugs)]);
  return presentLifeEvent(row, new Map(items.map((i) => [i.implCode, i])), new Map(journeys.map((j) => [j.slug, j])));
}
