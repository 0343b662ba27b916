/** SQL on the ratings module's own tables (src/db/schema/ratings.ts) only. */
import { and, asc, count, desc, eq, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { ratables, rectifications } from '../../db/schema/ratings.js';

export type RatableRow = typeof ratables.$inferSelect;
export type NewRatableRow = typeof ratables.$inferInsert;
export type RectificationRow = typeof rectifications.$inferSelect;

/** Insert the subject unless it is already there (kind + subjectRef); the new row, or undefined. */
export async function insertRatable(db: Runner, row: NewRatableRow): Promise<RatableRow | undefined> {
  const [inserted] = await db.insert(ratables).values(row).onConflictDoNothing({ target: [ratables.kind, ratables.subjectRef] }).returning();
  return inserted;
}

export async function findRatable(db: Runner, kind: string, subjectRef: string): Promise<RatableRow | undefined> {
  const [row] = await db.select().from(ratables).where(and(eq(ratables.kind, kind), eq(ratables.subjectRef, subjectRef)));
  return row;
}

export async function ratableById(db: Runner, id: number): Promise<RatableRow | undefined> {
  const [row] = await db.select().from(ratables).where(eq(ratables.id, id));
  return row;
}

/** Write the rating only if there is none yet: two submissions can never both count. */
export async function saveRating(
  db: Runner,
  id: number,
  rating: { level: string; reasons: string[]; comment: string | null; ratedAt: Date; ratingKey: string | null },
): Promise<RatableRow | undefined> {
  const [row] = await db
    .update(ratables)
    .set(rating)
    .where(and(eq(ratables.id, id), isNull(ratables.level)))
    .returning();
  return row;
}

/** The one 追评, only after a rating and only once. */
export async function saveFollowUp(db: Runner, id: number, followUp: string, at: Date): Promise<RatableRow | undefined> {
  const [row] = await db
    .update(ratables)
    .set({ followUp, followUpAt: at })
    .where(and(eq(ratables.id, id), isNotNull(ratables.level), isNull(ratables.followUp)))
    .returning();
  return row;
}

/** The rater's subjects: awaiting a rating (newest conclusion first) or rated (newest rating first), with the rectification. */
export async function raterList(db: Runner, userId: number, rated: boolean, page: { limit: number; offset: number }) {
  const where = and(eq(ratables.raterUserId, userId), rated ? isNotNull(ratables.level) : isNull(ratables.level));
  const [rows, [total]] = await Promise.all([
    db
      .select({ ratable: ratables, rectification: rectifications })
      .from(ratables)
      .leftJoin(rectifications, eq(rectifications.ratableId, ratables.id))
      .where(where)
      .orderBy(rated ? desc(ratables.ratedAt) : desc(ratables.concludedAt), desc(ratables.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(ratables).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function insertRectification(db: Runner, row: typeof rectifications.$inferInsert): Promise<RectificationRow | undefined> {
  const [inserted] = await db.insert(rectifications).values(row).onConflictDoNothing({ target: rectifications.ratableId }).returning();
  return inserted;
}

export async function rectificationOf(db: Runner, ratableId: number): Promise<RectificationRow | undefined> {
  const [row] = await db.select().from(rectifications).where(eq(rectifications.ratableId, ratableId));
  return row;
}

export async function rectificationById(db: Runner, id: number) {
  const [row] = await db
    .select({ rectification: rectifications, ratable: ratables })
    .from(rectifications)
    .innerJoin(ratables, eq(ratables.id, rectifications.ratableId))
    .where(eq(rectifications.id, id));
  return row;
}

export interface QueueWhere {
  /** undefined: every department (portal-wide roles) */
  departmentId?: number;
  status?: 'open' | 'closed';
  /** open and past the due date at `now` */
  overdueAt?: Date;
}

function queueWhere(q: QueueWhere): SQL | undefined {
  return and(
    q.departmentId !== undefined ? eq(rectifications.departmentId, q.departmentId) : undefined,
    q.status ? eq(rectifications.status, q.status) : undefined,
    q.overdueAt ? and(eq(rectifications.status, 'open'), lt(rectifications.dueAt, q.overdueAt)) : undefined,
  );
}

export async function queue(db: Runner, q: QueueWhere, page: { limit: number; offset: number }) {
  const where = queueWhere(q);
  const [rows, [total]] = await Promise.all([
    db
      .select({ rectification: rectifications, ratable: ratables })
      .from(rectifications)
      .innerJoin(ratables, eq(ratables.id, rectifications.ratableId))
      .where(where)
      .orderBy(sql`case when ${rectifications.status} = 'open' then 0 else 1 end`, asc(rectifications.dueAt), desc(rectifications.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(rectifications).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Open and overdue counts, for the work desk and the queue's warning. */
export async function queueCounts(db: Runner, departmentId: number | undefined, now: Date) {
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${rectifications.status} = 'open')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${rectifications.status} = 'open' and ${rectifications.dueAt} < ${now})`.mapWith(Number),
    })
    .from(rectifications)
    .where(departmentId !== undefined ? eq(rectifications.departmentId, departmentId) : undefined);
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
}

/** Close the case only if it is open and nobody changed it since `version` was read. */
export async function closeRectification(db: Runner, id: number, version: number, changes: Partial<typeof rectifications.$inferInsert>) {
  const [row] = await db
    .update(rectifications)
    .set({ ...changes, status: 'closed', version: sql`${rectifications.version} + 1` })
    .where(and(eq(rectifications.id, id), eq(rectifications.version, version), eq(rectifications.status, 'open')))
    .returning();
  return row;
}

/** Subjects concluded before `cutoff`, unrated and never invited. */
export async function dueForInvitation(db: Runner, cutoff: Date, limit = 200) {
  return db
    .select({ id: ratables.id })
    .from(ratables)
    .where(and(isNull(ratables.level), isNull(ratables.invitedAt), lte(ratables.concludedAt, cutoff)))
    .orderBy(asc(ratables.concludedAt))
    .limit(limit);
}

/** Claim the invitation: only one process, only once. */
export async function markInvited(db: Runner, id: number, at: Date) {
  const [row] = await db
    .update(ratables)
    .set({ invitedAt: at })
    .where(and(eq(ratables.id, id), isNull(ratables.invitedAt), isNull(ratables.level)))
    .returning();
  return row;
}

export async function overdueUnflagged(db: Runner, now: Date, limit = 200) {
  return db
    .select({ id: rectifications.id })
    .from(rectifications)
    .where(and(eq(rectifications.status, 'open'), isNull(rectifications.overdueAt), lt(rectifications.dueAt, now)))
    .orderBy(asc(rectifications.dueAt))
    .limit(limit);
}

export async function markOverdue(db: Runner, id: number, at: Date) {
  const [row] = await db
    .update(rectifications)
    .set({ overdueAt: at })
    .where(and(eq(rectifications.id, id), isNull(rectifications.overdueAt), eq(rectifications.status, 'open')))
    .returning();
  return row;
}

/** Every rating counted by department, item and level, with the bad ones rectified on time: the public figures' one query. */
export async function tally(db: Runner) {
  return db
    .select({
      departmentId: ratables.departmentId,
      itemId: ratables.itemId,
      itemName: ratables.itemName,
      level: sql<string>`${ratables.level}`,
      n: sql<number>`count(*)`.mapWith(Number),
      onTime: sql<number>`count(*) filter (where ${rectifications.status} = 'closed' and ${rectifications.closedAt} <= ${rectifications.dueAt})`.mapWith(Number),
    })
    .from(ratables)
    .leftJoin(rectifications, eq(rectifications.ratableId, ratables.id))
    .where(isNotNull(ratables.level))
    .groupBy(ratables.departmentId, ratables.itemId, ratables.itemName, ratables.level);
}

export async function countRatables(db: Runner) {
  const [row] = await db.select({ n: count() }).from(ratables);
  return row?.n ?? 0;
}
