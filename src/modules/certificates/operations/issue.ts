/**
 * Issuing: applications calls `issueCertificate` inside its own transaction when a case
 * concludes (准予 → certificate or approval letter; 不予 → decision letter with its legal
 * reason among the facts). The document gets a fresh unguessable code and an audit entry in the
 * same transaction. A case's conclusion retried issues nothing new: the same document comes back.
 */
import type { Runner } from '../../../db/client.js';
import { maskIdNumber, normalizeCreditCode, normalizeIdNumber } from '../../../lib/identity.js';
import { formatCode, newCode, verifyUrlOf } from '../code.js';
import type { CertificatesContext } from '../context.js';
import { type Actor, SYSTEM } from '../faces.js';
import { type CertificateInput, checkCertificateInput } from '../forms.js';
import * as repo from '../repo.js';

export interface Issued {
  id: number;
  /** as people see it: K7M2Q-9XH4T-3PVNA-8RWCE */
  code: string;
  verifyUrl: string;
}

/** An ID number as the document keeps it: masked (a malformed one too, so nothing whole is stored). */
const maskedId = (raw: string | null) => {
  if (!raw?.trim()) return null;
  const id = normalizeIdNumber(raw) ?? raw.trim();
  return id.length >= 8 ? maskIdNumber(id) : '*'.repeat(id.length);
};

/** `tx`: the caller's transaction (a Runner, as the audit face takes; it opens none of its own) */
export async function issueCertificate(ctx: CertificatesContext, tx: Runner, raw: CertificateInput, actor: Actor = SYSTEM): Promise<Issued> {
  const input = checkCertificateInput(raw);
  const existing = await repo.findBySource(tx, input.sourceNo, input.kind, input.title);
  if (existing) return { id: existing.id, code: formatCode(existing.code), verifyUrl: verifyUrlOf(ctx.publicUrl, existing.code) };
  // a clash of 100 random bits does not happen; the loop only makes the unique index the judge
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = newCode();
    if (await repo.findByCode(tx, code)) continue;
    const row = await repo.insertCertificate(tx, {
      code,
      kind: input.kind,
      title: input.title.trim(),
      holderUserId: input.holder.userId,
      holderEnterpriseId: input.holder.enterpriseId,
      holderName: input.holder.name.trim(),
      holderIdMasked: maskedId(input.holder.idNumber),
      holderCreditCode: input.holder.creditCode ? (normalizeCreditCode(input.holder.creditCode) ?? input.holder.creditCode.trim()) : null,
      itemId: input.itemId,
      itemName: input.itemName,
      departmentId: input.departmentId,
      departmentName: input.departmentName,
      sourceNo: input.sourceNo,
      facts: input.facts.map((f) => ({ label: f.label.trim(), value: f.value.trim() })),
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      issuedAt: ctx.clock.now(),
    });
    // another transaction issued this case's document at the same moment: that one stands
    const issued = row ?? (await repo.findBySource(tx, input.sourceNo, input.kind, input.title));
    if (!issued) continue;
    if (row)
      await ctx.audit.record(tx, actor, [
        {
          action: 'certificate.issue',
          entity: 'certificate',
          entityId: formatCode(row.code),
          after: { kind: row.kind, title: row.title, sourceNo: row.sourceNo, validFrom: row.validFrom, validUntil: row.validUntil },
          departmentId: row.departmentId,
        },
      ]);
    return { id: issued.id, code: formatCode(issued.code), verifyUrl: verifyUrlOf(ctx.publicUrl, issued.code) };
  }
  throw new Error('certificates: could not draw a free code');
}
