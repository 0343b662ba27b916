/**
 * The issuing department's side: the list of what it issued (with each one's abilities), and
 * revocation — a reason required, the row changed only if still valid at the version read, the
 * audit entry and the holder's notice in the same transaction. Revoking twice, or another
 * department's document, changes nothing and says so.
 */
import { ConflictError, ForbiddenError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { can, type Principal, isStaff } from '../../../lib/principal.js';
import { formatCode, parseCode, verifyUrlOf } from '../code.js';
import type { CertificatesContext } from '../context.js';
import type { Actor } from '../faces.js';
import { reasonOf, type StaffFilter } from '../forms.js';
import { decide, listAbilities, listScope, transitionOf } from '../policy.js';
import { fullView, statusOf } from '../present.js';
import * as repo from '../repo.js';
import { notFound } from './public.js';

const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });

export async function listIssued(ctx: CertificatesContext, p: Principal, q: { status?: StaffFilter; q?: string; limit: number; offset: number }) {
  if (!isStaff(p) || !can(p, 'certificates.view')) throw new ForbiddenError(t('auth.forbidden'));
  const today = ctx.today();
  const { total, rows } = await repo.issuedBy(ctx.db, {
    departmentId: listScope(p),
    status: q.status ?? 'all',
    q: q.q?.trim() || undefined,
    today,
    limit: Math.min(Math.max(q.limit, 1), 100),
    offset: Math.max(q.offset, 0),
  });
  return {
    total,
    abilities: listAbilities(p),
    certificates: rows.map((r) => ({ ...fullView(r, today), canRevoke: statusOf(r, today) !== 'revoked' && !decide(p, r, 'revoke') })),
  };
}

export async function revokeCertificate(ctx: CertificatesContext, p: Principal, rawCode: unknown, input: { reason?: string; version?: number }) {
  const code = parseCode(rawCode);
  if (!code || !isStaff(p)) throw notFound();
  const reason = reasonOf(input.reason);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.lockByCode(tx, code);
    if (!row || decide(p, row, 'revoke')) throw notFound();
    const tr = transitionOf('revoke', row.status);
    if (!tr) throw new ConflictError(t('certificates.error.alreadyRevoked'));
    if (input.version !== undefined && input.version !== row.version) throw new ConflictError(t('certificates.error.conflict'));
    const at = ctx.clock.now();
    const updated = await repo.revoke(tx, row.id, row.version, { at, reason, userId: p.userId, name: p.name });
    if (!updated) throw new ConflictError(t('certificates.error.alreadyRevoked'));
    await ctx.audit.record(tx, actorOf(p), [
      {
        action: 'certificate.revoke',
        entity: 'certificate',
        entityId: formatCode(row.code),
        before: { status: row.status },
        after: { status: tr.to },
        note: reason,
        departmentId: row.departmentId,
      },
    ]);
    await ctx.accounts.notifyAccount(tx, row.holderUserId, 'certificate-revoked', {
      title: row.title,
      code: formatCode(row.code),
      department: row.departmentName,
      reason,
      url: verifyUrlOf(ctx.publicUrl, row.code),
    });
    return fullView(updated, ctx.today());
  });
}
