/** All SQL of the audit log (its table refuses updates and deletes). */
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { insertRows } from '../../db/bulk.js';
import type { Runner } from '../../db/client.js';
import { auditLog } from '../../db/schema/audit.js';

export type AuditRowRecord = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function insertEntries(db: Runner, rows: NewAuditRow[]): Promise<void> {
  await insertRows(db, auditLog, rows);
}

export interface AuditFilter {
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

export async function search(db: Runner, q: AuditFilter) {
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
}
