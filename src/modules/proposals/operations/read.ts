/** Reading proposals: the back office's list and case, the public list with its counts, one published reply. */
import type { Principal } from '../../../lib/principal.js';
import { isPortalWide } from '../../../lib/principal.js';
import type { ProposalsContext } from '../context.js';
import { idOf } from '../forms.js';
import { KINDS } from '../model.js';
import { mayWork, notFound, staffReaches } from '../policy.js';
import { type CountRow, type ProposalView, type PublicProposal, publicOf, viewOf } from '../present.js';
import * as repo from '../repo.js';
import { reachOf } from './case.js';

const page = (limit: unknown, offset: unknown) => {
  const l = Number(limit ?? 20);
  const o = Number(offset ?? 0);
  return { limit: Number.isSafeInteger(l) && l >= 1 ? Math.min(l, 100) : 20, offset: Number.isSafeInteger(o) && o >= 0 && o <= 1_000_000 ? o : 0 };
};

export async function staffList(ctx: ProposalsContext, p: Principal | undefined, q: { open?: boolean; limit?: unknown; offset?: unknown } = {}): Promise<{ total: number; proposals: ProposalView[] }> {
  if (!mayWork(p)) throw notFound();
  const { limit, offset } = page(q.limit, q.offset);
  const dept = isPortalWide(p!) ? null : (p!.departmentId ?? -1);
  const { total, rows } = await repo.listForStaff(ctx.db, dept, { open: q.open ?? true, limit, offset });
  const [co, names] = await Promise.all([repo.coHandlersOf(ctx.db, rows.map((r) => r.id)), ctx.catalog.departmentNames()]);
  const today = ctx.today();
  return { total, proposals: rows.map((r) => viewOf(r, co, names, today)) };
}

export async function staffCase(ctx: ProposalsContext, p: Principal | undefined, id: unknown): Promise<ProposalView> {
  const n = idOf(id);
  const row = n ? await repo.byId(ctx.db, n) : undefined;
  if (!row) throw notFound();
  const co = await repo.coHandlersOf(ctx.db, [row.id]);
  if (!staffReaches(p, reachOf(row, co))) throw notFound();
  return viewOf(row, co, await ctx.catalog.departmentNames(), ctx.today());
}

export interface PublicQuery {
  year?: unknown;
  kind?: unknown;
  department?: unknown;
  limit?: unknown;
  offset?: unknown;
}

export interface PublicList {
  total: number;
  filter: { year: number | null; kind: string | null; departmentId: number | null };
  proposals: PublicProposal[];
  /** per main department and year (of the chosen kind): registered, replied, published, overdue */
  counts: CountRow[];
  years: number[];
}

export async function publicList(ctx: ProposalsContext, q: PublicQuery = {}): Promise<PublicList> {
  const { limit, offset } = page(q.limit, q.offset);
  const y = Number(q.year);
  const year = Number.isSafeInteger(y) && y >= 1990 && y <= 9999 ? y : undefined;
  const kind = KINDS.find((k) => k === q.kind);
  const departmentId = idOf(q.department);
  const [{ total, rows }, raw, names] = await Promise.all([
    repo.listPublished(ctx.db, { year, kind, departmentId }, limit, offset),
    repo.counts(ctx.db, { kind }, ctx.today()),
    ctx.catalog.departmentNames(),
  ]);
  const co = await repo.coHandlersOf(ctx.db, rows.map((r) => r.id));
  const counts = raw
    .map((c) => ({ ...c, departmentName: names.get(c.departmentId)?.name ?? '' }))
    .sort((a, b) => b.year - a.year || b.total - a.total || a.departmentName.localeCompare(b.departmentName, 'zh'));
  return {
    total,
    filter: { year: year ?? null, kind: kind ?? null, departmentId: departmentId ?? null },
    proposals: rows.map((r) => publicOf(r, co, names)),
    counts,
    years: [...new Set(raw.map((c) => c.year))].sort((a, b) => b - a),
  };
}

export async function publicProposal(ctx: ProposalsContext, id: unknown): Promise<PublicProposal> {
  const n = idOf(id);
  const row = n ? await repo.byId(ctx.db, n) : undefined;
  if (row?.status !== 'published' || row.openness !== 'public') throw notFound();
  const [co, names] = await Promise.all([repo.coHandlersOf(ctx.db, [row.id]), ctx.catalog.departmentNames()]);
  return publicOf(row, co, names);
}
