/** What the operations share: the actor, a case loaded and locked with its reach, one change written with its audit entry and search document. */
import { ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { Runner } from '../../../db/client.js';
import type { ProposalsContext } from '../context.js';
import type { Actor } from '../faces.js';
import { idOf } from '../forms.js';
import { guard, notFound, type ProposalAction, type Reach, staffReaches } from '../policy.js';
import { type ProposalView, viewOf } from '../present.js';
import * as repo from '../repo.js';
import { proposalDoc } from '../search-docs.js';

export const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });

export const reachOf = (r: repo.ProposalRow, co: repo.CoHandlerRow[]): Reach => ({ mainDepartmentId: r.mainDepartmentId, coDepartmentIds: co.map((c) => c.departmentId) });

export async function viewFor(ctx: ProposalsContext, db: Runner, row: repo.ProposalRow): Promise<ProposalView> {
  const [co, names] = await Promise.all([repo.coHandlersOf(db, [row.id]), ctx.catalog.departmentNames()]);
  return viewOf(row, co, names, ctx.today());
}

/**
 * Lock the case inside a transaction. Outside one's reach it is "not found" (checked before the
 * version and the input, so nothing is learnt without the right); then the ability, the version.
 */
export async function lockFor(tx: Runner, p: Principal | undefined, id: unknown, version: unknown, action: ProposalAction) {
  const n = idOf(id);
  if (!n) throw notFound();
  const row = await repo.lockById(tx, n);
  if (!row) throw notFound();
  const co = await repo.coHandlersOf(tx, [row.id]);
  const reach = reachOf(row, co);
  if (!staffReaches(p, reach)) throw notFound();
  guard(p, action, reach);
  if (version !== undefined && version !== null && version !== '' && Number(version) !== row.version) throw new ConflictError(t('proposals.error.stale'));
  return { row, co };
}

export async function writeChange(ctx: ProposalsContext, tx: Runner, p: Principal, row: repo.ProposalRow, change: { action: string; set: Partial<repo.NewProposalRow>; note?: string }): Promise<repo.ProposalRow> {
  const updated = await repo.updateProposal(tx, row.id, row.version, change.set);
  if (!updated) throw new ConflictError(t('proposals.error.stale'));
  await ctx.audit.record(tx, actorOf(p), [
    { action: `proposals.${change.action}`, entity: 'proposal', entityId: row.id, before: { status: row.status }, after: { status: updated.status, ...change.set }, note: change.note, departmentId: row.mainDepartmentId },
  ]);
  return updated;
}

/**
 * Keep search's `proposal` document in step: present while the reply is published as public.
 * The department names are read before the transaction (PGlite has one connection).
 */
export async function indexProposal(ctx: ProposalsContext, tx: Runner, row: repo.ProposalRow, names: ReadonlyMap<number, { name: string }>): Promise<void> {
  if (!ctx.indexer) return;
  if (row.status === 'published' && row.openness === 'public') {
    await ctx.indexer.upsert(tx, [proposalDoc(row, names.get(row.mainDepartmentId)?.name ?? '')]);
  } else await ctx.indexer.removeStale(tx, 'proposal', [row.id], []);
}
