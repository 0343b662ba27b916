/** What the handling operations share: the actor, loading a request with its pauses, one change written with its history, audit and notice. */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { Runner } from '../../../db/client.js';
import type { FoiContext } from '../context.js';
import type { Actor } from '../faces.js';
import type { FoiStatus } from '../model.js';
import { type FoiAction, guard, mayRead, notFound } from '../policy.js';
import { type FoiView, viewOf } from '../present.js';
import * as repo from '../repo.js';
import { ConflictError } from '../../../lib/errors.js';

export const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });

export async function viewFor(ctx: FoiContext, db: Runner, row: repo.FoiRow, withHistory = false): Promise<FoiView> {
  const [pauses, names, events] = await Promise.all([repo.pausesOf(db, [row.id]), ctx.catalog.departmentNames(), withHistory ? repo.eventsOf(db, row.id) : undefined]);
  return viewOf(ctx.calendar, ctx.today(), row, pauses, names, events);
}

/**
 * Lock the request inside a transaction; anything the principal may not do is "not found"
 * (checked before the version and before the input, so nothing is learnt without the right).
 */
export async function lockFor(tx: Runner, p: Principal | undefined, id: unknown, version: unknown, action: FoiAction): Promise<repo.FoiRow> {
  const n = typeof id === 'number' ? id : Number(id);
  if (!Number.isSafeInteger(n) || n <= 0 || n >= 2 ** 31) throw notFound();
  const row = await repo.lockById(tx, n);
  if (!row || !mayRead(p, row)) throw notFound();
  guard(p, action, row);
  if (version !== undefined && version !== null && version !== '' && Number(version) !== row.version) throw new ConflictError(t('foi.error.stale'));
  return row;
}

/** Write one change of state: the row (by its version), its history, the audit entry and the applicant's notice. */
export async function writeChange(
  ctx: FoiContext,
  tx: Runner,
  p: Principal,
  row: repo.FoiRow,
  change: { action: string; set: Partial<repo.NewFoiRow>; status?: FoiStatus; note?: string | null; notify?: 'foi-correction' | 'foi-extended' | 'foi-replied' | 'foi-consulting' },
): Promise<repo.FoiRow> {
  const updated = await repo.updateRequest(tx, row.id, row.version, { ...change.set, ...(change.status ? { status: change.status } : {}) });
  if (!updated) throw new ConflictError(t('foi.error.stale'));
  const actor = actorOf(p);
  await repo.addEvent(tx, { requestId: row.id, action: change.action, actor: actor.name, note: change.note ?? null });
  await ctx.audit.record(tx, actor, [
    { action: `foi.${change.action}`, entity: 'foi_request', entityId: row.id, before: { status: row.status }, after: { status: updated.status, ...change.set }, note: change.note ?? undefined, departmentId: row.departmentId },
  ]);
  if (change.notify) await notifyApplicant(ctx, tx, updated, change.notify);
  return updated;
}

export async function notifyApplicant(ctx: FoiContext, tx: Runner, r: repo.FoiRow, template: 'foi-received' | 'foi-correction' | 'foi-extended' | 'foi-replied' | 'foi-consulting'): Promise<void> {
  const to = { accountId: r.accountId ?? undefined, email: r.email ?? undefined, phone: r.phone ?? undefined };
  const channels: ('inbox' | 'email')[] = [];
  if (to.accountId) channels.push('inbox');
  if (to.email) channels.push('email');
  if (!channels.length) return;
  await ctx.notify.enqueueMany(tx, [{ template, vars: { code: r.code }, to, channels }]);
}
