/**
 * All SQL of letters, on letters' own tables only (db/schema/letters.ts): the cases and their
 * departments here, their history, replies, attachments, rules and templates in repo-records.ts.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, lte, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { insertRows } from '../../db/bulk.js';
import type { Runner } from '../../db/client.js';
import { letterDepartments, letters } from '../../db/schema/letters.js';
import { CONFIDENTIAL_CHANNELS } from './model.js';

export type LetterRow = typeof letters.$inferSelect;
export type NewLetterRow = typeof letters.$inferInsert;

// ---- letters ----------------------------------------------------------------------------------

export async function insertLetter(db: Runner, row: NewLetterRow): Promise<LetterRow | undefined> {
  const [created] = await db.insert(letters).values(row).onConflictDoNothing().returning();
  return created;
}

/**
 * Many letters at once (the intake's hot path, see db/bulk.ts); rows that would break a unique
 * key (idempotency key, tracking code) are skipped. Only what the caller does not know comes back.
 */
export async function insertLetters(db: Runner, rows: NewLetterRow[]) {
  const inserted = await insertRows<typeof letters, { id: number; trackingCode: string; idempotencyKey: string | null; body: string; receivedAt: Date | string }>(db, letters, rows, {
    onConflictDoNothing: true,
    returning: ['id', 'trackingCode', 'idempotencyKey', 'body', 'receivedAt'],
  });
  return inserted.map((r) => ({ ...r, id: Number(r.id), receivedAt: new Date(r.receivedAt) }));
}

export async function findByIdempotencyKeys(db: Runner, keys: string[]): Promise<LetterRow[]> {
  if (!keys.length) return [];
  return db.select().from(letters).where(inArray(letters.idempotencyKey, keys));
}

export async function insertLetterDepartments(db: Runner, rows: (typeof letterDepartments.$inferInsert)[]): Promise<void> {
  await insertRows(db, letterDepartments, rows);
}

export async function findByIdempotencyKey(db: Runner, key: string): Promise<LetterRow | undefined> {
  const [row] = await db.select().from(letters).where(eq(letters.idempotencyKey, key));
  return row;
}

export async function findById(db: Runner, id: number): Promise<LetterRow | undefined> {
  const [row] = await db.select().from(letters).where(eq(letters.id, id));
  return row;
}

export async function findByTrackingCode(db: Runner, code: string): Promise<LetterRow | undefined> {
  const [row] = await db.select().from(letters).where(eq(letters.trackingCode, code));
  return row;
}

/**
 * Change a letter only if nobody changed it since `version` was read; undefined means someone
 * did (or it is gone), and the caller reports a conflict instead of overwriting their work.
 */
export async function updateLetter(db: Runner, id: number, version: number, changes: Partial<NewLetterRow>): Promise<LetterRow | undefined> {
  const [row] = await db
    .update(letters)
    .set({ ...changes, version: sql`${letters.version} + 1`, updatedAt: new Date() })
    .where(and(eq(letters.id, id), eq(letters.version, version)))
    .returning();
  return row;
}

/** Deadline marks are the system's, not a clerk's edit: they do not change the version clerks hold. */
export async function markReminded(db: Runner, id: number, at: Date): Promise<LetterRow | undefined> {
  const [row] = await db.update(letters).set({ remindedAt: at }).where(and(eq(letters.id, id), isNull(letters.remindedAt))).returning();
  return row;
}

export async function markSupervised(db: Runner, id: number, at: Date): Promise<LetterRow | undefined> {
  const [row] = await db.update(letters).set({ supervisedAt: at }).where(and(eq(letters.id, id), isNull(letters.supervisedAt))).returning();
  return row;
}

/** Past its deadline and still owed: dispatch for letters at the desk, the reply for the rest. */
const overdueNow = () =>
  sql`((${letters.status} = 'dispatching' and ${letters.dispatchDueAt} < now()) or (${letters.status} in ('handling', 'reviewing') and ${letters.dueAt} < now()))`;

export async function lettersFromPhoneSince(db: Runner, phone: string, since: Date): Promise<number> {
  const [r] = await db.select({ n: count() }).from(letters).where(and(eq(letters.phone, phone), gte(letters.receivedAt, since)));
  return r?.n ?? 0;
}

/** The departments working on a letter, lead and assisting (their names come from the catalogue). */
export async function departmentsOf(db: Runner, letterId: number) {
  return db
    .select({ departmentId: letterDepartments.departmentId, role: letterDepartments.role, opinion: letterDepartments.opinion })
    .from(letterDepartments)
    .where(eq(letterDepartments.letterId, letterId))
    .orderBy(asc(letterDepartments.role), asc(letterDepartments.departmentId));
}

export async function setDepartments(db: Runner, letterId: number, lead: number | null, assists: number[]): Promise<void> {
  await db.delete(letterDepartments).where(eq(letterDepartments.letterId, letterId));
  const rows = [
    ...(lead ? [{ letterId, departmentId: lead, role: 'lead' as const }] : []),
    ...assists.filter((d) => d !== lead).map((departmentId) => ({ letterId, departmentId, role: 'assist' as const })),
  ];
  if (rows.length) await db.insert(letterDepartments).values(rows);
}

export async function setOpinion(db: Runner, letterId: number, departmentId: number, opinion: string): Promise<void> {
  await db
    .update(letterDepartments)
    .set({ opinion })
    .where(and(eq(letterDepartments.letterId, letterId), eq(letterDepartments.departmentId, departmentId)));
}

/** Whether the department works on the letter (as lead or assisting). */
export async function worksOn(db: Runner, letterId: number, departmentId: number): Promise<'lead' | 'assist' | undefined> {
  const [row] = await db
    .select({ role: letterDepartments.role })
    .from(letterDepartments)
    .where(and(eq(letterDepartments.letterId, letterId), eq(letterDepartments.departmentId, departmentId)));
  return row?.role;
}

export interface StaffFilter {
  /** the department's own cases (lead or assisting); undefined: every department */
  departmentId?: number;
  status?: string[];
  type?: string;
  channel?: string;
  overdue?: boolean;
  /** open cases due before this instant, not yet overdue */
  dueSoon?: Date;
  q?: string;
  /** whether `q` may match the words of the discipline commission's letters (policy.ts) */
  searchConfidential?: boolean;
  limit: number;
  offset: number;
}

export async function listForStaff(db: Runner, f: StaffFilter) {
  const where: SQL[] = [];
  if (f.departmentId !== undefined)
    where.push(
      inArray(letters.id, db.select({ id: letterDepartments.letterId }).from(letterDepartments).where(eq(letterDepartments.departmentId, f.departmentId))),
    );
  if (f.status?.length) where.push(inArray(letters.status, f.status));
  if (f.type) where.push(eq(letters.type, f.type));
  if (f.channel) where.push(eq(letters.channel, f.channel));
  if (f.overdue) where.push(overdueNow());
  if (f.dueSoon) where.push(dueSoonBy(f.dueSoon));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const words = or(ilike(letters.title, like), ilike(letters.body, like)) as SQL;
    // the words of a confidential letter are no answer to whoever may not read it
    const searchable = f.searchConfidential ? words : (and(notInArray(letters.channel, [...CONFIDENTIAL_CHANNELS]), words) as SQL);
    where.push(or(searchable, eq(letters.trackingCode, f.q.toUpperCase())) as SQL);
  }
  return pageOfLetters(db, where.length ? and(...where) : undefined, [asc(letters.dueAt), asc(letters.id)], f);
}

/** One page of letters, and how many match in all. */
async function pageOfLetters(db: Runner, condition: SQL | undefined, order: SQL[], f: { limit: number; offset: number }) {
  const [total] = await db.select({ n: count() }).from(letters).where(condition);
  const rows = await db
    .select()
    .from(letters)
    .where(condition)
    .orderBy(...order)
    .limit(f.limit)
    .offset(f.offset);
  return { total: total?.n ?? 0, rows };
}

export interface PublicFilter {
  departmentId?: number;
  type?: string;
  /** 'YYYY-MM' */
  month?: { from: Date; to: Date };
  ids?: number[];
  limit: number;
  offset: number;
}

const publicCondition = () => and(eq(letters.isPublic, true), isNotNull(letters.repliedAt), ne(letters.status, 'merged'));

export async function listPublic(db: Runner, f: PublicFilter) {
  const where: SQL[] = [publicCondition() as SQL];
  if (f.departmentId) where.push(eq(letters.departmentId, f.departmentId));
  if (f.type) where.push(eq(letters.type, f.type));
  if (f.month) where.push(and(gte(letters.receivedAt, f.month.from), lt(letters.receivedAt, f.month.to)) as SQL);
  if (f.ids) where.push(f.ids.length ? inArray(letters.id, f.ids) : sql`false`);
  return pageOfLetters(db, and(...where), [desc(letters.repliedAt), desc(letters.id)], f);
}

/** Published letters for the search index. */
export async function publicForIndex(db: Runner): Promise<LetterRow[]> {
  return db.select().from(letters).where(publicCondition());
}

/** Letters past a limit that still owe something: to be reminded or put under supervision. */
export async function dueForReminder(db: Runner, before: Date) {
  return db
    .select()
    .from(letters)
    .where(and(inArray(letters.status, ['handling', 'reviewing']), isNull(letters.remindedAt), lte(letters.dueAt, before)));
}

export async function overdue(db: Runner, now: Date) {
  return db
    .select()
    .from(letters)
    .where(
      and(
        isNull(letters.supervisedAt),
        or(
          and(inArray(letters.status, ['handling', 'reviewing']), lt(letters.dueAt, now)),
          and(eq(letters.status, 'dispatching'), lt(letters.dispatchDueAt, now)),
        ),
      ),
    );
}

export async function statusCounts(db: Runner, departmentId?: number) {
  const rows = await db
    .select({
      status: letters.status,
      n: count(),
      overdue: sql<number>`count(*) filter (where ${overdueNow()})`.mapWith(Number),
    })
    .from(letters)
    .where(
      departmentId === undefined
        ? undefined
        : inArray(letters.id, db.select({ id: letterDepartments.letterId }).from(letterDepartments).where(eq(letterDepartments.departmentId, departmentId))),
    )
    .groupBy(letters.status);
  return rows;
}

/**
 * Per department and month of receipt: received, due by `asOf` (or already answered), replied,
 * replied on time, working days to the reply, and ratings — the figures the public statistics page shows
 * (the department's name is the catalogue's, added by the operation).
 */
export async function monthlyStats(db: Runner, from: Date, to: Date, timeZone: string, asOf: Date) {
  return db
    .select({
      departmentId: letters.departmentId,
      month: sql<string>`to_char(${letters.receivedAt} at time zone ${timeZone}, 'YYYY-MM')`,
      received: count(),
      // a letter counts toward the reply rate once it is due, or earlier if it was answered
      due: sql<number>`count(*) filter (where ${letters.repliedAt} is not null or ${letters.dueAt} <= ${asOf})`.mapWith(Number),
      replied: sql<number>`count(${letters.repliedAt})`.mapWith(Number),
      onTime: sql<number>`count(*) filter (where ${letters.repliedOnTime})`.mapWith(Number),
      daysSum: sql<number>`coalesce(sum(${letters.replyWorkingDays}), 0)`.mapWith(Number),
      rated: sql<number>`count(${letters.rating})`.mapWith(Number),
      satisfied: sql<number>`count(*) filter (where ${letters.rating} in ('satisfied', 'basically'))`.mapWith(Number),
    })
    .from(letters)
    .where(
      and(
        isNotNull(letters.departmentId),
        gte(letters.receivedAt, from),
        lt(letters.receivedAt, to),
        ne(letters.status, 'merged'),
        sql`${letters.channel} not in ('discipline', 'supervision')`,
      ),
    )
    .groupBy(letters.departmentId, sql`2`)
    .orderBy(sql`2`, letters.departmentId);
}

export * from './repo-records.js';

export async function countLetters(db: Runner): Promise<number> {
  const [r] = await db.select({ n: count() }).from(letters);
  return r?.n ?? 0;
}

// ---- the writer's own letters and the staff's to-do counts ------------------------------------

/** The letters a signed-in person wrote, newest first. */
export async function lettersOfAccount(db: Runner, accountId: number, limit: number, offset: number) {
  const [total] = await db.select({ n: count() }).from(letters).where(eq(letters.accountId, accountId));
  const rows = await db
    .select({
      trackingCode: letters.trackingCode,
      title: letters.title,
      status: letters.status,
      receivedAt: letters.receivedAt,
      updatedAt: letters.updatedAt,
      dueAt: letters.dueAt,
    })
    .from(letters)
    .where(eq(letters.accountId, accountId))
    .orderBy(desc(letters.receivedAt), desc(letters.id))
    .limit(limit)
    .offset(offset);
  return { total: Number(total?.n ?? 0), rows };
}

/** Open cases whose deadline (dispatch or reply) falls between now and `by`: not yet overdue, but soon. */
export const dueSoonBy = (by: Date) =>
  sql`((${letters.status} = 'dispatching' and ${letters.dispatchDueAt} >= now() and ${letters.dispatchDueAt} < ${by}) or (${letters.status} in ('handling', 'reviewing') and ${letters.dueAt} >= now() and ${letters.dueAt} < ${by}))`;

/** The open cases of a department (lead or assisting; undefined: every one) by status, and how many are due soon or overdue. */
export async function workCounts(db: Runner, departmentId: number | undefined, soon: Date) {
  const [r] = await db
    .select({
      dispatching: sql<number>`count(*) filter (where ${letters.status} = 'dispatching')`.mapWith(Number),
      handling: sql<number>`count(*) filter (where ${letters.status} = 'handling')`.mapWith(Number),
      reviewing: sql<number>`count(*) filter (where ${letters.status} = 'reviewing')`.mapWith(Number),
      dueSoon: sql<number>`count(*) filter (where ${dueSoonBy(soon)})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${overdueNow()})`.mapWith(Number),
    })
    .from(letters)
    .where(
      and(
        inArray(letters.status, ['dispatching', 'handling', 'reviewing']),
        departmentId === undefined
          ? undefined
          : inArray(letters.id, db.select({ id: letterDepartments.letterId }).from(letterDepartments).where(eq(letterDepartments.departmentId, departmentId))),
      ),
    );
  return { dispatching: r?.dispatching ?? 0, handling: r?.handling ?? 0, reviewing: r?.reviewing ?? 0, dueSoon: r?.dueSoon ?? 0, overdue: r?.overdue ?? 0 };
}
