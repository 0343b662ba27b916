/** All SQL of notifications: the outbox and the in-site message box. */
import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { insertRows } from '../../db/bulk.js';
import type { Runner } from '../../db/client.js';
import { inboxMessages, outbox } from '../../db/schema/notify.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;

export async function insertOutbox(db: Runner, rows: NewOutboxRow[]): Promise<void> {
  await insertRows(db, outbox, rows);
}

/**
 * Claim due messages with a lease: one statement picks them (skipping rows another worker holds)
 * and pushes their next attempt past the lease, so a worker that dies mid-delivery only delays them.
 */
export async function claimDue(db: Runner, limit: number, leaseSeconds: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, sql`now()`)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({ nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(inArray(outbox.id, due))
    .returning();
}

/**
 * Template variables that are secrets (sign-in and phone codes, a letter's query code): kept
 * until the message is delivered, then removed from the outbox row, which stays as the record
 * that the message went out.
 */
export const SECRET_VARS = ['code', 'queryCode'] as const;

export async function markSent(db: Runner, id: number): Promise<void> {
  const secrets = sql.raw(`array[${SECRET_VARS.map((v) => `'${v}'`).join(', ')}]::text[]`);
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: sql`now()`, lastError: null, vars: sql`${outbox.vars} - ${secrets}` })
    .where(eq(outbox.id, id));
}

export async function markFailed(db: Runner, id: number, error: string, retryInSeconds: number | null): Promise<void> {
  await db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      lastError: error.slice(0, 500),
      ...(retryInSeconds === null
        ? { status: 'dead' as const }
        : { nextAttemptAt: sql`now() + make_interval(secs => ${retryInSeconds})` }),
    })
    .where(eq(outbox.id, id));
}

export async function listOutbox(db: Runner, status: 'pending' | 'sent' | 'dead', limit: number) {
  return db.select().from(outbox).where(eq(outbox.status, status)).orderBy(desc(outbox.id)).limit(limit);
}

export async function countByStatus(db: Runner): Promise<Record<string, number>> {
  const rows = await db.select({ status: outbox.status, n: count() }).from(outbox).where(inArray(outbox.status, ['pending', 'dead'])).groupBy(outbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function requeue(db: Runner, id: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

export async function insertInbox(db: Runner, row: typeof inboxMessages.$inferInsert): Promise<void> {
  await db.insert(inboxMessages).values(row);
}

export async function listInbox(db: Runner, accountId: number, limit: number, offset: number) {
  const [total] = await db.select({ n: count() }).from(inboxMessages).where(eq(inboxMessages.accountId, accountId));
  const [unread] = await db
    .select({ n: count() })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.accountId, accountId), isNull(inboxMessages.readAt)));
  const rows = await db
    .select()
    .from(inboxMessages)
    .where(eq(inboxMessages.accountId, accountId))
    .orderBy(desc(inboxMessages.createdAt), desc(inboxMessages.id))
    .limit(limit)
    .offset(offset);
  return { total: Number(total?.n ?? 0), unread: Number(unread?.n ?? 0), rows };
}

/** Mark one of the account's own messages read; another account's message is simply not found. */
export async function markRead(db: Runner, accountId: number, id: number): Promise<boolean> {
  const rows = await db
    .update(inboxMessages)
    .set({ readAt: sql`coalesce(${inboxMessages.readAt}, now())` })
    .where(and(eq(inboxMessages.id, id), eq(inboxMessages.accountId, accountId)))
    .returning({ id: inboxMessages.id });
  return rows.length > 0;
}
