/**
 * Who reads the audit log: holders of 'audit.read', each within their reach (a department
 * administrator their department's entries, portal-wide roles all). Deny by default.
 */
import { type Principal, can, departmentScope, requirePermission } from '../../lib/principal.js';

export const auditAbilities = (p: Principal | undefined) => ({ read: can(p, 'audit.read') });

/** Guard: the principal reads the log; returns the department filter (undefined: every department). */
export function requireAuditReader(p: Principal | undefined): number | undefined {
  requirePermission(p, 'audit.read');
  return departmentScope(p);
}
