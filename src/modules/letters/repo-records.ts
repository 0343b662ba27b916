/** SQL of what hangs off a letter: its history, replies and attachments; and the dispatch rules and reply templates. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import { insertRows } from '../../db/bulk.js';
import type { Runner } from '../../db/client.js';
import { dispatchRules, letterAttachments, letterEvents, letterReplies, replyTemplates } from '../../db/schema/letters.js';

export type EventRow = typeof letterEvents.$inferSelect;
export type ReplyRow = typeof letterReplies.$inferSelect;
export type RuleRow = typeof dispatchRules.$inferSelect;
export type TemplateRow = typeof replyTemplates.$inferSelect;
export type NewEvent = typeof letterEvents.$inferInsert;

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

