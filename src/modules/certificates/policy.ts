/**
 * What a principal may do with a certificate, in one place (deny by default):
 * - the holder (the person it was issued to, or a person of the enterprise it was issued to)
 *   reads and downloads it;
 * - staff with `certificates.view` of the issuing department list and download it, and with
 *   `certificates.revoke` revoke it; portal-wide roles reach every department;
 * - anyone else is told "not found", exactly as for a code that does not exist.
 * The public verification page needs no ability: it shows only what the document certifies.
 */
import { isPortalWide, isStaff, type Permission, type Principal, can } from '../../lib/principal.js';

export type CertificateAbility = 'download' | 'revoke';

/** What the policy needs to know of a certificate. */
export interface CertificateFacts {
  status: string;
  departmentId: number;
  holderUserId: number;
  holderEnterpriseId: number | null;
}

/** The one change a certificate knows: valid → revoked, by whoever may revoke. */
export const TRANSITIONS = [{ from: 'valid', action: 'revoke', to: 'revoked', who: 'certificates.revoke' }] as const satisfies readonly {
  from: string;
  action: string;
  to: string;
  who: Permission;
}[];
export type CertificateAction = (typeof TRANSITIONS)[number]['action'];

export const transitionOf = (action: CertificateAction, from: string) => TRANSITIONS.find((t) => t.action === action && t.from === from);

/** Whether the principal works for the certificate's issuing department (or the whole portal). */
const reaches = (p: Principal, c: CertificateFacts) => isPortalWide(p) || (p.departmentId !== null && p.departmentId === c.departmentId);

/** The certificate is this person's (or their enterprise's). */
export const holds = (p: Principal, c: CertificateFacts) =>
  !isStaff(p) && (c.holderUserId === p.userId || (c.holderEnterpriseId !== null && c.holderEnterpriseId === p.enterpriseId));

/** Undefined when allowed; 'notFound' otherwise (outsiders learn nothing). */
export function decide(p: Principal | undefined, c: CertificateFacts, ability: CertificateAbility): 'notFound' | undefined {
  if (!p) return 'notFound';
  if (ability === 'download') {
    if (holds(p, c)) return undefined;
    return isStaff(p) && can(p, 'certificates.view') && reaches(p, c) ? undefined : 'notFound';
  }
  return isStaff(p) && can(p, 'certificates.revoke') && reaches(p, c) ? undefined : 'notFound';
}

/** What the staff list offers this principal (views read this, they do not work rules out). */
export const listAbilities = (p: Principal) => ({ list: can(p, 'certificates.view'), revoke: can(p, 'certificates.revoke') });

/** The department a staff list is limited to: undefined for portal-wide roles. */
export const listScope = (p: Principal): number | undefined => (isPortalWide(p) ? undefined : (p.departmentId ?? -1));
