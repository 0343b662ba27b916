/**
 * A person's own progress: steps of a journey and items done, what they follow, and the guides
 * and journeys they opened lately. Every operation takes the principal and touches only their
 * rows; staff and strangers have no personal space (policy.ts).
 */
import { BadRequestError, NotFoundError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import type { JourneysContext } from '../context.js';
import { itemOrThrow, journeyOrThrow } from '../lookups.js';
import { progressOf } from '../model.js';
import { hasPersonalSpace, isRefSlug, personalOwner } from '../policy.js';
import * as repo from '../repo.js';
import { recordItemsDone } from './push.js';

export const SUBSCRIPTION_KINDS = ['theme', 'department', 'journey'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

/** A person's state on a journey page: steps done, progress, whether they follow it. */
export async function progress(ctx: JourneysContext, p: Principal, slug: string) {
  const userId = personalOwner(p);
  const row = await journeyOrThrow(ctx, slug);
  const [titles, subs] = await Promise.all([repo.stepsDone(ctx.db, userId, row.id), repo.subscriptionsOf(ctx.db, userId)]);
  const done = new Set(titles);
  return {
    done: row.steps.map((s) => done.has(s.title)),
    ...progressOf(row.steps, done),
    subscribed: subs.some((s) => s.kind === 'journey' && s.ref === slug),
  };
}

/**
 * Mark a step done (or not done again). Done marks the step's items done too and fires their
 * reminders; undoing a step keeps what was sent — a reminder cannot be unsent.
 */
export async function markStep(ctx: JourneysContext, p: Principal, input: { slug: string; step: number; done: boolean }) {
  const userId = personalOwner(p);
  const row = await journeyOrThrow(ctx, input.slug);
  const step = row.steps[input.step - 1];
  if (!step) throw new NotFoundError(t('journeys.stepNotFound'));
  if (!input.done) return repo.unmarkStep(ctx.db, userId, row.id, step.title).then(() => 0);
  return recordItemsDone(ctx, userId, step.items, 'step', (tx) => repo.markStep(tx, userId, row.id, step.title));
}

/** Codes of the items the person has done. */
export async function doneItems(ctx: JourneysContext, p: Principal) {
  return repo.doneItems(ctx.db, personalOwner(p));
}

/** Mark one item done by hand (from a life event or an answer list), or not done again. */
export async function markItem(ctx: JourneysContext, p: Principal, input: { code: string; done: boolean }) {
  const userId = personalOwner(p);
  const item = await itemOrThrow(ctx, input.code);
  if (!input.done) return repo.unmarkItem(ctx.db, userId, item.implCode).then(() => 0);
  return recordItemsDone(ctx, userId, [item.implCode], 'item');
}

/**
 * An application of this person for this item concluded (for the applications module): the
 * item counts as done and its reminders fire. Call it after the conclusion commits; calling
 * it twice reminds once.
 */
export async function applicationConcluded(ctx: JourneysContext, userId: number, implCode: string) {
  await itemOrThrow(ctx, implCode);
  return recordItemsDone(ctx, userId, [implCode], 'application');
}

async function subscribable(ctx: JourneysContext, kind: SubscriptionKind, ref: string): Promise<boolean> {
  if (!isRefSlug(ref)) return false;
  if (kind === 'theme') return (await ctx.catalog.listThemes()).some((th) => th.slug === ref);
  if (kind === 'department') return (await ctx.catalog.listDepartments()).some((d) => d.slug === ref);
  return !!(await repo.findJourney(ctx.db, ref));
}

export async function subscribe(ctx: JourneysContext, p: Principal, input: { kind: string; ref: string }) {
  const userId = personalOwner(p);
  const k = SUBSCRIPTION_KINDS.find((x) => x === input.kind);
  if (!k) throw new BadRequestError(t('journeys.badSubscription'));
  if (!(await subscribable(ctx, k, input.ref))) throw new BadRequestError(t('journeys.badSubscription'));
  await repo.subscribe(ctx.db, userId, k, input.ref);
}

export async function unsubscribe(ctx: JourneysContext, p: Principal, input: { kind: string; ref: string }) {
  const userId = personalOwner(p);
  const k = SUBSCRIPTION_KINDS.find((x) => x === input.kind);
  if (!k || !(await repo.unsubscribe(ctx.db, userId, k, input.ref))) throw new NotFoundError(t('journeys.subscriptionNotFound'));
}

/** A guide or journey a signed-in person opened (history is statistics: a failure is ignored). */
export async function noteView(ctx: JourneysContext, p: Principal, input: { kind: 'item' | 'journey'; refId: number }) {
  if (!hasPersonalSpace(p)) return;
  await repo.touchView(ctx.db, p.userId, input.kind, input.refId).catch(() => {});
}
