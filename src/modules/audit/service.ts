/**
 * The audit log: every change by anyone — who, when, what, before and after — written in the
 * same transaction as the change, so there is no change without its entry. The table refuses
 * updates and deletes (a trigger), so no one, administrators included, can rewrite history.
 */
import type { Database, Runner } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import type { AuditContext } from './context.js';
import type { AuditFilters } from './forms.js';
import { readAuditLog, recentChanges } from './operations/read.js';
import * as repo from './repo.js';

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

export type AuditQuery = repo.AuditFilter;

/** Write entries in the caller's transaction. */
export async function recordAudit(tx: Runner, actor: Actor, entries: AuditEntry[]): Promise<void> {
  await repo.insertEntries(
    tx,
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
  const ctx: AuditContext = { db: database.db };
  return {
    record: recordAudit,
    /** the raw log, unchecked: for tests and tools; the back office reads it with `readLog` */
    search: (q: AuditQuery) => repo.search(ctx.db, q),
    /** the log as the principal may read it ('audit.read', within their department) */
    readLog: (p: Principal, filters: AuditFilters, page: { limit: number; offset: number }) => readAuditLog(ctx, p, filters, page),
    /** the newest changes for the work desk; undefined for those who do not read the log */
    recent: (p: Principal, limit = 8) => recentChanges(ctx, p, limit),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
