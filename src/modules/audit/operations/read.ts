/** Reading the audit log in the back office: the filtered log, and the newest changes for the work desk. */
import type { Principal } from '../../../lib/principal.js';
import type { AuditContext } from '../context.js';
import { type AuditFilters, actorFilter, filterDate } from '../forms.js';
import { auditAbilities, requireAuditReader } from '../policy.js';
import { presentEntry } from '../present.js';
import * as repo from '../repo.js';

/** The log as the principal may read it (their department's entries, or all for portal-wide roles), filtered and paged. */
export async function readAuditLog(ctx: AuditContext, p: Principal, filters: AuditFilters, page: { limit: number; offset: number }) {
  const departmentId = requireAuditReader(p);
  const r = await repo.search(ctx.db, {
    actor: actorFilter(filters.actor),
    action: filters.action || undefined,
    entity: filters.entity || undefined,
    entityId: filters.entityId || undefined,
    from: filterDate(filters.from ?? '', false),
    to: filterDate(filters.to ?? '', true),
    departmentId,
    limit: page.limit,
    offset: page.offset,
  });
  return { total: r.total, entries: r.entries.map(presentEntry) };
}

/** The newest changes within the principal's reach; undefined for those who do not read the log. */
export async function recentChanges(ctx: AuditContext, p: Principal, limit = 8) {
  if (!auditAbilities(p).read) return undefined;
  return (await readAuditLog(ctx, p, { actor: '', action: '', entity: '', entityId: '', from: '', to: '' }, { limit, offset: 0 })).entries;
}
