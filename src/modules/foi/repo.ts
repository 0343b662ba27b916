/** The foi module's SQL: its own tables only. */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { foiEvents, foiPauses, foiPublications, foiRequests } from '../../db/schema/foi.js';

export type FoiRow = typeof foiRequests.$inferSelect;
export type NewFoiRow = typeof foiRequests.$inferInsert;
export type PauseRow = typeof foiPauses.$inferSelect;
export type EventRow = typeof foiEvents.$inferSelect;

export async function insertRequest(db: Runner, row: NewFoiRow): Promise<FoiRow> {
  const [r] = await db.insert(foiRequests).values(row).returning();
  return r!;
}

export async function byId(db: Runner, id: number): Promise<FoiRow | undefined> {
  const [r] = await db.select().from(foiRequests).where(eq(foiRequests.id, id));
  return r;
}

export async function byCode(db: Runner, code: string): Promise<FoiRow | undefined> {
  const [r] = await db.select().from(foiRequests).where(eq(foiRequests.code, code));
  return r;
}

export async function byIdempotencyKey(db: Runner, key: string): Promise<FoiRow | undefined> {
  const [r] = await db.select().from(foiRequests).where(eq(foiRequests.idempotencyKey, key));
  return r;
}

/** Lock the row for the transaction (the second of two racing operations waits, then re-reads). */
export async function lockById(db: Runner, id: number): Promise<FoiRow | undefined> {
  const [r] = await db.select().from(foiRequests).where(eq(foiRequests.id, id)).for('update');
  return r;
}

/** Update when the version is still the one read; undefined when someone changed it first. */
export async function updateRequest(db: Runner, id: number, version: number, set: Partial<NewFoiRow>): Promise<FoiRow | undefined> {
  const [r] = await db
    .update(foiRequests)
    .set({ ...set, version: version + 1, updatedAt: new Date() })
    .where(and(eq(foiRequests.id, id), eq(foiRequests.version, version)))
    .returning();
  return r;
}

/** Requests the applicant filed in a month (local dates from..to exclusive), for the fee count. */
export async function countInMonth(db: Runner, applicantIdNo: string, from: string, to: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(foiRequests)
    .where(and(eq(foiRequests.applicantIdNo, applicantIdNo), gte(foiRequests.receivedOn, from), lt(foiRequests.receivedOn, to)));
  return Number(r?.n ?? 0);
}

/** A transaction-scoped lock per applicant, so two requests at once get distinct monthly ordinals. */
export async function lockApplicant(db: Runner, applicantIdNo: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${'foi:' + applicantIdNo}))`);
}

export async function nextCodeNumber(db: Runner, year: number): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(foiRequests)
    .where(sql`${foiRequests.code} like ${`YSQ-${year}-%`}`);
  return Number(r?.n ?? 0) + 1;
}

export async function pausesOf(db: Runner, ids: number[]): Promise<PauseRow[]> {
  if (!ids.length) return [];
  return db.select().from(foiPauses).where(inArray(foiPauses.requestId, ids)).orderBy(asc(foiPauses.id));
}

export async function openPause(db: Runner, requestId: number, reason: string, party: string, fromOn: string): Promise<void> {
  await db.insert(foiPauses).values({ requestId, reason, party, fromOn });
}

export async function closePause(db: Runner, requestId: number, toOn: string): Promise<number> {
  const r = await db
    .update(foiPauses)
    .set({ toOn })
    .where(and(eq(foiPauses.requestId, requestId), isNull(foiPauses.toOn)))
    .returning({ id: foiPauses.id });
  return r.length;
}

export async function addEvent(db: Runner, e: typeof foiEvents.$inferInsert): Promise<void> {
  await db.insert(foiEvents).values(e);
}

export async function eventsOf(db: Runner, requestId: number): Promise<EventRow[]> {
  return db.select().from(foiEvents).where(eq(foiEvents.requestId, requestId)).orderBy(asc(foiEvents.id));
}

export async function listMine(db: Runner, accountId: number, limit: number, offset: number) {
  const where = eq(foiRequests.accountId, accountId);
  const [total] = await db.select({ n: count() }).from(foiRequests).where(where);
  const rows = await db.select().from(foiRequests).where(where).orderBy(desc(foiRequests.id)).limit(limit).offset(offset);
  return { total: Number(total?.n ?? 0), rows };
}

/** A department's requests (all departments when null), open ones first by receipt. */
export async function listQueue(db: Runner, departmentId: number | null, open: boolean, limit: number, offset: number) {
  const conds = [];
  if (departmentId !== null) conds.push(eq(foiRequests.departmentId, departmentId));
  conds.push(open ? sql`${foiRequests.status} <> 'replied'` : eq(foiRequests.status, 'replied'));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(foiRequests).where(where);
  const rows = await db.select().from(foiRequests).where(where).orderBy(asc(foiRequests.receivedOn), asc(foiRequests.id)).limit(limit).offset(offset);
  return { total: Number(total?.n ?? 0), rows };
}

/** Requests received in [from, to) (local dates), optionally of one department: the statistics' rows. */
export async function receivedBetween(db: Runner, from: string, to: string, departmentId?: number) {
  const conds = [gte(foiRequests.receivedOn, from), lt(foiRequests.receivedOn, to)];
  if (departmentId !== undefined) conds.push(eq(foiRequests.departmentId, departmentId));
  return db
    .select({
      channel: foiRequests.channel,
      applicantKind: foiRequests.applicantKind,
      status: foiRequests.status,
      replyType: foiRequests.replyType,
      extended: foiRequests.extended,
      feeApplies: foiRequests.feeApplies,
      feeYuan: foiRequests.feeYuan,
      correctionNoticeOn: foiRequests.correctionNoticeOn,
    })
    .from(foiRequests)
    .where(and(...conds));
}

/** Requests open at some time in [from, to] (local dates, inclusive): received by `to`, not replied before `from`. The annual report's table 三. */
export async function activeDuring(db: Runner, from: string, to: string, departmentId?: number) {
  const conds = [lte(foiRequests.receivedOn, to), or(isNull(foiRequests.repliedOn), gte(foiRequests.repliedOn, from))];
  if (departmentId !== undefined) conds.push(eq(foiRequests.departmentId, departmentId));
  return db
    .select({
      applicantKind: foiRequests.applicantKind,
      receivedOn: foiRequests.receivedOn,
      replyType: foiRequests.replyType,
      replyGround: foiRequests.replyGround,
      repliedOn: foiRequests.repliedOn,
      feeApplies: foiRequests.feeApplies,
      feeYuan: foiRequests.feeYuan,
    })
    .from(foiRequests)
    .where(and(...conds));
}

export async function countAll(db: Runner): Promise<number> {
  const [r] = await db.select({ n: count() }).from(foiRequests);
  return Number(r?.n ?? 0);
}

// ——— publication of replies ———

export type PublicationRow = typeof foiPublications.$inferSelect;
export type NewPublicationRow = typeof foiPublications.$inferInsert;

export async function publicationOf(db: Runner, requestId: number, lock = false): Promise<PublicationRow | undefined> {
  const q = db.select().from(foiPublications).where(eq(foiPublications.requestId, requestId));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

export async function publicationById(db: Runner, id: number): Promise<PublicationRow | undefined> {
  const [r] = await db.select().from(foiPublications).where(eq(foiPublications.id, id));
  return r;
}

export async function insertPublication(db: Runner, row: NewPublicationRow): Promise<PublicationRow> {
  const [r] = await db.insert(foiPublications).values(row).returning();
  return r!;
}

export async function updatePublication(db: Runner, id: number, version: number, set: Partial<NewPublicationRow>): Promise<PublicationRow | undefined> {
  const [r] = await db
    .update(foiPublications)
    .set({ ...set, version: version + 1, updatedAt: new Date() })
    .where(and(eq(foiPublications.id, id), eq(foiPublications.version, version)))
    .returning();
  return r;
}

/** Published replies, newest first, with their request's code, dates and reply type. */
export async function listPublished(db: Runner, limit: number, offset: number, departmentId?: number) {
  const where = and(eq(foiPublications.status, 'published'), departmentId === undefined ? undefined : eq(foiPublications.departmentId, departmentId));
  const [total] = await db.select({ n: count() }).from(foiPublications).where(where);
  const rows = await db
    .select({ p: foiPublications, r: { code: foiRequests.code, receivedOn: foiRequests.receivedOn, repliedOn: foiRequests.repliedOn, replyType: foiRequests.replyType, applicantKind: foiRequests.applicantKind } })
    .from(foiPublications)
    .innerJoin(foiRequests, eq(foiRequests.id, foiPublications.requestId))
    .where(where)
    .orderBy(desc(foiPublications.publishedOn), desc(foiPublications.id))
    .limit(limit)
    .offset(offset);
  return { total: Number(total?.n ?? 0), rows };
}
