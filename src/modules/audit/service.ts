/**
 * The audit log: every change by anyone — who, when, what, before and after — written in the
 * same transaction as the change, so there is no change without its entry. The table refuses
 * updates and deletes (a trigger), so no one, administrators included, can rewrite history.
 */
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { insertRows } from '../../db/bulk.js';
import type { Database, Runner } from '../../db/client.js';
import { auditLog } from '../../db/schema/audit.js';

export interface Actor {
  /** 'user:12', 'cli', 'system' … */
  id: string;
  name: string;
}

export const SYSTEM: Actor = { id: 'system', name: '系统' };

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  note?: string;
  /** the department the change belongs to (its administrator may read it) */
  departmentId?: number | null;
}

export interface AuditQuery {
  departmentId?: number;
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** Write entries in the caller's transaction. */
export async function recordAudit(tx: Runner, actor: Actor, entries: AuditEntry[]): Promise<void> {
  await insertRows(
    tx,
    auditLog,
    entries.map((e) => ({
      actor: actor.id,
      actorName: actor.name,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      before: e.before ?? null,
      after: e.after ?? null,
      note: e.note ?? null,
      departmentId: e.departmentId ?? null,
    })),
  );
}

export function createAuditService(database: Database) {
  const { db } = database;
  return {
    record: recordAudit,

    async search(q: AuditQuery) {
      const where: SQL[] = [];
      if (q.actor) where.push(eq(auditLog.actor, q.actor));
      if (q.action) where.push(eq(auditLog.action, q.action));
      if (q.entity) where.push(eq(auditLog.entity, q.entity));
      if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
      if (q.departmentId !== undefined) where.push(eq(auditLog.departmentId, q.departmentId));
      if (q.from) where.push(gte(auditLog.at, q.from));
      if (q.to) where.push(lte(auditLog.at, q.to));
      const condition = where.length ? and(...where) : undefined;
      const [total] = await db.select({ n: count() }).from(auditLog).where(condition);
      const rows = await db
        .select()
        .from(auditLog)
        .where(condition)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(q.limit)
        .offset(q.offset);
      return { total: Number(total?.n ?? 0), entries: rows };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
