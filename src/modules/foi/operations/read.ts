/** Reading requests: the applicant's own, a department's queue, one case with its history, the reply document. */
import { UnauthorizedError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { can, isPortalWide, isStaff, type Principal } from '../../../lib/principal.js';
import type { FoiContext } from '../context.js';
import { mayRead, notFound } from '../policy.js';
import { type FoiView, viewOf } from '../present.js';
import * as repo from '../repo.js';
import { viewFor } from './case.js';

const page = (limit: unknown, offset: unknown) => {
  const l = Number(limit ?? 20);
  const o = Number(offset ?? 0);
  return { limit: Number.isSafeInteger(l) && l >= 1 ? Math.min(l, 100) : 20, offset: Number.isSafeInteger(o) && o >= 0 && o <= 1_000_000 ? o : 0 };
};

async function views(ctx: FoiContext, rows: repo.FoiRow[]): Promise<FoiView[]> {
  const [pauses, names] = await Promise.all([repo.pausesOf(ctx.db, rows.map((r) => r.id)), ctx.catalog.departmentNames()]);
  const today = ctx.today();
  return rows.map((r) => viewOf(ctx.calendar, today, r, pauses, names));
}

export async function myRequests(ctx: FoiContext, p: Principal | undefined, q: { limit?: unknown; offset?: unknown } = {}) {
  if (!p || isStaff(p)) throw new UnauthorizedError(t('foi.error.signIn'));
  const { limit, offset } = page(q.limit, q.offset);
  const { total, rows } = await repo.listMine(ctx.db, p.userId, limit, offset);
  return { total, requests: await views(ctx, rows) };
}

/** The applicant's request by its code (or a member of staff reaching it). */
export async function requestByCode(ctx: FoiContext, p: Principal | undefined, code: unknown, withHistory = false): Promise<FoiView> {
  if (typeof code !== 'string' || code.length > 40) throw notFound();
  const row = await repo.byCode(ctx.db, code.trim().toUpperCase());
  if (!row || !mayRead(p, row)) throw notFound();
  return viewFor(ctx, ctx.db, row, withHistory);
}

export async function requestById(ctx: FoiContext, p: Principal | undefined, id: unknown): Promise<FoiView> {
  const n = typeof id === 'number' ? id : Number(id);
  if (!Number.isSafeInteger(n) || n <= 0 || n >= 2 ** 31) throw notFound();
  const row = await repo.byId(ctx.db, n);
  if (!row || !mayRead(p, row)) throw notFound();
  return viewFor(ctx, ctx.db, row, true);
}

export async function staffQueue(ctx: FoiContext, p: Principal | undefined, q: { open?: boolean; limit?: unknown; offset?: unknown } = {}) {
  if (!isStaff(p) || !can(p, 'foi.view')) throw notFound();
  const { limit, offset } = page(q.limit, q.offset);
  const dept = isPortalWide(p) ? null : p.departmentId;
  if (dept === null && !isPortalWide(p)) return { total: 0, requests: [] };
  const { total, rows } = await repo.listQueue(ctx.db, dept, q.open ?? true, limit, offset);
  return { total, requests: await views(ctx, rows) };
}

/** The reply document's bytes, for who may read the request. */
export async function replyDocument(ctx: FoiContext, p: Principal | undefined, code: unknown) {
  const v = await requestByCode(ctx, p, code);
  const row = await repo.byCode(ctx.db, v.code);
  if (!row?.replyFileKey) throw notFound();
  const file = await ctx.files.open(row.replyFileKey);
  if (!file) throw notFound();
  return { ...file, name: row.replyFileName ?? 'reply', type: row.replyFileType ?? 'application/octet-stream' };
}
