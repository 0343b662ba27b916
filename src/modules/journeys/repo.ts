/** All SQL of the journeys module: content, and each person's own progress, subscriptions, history and reminders. */
import { and, asc, count, desc, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import { excludedAll } from '../../db/bulk.js';
import type { Runner } from '../../db/client.js';
import { itemsDone, journeyProgress, journeys, lifeEvents, pushRules, pushSends, pushStops, questionSets, recentViews, subscriptions } from '../../db/schema/journeys.js';
import type { JourneyInput, LifeEventInput, PushRuleInput, QuestionSetInput } from './model.js';

export type JourneyRow = typeof journeys.$inferSelect;
export type QuestionSetRow = typeof questionSets.$inferSelect;
export type LifeEventRow = typeof lifeEvents.$inferSelect;
export type PushRuleRow = typeof pushRules.$inferSelect;
export type PushSendRow = typeof pushSends.$inferSelect;
export type SubscriptionKind = (typeof subscriptions.$inferSelect)['kind'];

const touched = { updatedAt: sql`now()` };

// ---- content -------------------------------------------------------------------------------

/** Insert or replace records by slug; `sort` keeps the order they were given in when it is new. */
export async function upsertJourneys(db: Runner, list: (JourneyInput & { sort: number })[]): Promise<JourneyRow[]> {
  if (!list.length) return [];
  return db
    .insert(journeys)
    .values(list)
    .onConflictDoUpdate({
      target: journeys.slug,
      set: { ...excludedAll(['title', 'domain', 'audience', 'summary', 'keywords', 'steps']), ...touched },
    })
    .returning();
}

export async function upsertQuestionSets(db: Runner, list: (QuestionSetInput & { sort: number })[]): Promise<void> {
  if (!list.length) return;
  await db
    .insert(questionSets)
    .values(list)
    .onConflictDoUpdate({
      target: questionSets.slug,
      set: { ...excludedAll(['title', 'intro', 'questions', 'outcomes']), ...touched },
    });
}

export async function upsertLifeEvents(db: Runner, list: (LifeEventInput & { sort: number })[]): Promise<void> {
  if (!list.length) return;
  await db
    .insert(lifeEvents)
    .values(list)
    .onConflictDoUpdate({
      target: lifeEvents.slug,
      set: { ...excludedAll(['title', 'audience', 'summary', 'entries']), ...touched },
    });
}

export async function upsertPushRules(db: Runner, list: PushRuleInput[]): Promise<void> {
  if (!list.length) return;
  await db
    .insert(pushRules)
    .values(list)
    .onConflictDoUpdate({
      target: pushRules.slug,
      set: { ...excludedAll(['trigger', 'remind', 'delayDays', 'message']), ...touched },
    });
}

const SORTED = { journeys, questionSets, lifeEvents };
export type SortedTable = keyof typeof SORTED;

export async function nextSort(db: Runner, name: SortedTable): Promise<number> {
  const table = SORTED[name];
  const [row] = await db.select({ n: sql<number>`coalesce(max(${table.sort}), 0)` }).from(table);
  return Number(row?.n ?? 0) + 1;
}

export async function listJourneys(db: Runner, f: { audience?: string; domain?: string; limit: number; offset: number }) {
  const where: SQL[] = [];
  if (f.audience) where.push(eq(journeys.audience, f.audience as 'citizen'));
  if (f.domain) where.push(eq(journeys.domain, f.domain));
  const condition = where.length ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(journeys).where(condition);
  const rows = await db.select().from(journeys).where(condition).orderBy(asc(journeys.sort), asc(journeys.id)).limit(f.limit).offset(f.offset);
  return { total: Number(total?.n ?? 0), rows };
}

export const allJourneys = (db: Runner) => db.select().from(journeys).orderBy(asc(journeys.sort), asc(journeys.id));

export async function findJourney(db: Runner, slug: string): Promise<JourneyRow | undefined> {
  const [row] = await db.select().from(journeys).where(eq(journeys.slug, slug));
  return row;
}

export async function journeysBySlugs(db: Runner, slugs: string[]): Promise<JourneyRow[]> {
  return slugs.length ? db.select().from(journeys).where(inArray(journeys.slug, slugs)) : [];
}

/** Journeys with a step that lists this item (jsonb containment: some step's items hold the code). */
export async function journeysWithItem(db: Runner, implCode: string): Promise<JourneyRow[]> {
  return db
    .select()
    .from(journeys)
    .where(sql`${journeys.steps} @> ${JSON.stringify([{ items: [implCode] }])}::jsonb`)
    .orderBy(asc(journeys.sort), asc(journeys.id));
}

export const listQuestionSets = (db: Runner) => db.select().from(questionSets).orderBy(asc(questionSets.sort), asc(questionSets.id));

export async function findQuestionSet(db: Runner, slug: string): Promise<QuestionSetRow | undefined> {
  const [row] = await db.select().from(questionSets).where(eq(questionSets.slug, slug));
  return row;
}

export async function listLifeEvents(db: Runner, audience?: string) {
  return db
    .select()
    .from(lifeEvents)
    .where(audience ? eq(lifeEvents.audience, audience as 'citizen') : undefined)
    .orderBy(asc(lifeEvents.sort), asc(lifeEvents.id));
}

export async function findLifeEvent(db: Runner, slug: string): Promise<LifeEventRow | undefined> {
  const [row] = await db.select().from(lifeEvents).where(eq(lifeEvents.slug, slug));
  return row;
}

export const listPushRules = (db: Runner) => db.select().from(pushRules).orderBy(asc(pushRules.id));

export async function findPushRule(db: Runner, slug: string): Promise<PushRuleRow | undefined> {
  const [row] = await db.select().from(pushRules).where(eq(pushRules.slug, slug));
  return row;
}

// ---- progress and items done -------------------------------------------------------------

export async function stepsDone(db: Runner, userId: number, journeyId: number): Promise<string[]> {
  const rows = await db
    .select({ title: journeyProgress.stepTitle })
    .from(journeyProgress)
    .where(and(eq(journeyProgress.userId, userId), eq(journeyProgress.journeyId, journeyId)));
  return rows.map((r) => r.title);
}

export async function markStep(db: Runner, userId: number, journeyId: number, stepTitle: string): Promise<void> {
  await db.insert(journeyProgress).values({ userId, journeyId, stepTitle }).onConflictDoNothing();
}

export async function unmarkStep(db: Runner, userId: number, journeyId: number, stepTitle: string): Promise<void> {
  await db
    .delete(journeyProgress)
    .where(and(eq(journeyProgress.userId, userId), eq(journeyProgress.journeyId, journeyId), eq(journeyProgress.stepTitle, stepTitle)));
}

/** Every journey a person has marked a step of, with the steps, newest activity first. */
export async function progressOf(db: Runner, userId: number) {
  return db
    .select({ journeyId: journeyProgress.journeyId, titles: sql<string[]>`array_agg(${journeyProgress.stepTitle})`, last: sql<Date>`max(${journeyProgress.doneAt})` })
    .from(journeyProgress)
    .where(eq(journeyProgress.userId, userId))
    .groupBy(journeyProgress.journeyId)
    .orderBy(desc(sql`max(${journeyProgress.doneAt})`));
}

/** Mark items done; returns the codes that were not done before. */
export async function markItems(db: Runner, userId: number, codes: string[], source: 'step' | 'item' | 'application'): Promise<string[]> {
  if (!codes.length) return [];
  const rows = await db
    .insert(itemsDone)
    .values(codes.map((itemCode) => ({ userId, itemCode, source })))
    .onConflictDoNothing()
    .returning({ code: itemsDone.itemCode });
  return rows.map((r) => r.code);
}

export async function unmarkItem(db: Runner, userId: number, code: string): Promise<void> {
  await db.delete(itemsDone).where(and(eq(itemsDone.userId, userId), eq(itemsDone.itemCode, code)));
}

export async function doneItems(db: Runner, userId: number): Promise<string[]> {
  const rows = await db.select({ code: itemsDone.itemCode }).from(itemsDone).where(eq(itemsDone.userId, userId)).orderBy(desc(itemsDone.doneAt)).limit(500);
  return rows.map((r) => r.code);
}

// ---- subscriptions and history -----------------------------------------------------------

export async function subscribe(db: Runner, userId: number, kind: SubscriptionKind, ref: string): Promise<void> {
  await db.insert(subscriptions).values({ userId, kind, ref }).onConflictDoNothing();
}

export async function unsubscribe(db: Runner, userId: number, kind: SubscriptionKind, ref: string): Promise<boolean> {
  const rows = await db
    .delete(subscriptions)
    .where(and(eq(subscriptions.userId, userId), eq(subscriptions.kind, kind), eq(subscriptions.ref, ref)))
    .returning({ ref: subscriptions.ref });
  return rows.length > 0;
}

export async function subscriptionsOf(db: Runner, userId: number) {
  return db
    .select({ kind: subscriptions.kind, ref: subscriptions.ref, createdAt: subscriptions.createdAt })
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(asc(subscriptions.createdAt))
    .limit(200);
}

export async function touchView(db: Runner, userId: number, kind: 'item' | 'journey', refId: number): Promise<void> {
  await db
    .insert(recentViews)
    .values({ userId, kind, refId })
    .onConflictDoUpdate({ target: [recentViews.userId, recentViews.kind, recentViews.refId], set: { viewedAt: sql`now()` } });
}

export async function recentOf(db: Runner, userId: number, limit: number) {
  return db
    .select({ kind: recentViews.kind, refId: recentViews.refId, viewedAt: recentViews.viewedAt })
    .from(recentViews)
    .where(eq(recentViews.userId, userId))
    .orderBy(desc(recentViews.viewedAt))
    .limit(limit);
}

// ---- reminders ---------------------------------------------------------------------------

/** Rules this person stopped (0: all of them). */
export async function stopsOf(db: Runner, userId: number): Promise<number[]> {
  const rows = await db.select({ ruleId: pushStops.ruleId }).from(pushStops).where(eq(pushStops.userId, userId));
  return rows.map((r) => r.ruleId);
}

export async function addStop(db: Runner, userId: number, ruleId: number): Promise<void> {
  await db.insert(pushStops).values({ userId, ruleId }).onConflictDoNothing();
}

export async function removeStop(db: Runner, userId: number, ruleId: number): Promise<void> {
  await db.delete(pushStops).where(and(eq(pushStops.userId, userId), eq(pushStops.ruleId, ruleId)));
}

/** A reminder of a rule to a person, unless one exists already (returns undefined then). */
export async function insertSend(db: Runner, values: typeof pushSends.$inferInsert): Promise<PushSendRow | undefined> {
  const [row] = await db.insert(pushSends).values(values).onConflictDoNothing().returning();
  return row;
}

export async function markSent(db: Runner, id: number): Promise<void> {
  await db.update(pushSends).set({ status: 'sent', sentAt: sql`now()` }).where(eq(pushSends.id, id));
}

export async function hasDue(db: Runner): Promise<boolean> {
  const rows = await db
    .select({ id: pushSends.id })
    .from(pushSends)
    .where(and(eq(pushSends.status, 'scheduled'), lte(pushSends.dueAt, sql`now()`)))
    .limit(1);
  return rows.length > 0;
}

/** Scheduled reminders that fell due, locked for this transaction (other workers skip them). */
export async function claimDue(db: Runner, limit: number): Promise<PushSendRow[]> {
  return db
    .select()
    .from(pushSends)
    .where(and(eq(pushSends.status, 'scheduled'), lte(pushSends.dueAt, sql`now()`)))
    .orderBy(asc(pushSends.dueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Stop what is still waiting: one rule's reminder, or all of a person's (ruleId undefined). */
export async function stopScheduled(db: Runner, userId: number, ruleId?: number): Promise<void> {
  await db
    .update(pushSends)
    .set({ status: 'stopped' })
    .where(and(eq(pushSends.userId, userId), eq(pushSends.status, 'scheduled'), ruleId === undefined ? undefined : eq(pushSends.ruleId, ruleId)));
}

export async function sendsOf(db: Runner, userId: number, limit: number) {
  return db
    .select({ send: pushSends, rule: pushRules })
    .from(pushSends)
    .innerJoin(pushRules, eq(pushRules.id, pushSends.ruleId))
    .where(eq(pushSends.userId, userId))
    .orderBy(desc(pushSends.createdAt), desc(pushSends.id))
    .limit(limit);
}

/** Mark a person's reminder opened (the first time); false when it is not theirs. */
export async function markOpened(db: Runner, id: number, userId: number): Promise<boolean> {
  const rows = await db
    .update(pushSends)
    .set({ openedAt: sql`coalesce(${pushSends.openedAt}, now())` })
    .where(and(eq(pushSends.id, id), eq(pushSends.userId, userId), isNotNull(pushSends.sentAt)))
    .returning({ id: pushSends.id });
  return rows.length > 0;
}

/** Per rule: reminders sent, opened, waiting and stopped. */
export async function ruleStats(db: Runner) {
  return db
    .select({
      ruleId: pushSends.ruleId,
      sent: sql<number>`count(*) filter (where ${pushSends.status} = 'sent')`,
      opened: sql<number>`count(*) filter (where ${pushSends.openedAt} is not null)`,
      scheduled: sql<number>`count(*) filter (where ${pushSends.status} = 'scheduled')`,
      stopped: sql<number>`count(*) filter (where ${pushSends.status} = 'stopped')`,
    })
    .from(pushSends)
    .groupBy(pushSends.ruleId);
}
