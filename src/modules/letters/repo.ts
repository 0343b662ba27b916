/** All SQL of letters: the cases, their departments, history, replies and attachments, dispatch rules, templates. */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, lte, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { insertRows } from '../../db/bulk.js';
import type { Runner } from '../../db/client.js';
import { departments } from '../../db/schema/catalog.js';
import { dispatchRules, letterAttachments, letterDepartments, letterEvents, letterReplies, letters, replyTemplates } from '../../db/schema/letters.js';
import { CONFIDENTIAL_CHANNELS } from './model.js';

export type LetterRow = typeof letters.$inferSelect;
export type NewLetterRow = typeof letters.$inferInsert;
export type EventRow = typeof letterEvents.$inferSelect;
export type ReplyRow = typeof letterReplies.$inferSelect;
export type RuleRow = typeof dispatchRules.$inferSelect;
export type TemplateRow = typeof replyTemplates.$inferSelect;
export type NewEvent = typeof letterEvents.$inferInsert;

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

export async function departmentsOf(db: Runner, letterId: number) {
  return db
    .select({ departmentId: letterDepartments.departmentId, role: letterDepartments.role, opinion: letterDepartments.opinion, name: departments.name })
    .from(letterDepartments)
    .innerJoin(departments, eq(departments.id, letterDepartments.departmentId))
    .where(eq(letterDepartments.letterId, letterId))
    .orderBy(asc(letterDepartments.role), asc(departments.name));
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

/** One page of letters with their lead department's name, and how many match in all. */
async function pageOfLetters(db: Runner, condition: SQL | undefined, order: SQL[], f: { limit: number; offset: number }) {
  const [total] = await db.select({ n: count() }).from(letters).where(condition);
  const rows = await db
    .select({ letter: letters, departmentName: departments.name })
    .from(letters)
    .leftJoin(departments, eq(departments.id, letters.departmentId))
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

/** The published replies of letters, in order, by letter. */
export async function publishedReplyBodies(db: Runner, letterIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!letterIds.length) return out;
  const rows = await db
    .select({ letterId: letterReplies.letterId, body: letterReplies.body })
    .from(letterReplies)
    .where(and(inArray(letterReplies.letterId, letterIds), eq(letterReplies.status, 'published')))
    .orderBy(asc(letterReplies.id));
  for (const r of rows) out.set(r.letterId, [...(out.get(r.letterId) ?? []), r.body]);
  return out;
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
 * replied on time, working days to the reply, and ratings — the figures the public statistics page shows.
 */
export async function monthlyStats(db: Runner, from: Date, to: Date, timeZone: string, asOf: Date) {
  return db
    .select({
      departmentId: letters.departmentId,
      departmentName: departments.name,
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
    .innerJoin(departments, eq(departments.id, letters.departmentId))
    .where(and(gte(letters.receivedAt, from), lt(letters.receivedAt, to), ne(letters.status, 'merged'), sql`${letters.channel} not in ('discipline', 'supervision')`))
    .groupBy(letters.departmentId, departments.name, sql`3`)
    .orderBy(sql`3`, departments.name);
}

// ---- history, replies, attachments ---------------------------------------------------------------

export async function insertEvents(db: Runner, rows: NewEvent[]): Promise<void> {
  await insertRows(db, letterEvents, rows);
}

export async function events(db: Runner, letterId: number, withInternal: boolean): Promise<EventRow[]> {
  return db
    .select()
    .from(letterEvents)
    .where(and(eq(letterEvents.letterId, letterId), withInternal ? undefined : eq(letterEvents.internal, false)))
    .orderBy(asc(letterEvents.at), asc(letterEvents.id));
}

export async function replies(db: Runner, letterId: number): Promise<ReplyRow[]> {
  return db.select().from(letterReplies).where(eq(letterReplies.letterId, letterId)).orderBy(asc(letterReplies.id));
}

export async function currentReply(db: Runner, letterId: number): Promise<ReplyRow | undefined> {
  const [row] = await db
    .select()
    .from(letterReplies)
    .where(and(eq(letterReplies.letterId, letterId), inArray(letterReplies.status, ['draft', 'submitted', 'returned'])))
    .orderBy(desc(letterReplies.id))
    .limit(1);
  return row;
}

/** Unpublished replies of the department that had the case before a reassignment. */
export async function supersedeReplies(db: Runner, letterId: number): Promise<void> {
  await db
    .update(letterReplies)
    .set({ status: 'superseded' })
    .where(and(eq(letterReplies.letterId, letterId), inArray(letterReplies.status, ['draft', 'submitted', 'returned'])));
}

export async function insertReply(db: Runner, row: typeof letterReplies.$inferInsert): Promise<ReplyRow> {
  const [created] = await db.insert(letterReplies).values(row).returning();
  return created as ReplyRow;
}

export async function updateReply(db: Runner, id: number, changes: Partial<typeof letterReplies.$inferInsert>): Promise<void> {
  await db.update(letterReplies).set(changes).where(eq(letterReplies.id, id));
}

export async function insertAttachments(db: Runner, rows: (typeof letterAttachments.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(letterAttachments).values(rows);
}

export async function attachmentList(db: Runner, letterId: number) {
  return db
    .select({ id: letterAttachments.id, filename: letterAttachments.filename, contentType: letterAttachments.contentType, size: letterAttachments.size })
    .from(letterAttachments)
    .where(eq(letterAttachments.letterId, letterId))
    .orderBy(asc(letterAttachments.id));
}

/** Rows whose bytes are still in the database (written before the file store). */
export async function attachmentsWithBytes(db: Runner, limit: number): Promise<{ id: number; data: Buffer }[]> {
  const rows = await db
    .select({ id: letterAttachments.id, data: letterAttachments.data })
    .from(letterAttachments)
    .where(isNotNull(letterAttachments.data))
    .orderBy(asc(letterAttachments.id))
    .limit(limit);
  return rows.filter((r): r is { id: number; data: Buffer } => r.data !== null);
}

export async function markAttachmentStored(db: Runner, id: number, sha256: string): Promise<void> {
  await db.update(letterAttachments).set({ sha256, data: null }).where(eq(letterAttachments.id, id));
}

export async function attachment(db: Runner, letterId: number, id: number) {
  const [row] = await db
    .select()
    .from(letterAttachments)
    .where(and(eq(letterAttachments.letterId, letterId), eq(letterAttachments.id, id)));
  return row;
}

// ---- rules and templates ---------------------------------------------------------------------------

export async function rules(db: Runner): Promise<RuleRow[]> {
  return db.select().from(dispatchRules).orderBy(asc(dispatchRules.priority), asc(dispatchRules.id));
}

export async function insertRule(db: Runner, row: typeof dispatchRules.$inferInsert): Promise<RuleRow> {
  const [created] = await db.insert(dispatchRules).values(row).returning();
  return created as RuleRow;
}

export async function deleteRule(db: Runner, id: number): Promise<RuleRow | undefined> {
  const [row] = await db.delete(dispatchRules).where(eq(dispatchRules.id, id)).returning();
  return row;
}

export async function templates(db: Runner, departmentId: number | null): Promise<TemplateRow[]> {
  return db
    .select()
    .from(replyTemplates)
    .where(departmentId === null ? undefined : or(eq(replyTemplates.departmentId, departmentId), isNull(replyTemplates.departmentId)))
    .orderBy(asc(replyTemplates.title));
}

export async function insertTemplate(db: Runner, row: typeof replyTemplates.$inferInsert): Promise<TemplateRow> {
  const [created] = await db.insert(replyTemplates).values(row).returning();
  return created as TemplateRow;
}

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
