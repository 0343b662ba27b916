/**
 * Who may do what with an account, a staff account or an API token: one place, deny by
 * default. Operations guard with these; views read `staffAbilities` instead of working the
 * rules out themselves.
 */
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { PORTAL_WIDE_ROLES, can, type Principal, STAFF_ROLES, type StaffRole, departmentScope, requirePermission, scopesFor } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';

/** Roles that only a portal administrator grants. */
const PORTAL_ONLY: readonly StaffRole[] = ['admin', 'dispatcher', 'dept_admin'];

/** Guard: the principal manages staff accounts at all (administrators of the portal or a department). */
export function requireStaffManager(by: Principal | undefined): asserts by is Principal & { role: StaffRole } {
  requirePermission(by, 'users.manage');
}

/**
 * A department administrator manages only their department, and never grants portal-wide
 * roles; `by` absent is the command line, the operator of the machine.
 */
export function checkStaffReach(by: Principal | undefined, role: StaffRole, departmentId: number | null): void {
  if (!by) return;
  requireStaffManager(by);
  if (by.role === 'admin') return;
  if (PORTAL_WIDE_ROLES.includes(role) || role === 'dept_admin') throw new BadRequestError(t('account.roleOutOfReach'));
  if (departmentId !== by.departmentId) throw new BadRequestError(t('account.departmentOutOfReach'));
}

/** Guard: the staff account is one the principal may see and change; others are "not found". */
export function checkStaffVisible(by: Principal, user: { kind: string; departmentId: number | null } | undefined): void {
  requireStaffManager(by);
  const scope = departmentScope(by);
  if (user?.kind !== 'staff' || (scope !== undefined && user.departmentId !== scope)) throw new NotFoundError(t('account.notFound'));
}

/** Guard: no one disables or demotes themselves (someone else must). */
export function checkNotYourself(by: Principal, userId: number, change: { disabling: boolean; roleChanged: boolean }): void {
  if (userId === by.userId && (change.disabling || change.roleChanged)) throw new BadRequestError(t('account.notYourself'));
}

/** What the staff form offers this administrator: the roles they may grant and the departments they may place people in. */
export function staffAbilities(by: Principal) {
  const portal = by.role === 'admin';
  return {
    manage: can(by, 'users.manage'),
    grantableRoles: STAFF_ROLES.filter((r) => portal || !PORTAL_ONLY.includes(r)),
    /** a portal administrator may leave the department empty (portal-wide) */
    portalWide: portal,
    /** the department a department administrator is limited to (undefined: any) */
    onlyDepartment: portal ? undefined : by.departmentId,
  };
}

/** Tokens the principal sees: everyone's for a portal administrator, otherwise their own (undefined: all). */
export const tokenOwnerScope = (p: Principal): number | undefined => (p.role === 'admin' ? undefined : p.userId);

/** Guard: a token is revoked by its owner or a portal administrator; others get "not found". */
export function checkTokenRevocable(p: Principal, token: { userId: number } | undefined): asserts token is { userId: number } {
  if (!token || (token.userId !== p.userId && p.role !== 'admin')) throw new NotFoundError(t('token.notFound'));
}

/** The scopes a staff member may put on a token. */
export const grantableScopes = (p: Principal & { role: StaffRole }) => scopesFor(p.role);

/** Guard: the enterprise's administrator (its owner) manages its people; anyone else finds nothing. */
export function requireEnterpriseOwner(p: Principal): asserts p is Principal & { enterpriseId: number } {
  if (!p.enterpriseId || p.enterpriseRole !== 'owner') throw new NotFoundError(t('account.notFound'));
}
