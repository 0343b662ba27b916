/** The one place account rows become what pages, the API and the audit log show. */
import { maskEmail, maskPhone } from '../../lib/identity.js';
import type { StaffRole } from '../../lib/principal.js';
import type { EnterpriseRow, TokenRow, UserRow } from './repo.js';

/** A person's own account, as their personal space shows it (contacts masked). */
export function presentAccount(u: UserRow, enterprise?: EnterpriseRow) {
  return {
    id: u.id,
    kind: u.kind,
    displayName: u.displayName,
    phone: u.phone ? maskPhone(u.phone) : null,
    email: u.email ? maskEmail(u.email) : null,
    idNumber: u.idNumberMasked,
    notifyChannels: u.notifyChannels,
    hasPassword: !!u.passwordHash,
    enterprise: enterprise ? { id: enterprise.id, name: enterprise.name, creditCode: enterprise.creditCode, role: u.enterpriseRole } : null,
  };
}

/** A person who may act for an enterprise, as its administrator sees them. */
export const presentMember = (u: UserRow) => ({ ...presentAccount(u), role: u.enterpriseRole, status: u.status });

/** A staff account in the back office; the department's name comes from the catalogue's face. */
export function presentStaff(u: UserRow, departmentName?: string | null) {
  return {
    id: u.id,
    username: u.username as string,
    displayName: u.displayName,
    role: u.role as StaffRole,
    departmentId: u.departmentId,
    departmentName: departmentName ?? null,
    status: u.status,
    lastLoginAt: u.lastLoginAt,
  };
}

export type StaffView = ReturnType<typeof presentStaff>;

/** What an audit entry may show of a staff account. */
export const staffAuditView = (u: UserRow) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  departmentId: u.departmentId,
  status: u.status,
});

/** An API token as its list shows it: never the token or its hash. */
export function presentToken(r: { token: TokenRow; userName: string; username: string | null }) {
  return {
    id: r.token.id,
    name: r.token.name,
    prefix: r.token.prefix,
    scopes: r.token.scopes,
    owner: r.userName,
    ownerUsername: r.username,
    createdAt: r.token.createdAt,
    expiresAt: r.token.expiresAt,
    lastUsedAt: r.token.lastUsedAt,
    revokedAt: r.token.revokedAt,
  };
}
