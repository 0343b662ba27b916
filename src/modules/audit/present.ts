/** Audit rows as the back office shows them. */
import type { AuditRowRecord } from './repo.js';

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  note: string | null;
}

export const presentEntry = (r: AuditRowRecord): AuditRow => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  actorName: r.actorName,
  action: r.action,
  entity: r.entity,
  entityId: r.entityId,
  before: r.before,
  after: r.after,
  note: r.note,
});
