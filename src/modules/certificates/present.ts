/**
 * The one place certificate rows become what pages, the PDF and the API show. The public view
 * carries a person's masked name only (an enterprise's name is public, as on its 营业执照) and
 * the facts with personal data masked; the holder's and staff's views carry the full name; none
 * carries a whole ID number (the table has none).
 */
import { maskName } from '../../lib/identity.js';
import { t } from '../../lib/i18n/index.js';
import { maskPersonalData } from '../../lib/masking.js';
import { formatCode } from './code.js';
import type { CertificateKind } from './forms.js';
import type { CertificateRow } from './repo.js';

export type CertificateStatus = 'valid' | 'revoked' | 'expired';

/** Revoked stays revoked; a valid one past its last day has expired. `today` is the local date. */
export const statusOf = (row: Pick<CertificateRow, 'status' | 'validUntil'>, today: string): CertificateStatus =>
  row.status === 'revoked' ? 'revoked' : row.validUntil !== null && row.validUntil < today ? 'expired' : 'valid';

export const kindLabel = (kind: string) => t(`certificates.kind.${kind as CertificateKind}`);
export const statusLabel = (status: CertificateStatus) => t(`certificates.status.${status}`);

/** 2026年3月9日 from 2026-03-09 */
export const dayText = (ymd: string | null) => {
  if (!ymd) return t('certificates.longTerm');
  const [y, m, d] = ymd.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
};

/** What anyone who has the code may see: /verify/<code> and GET /api/v1/verify/:code. */
export function publicView(row: CertificateRow, today: string) {
  const status = statusOf(row, today);
  // an enterprise's name is public (企业信用信息公示); a person's is masked, here and in the facts
  const person = row.holderEnterpriseId === null;
  const names = person ? [row.holderName] : [];
  return {
    code: formatCode(row.code),
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    title: row.title,
    status,
    statusLabel: statusLabel(status),
    holder: person ? maskName(row.holderName) : row.holderName,
    item: { id: row.itemId, name: row.itemName },
    department: { id: row.departmentId, name: row.departmentName },
    facts: row.facts.map((f) => ({ label: f.label, value: maskPersonalData(f.value, { names }) })),
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    issuedAt: row.issuedAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.status === 'revoked' ? maskPersonalData(row.revokedReason ?? '', { names, official: true }) : null,
  };
}
export type PublicCertificate = ReturnType<typeof publicView>;

/** For 免证办 and /me/certificates (apps-contracts.md §2 HeldCertificate). */
export function heldView(row: CertificateRow, today: string) {
  return {
    code: formatCode(row.code),
    kind: row.kind,
    title: row.title,
    itemId: row.itemId,
    validUntil: row.validUntil,
    status: statusOf(row, today),
    issuedAt: row.issuedAt.toISOString(),
  };
}
export type HeldCertificate = ReturnType<typeof heldView>;

/** The holder's personal space and the staff list: the whole record as the document shows it. */
export function fullView(row: CertificateRow, today: string) {
  const status = statusOf(row, today);
  return {
    code: formatCode(row.code),
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    title: row.title,
    status,
    statusLabel: statusLabel(status),
    holder: { name: row.holderName, idNumber: row.holderIdMasked, creditCode: row.holderCreditCode },
    item: { id: row.itemId, name: row.itemName },
    department: { id: row.departmentId, name: row.departmentName },
    sourceNo: row.sourceNo,
    facts: row.facts,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    issuedAt: row.issuedAt,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
    revokedBy: row.revokedByName,
    version: row.version,
  };
}
export type FullCertificate = ReturnType<typeof fullView>;
