/**
 * Who may do what. Staff roles grant permissions; an API token narrows them further to its
 * scopes. Everything is denied unless granted here, and a record of another department is
 * reported as "not found", exactly as a record that does not exist.
 */
import { ForbiddenError, NotFoundError } from './errors.js';
import { t } from './i18n/index.js';

export const STAFF_ROLES = ['admin', 'dept_admin', 'editor', 'reviewer', 'dispatcher', 'handler', 'window_clerk', 'hall_manager', 'hospital_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Roles that work for the whole portal rather than one department. */
export const PORTAL_WIDE_ROLES: readonly StaffRole[] = ['admin', 'dispatcher'];

export const PERMISSIONS = [
  'catalog.view',
  'catalog.edit',
  'catalog.review',
  /** themes, special groups, new departments: records that belong to no one department */
  'catalog.portal',
  'search.manage',
  'users.manage',
  'audit.read',
  'notify.manage',
  /** read the letters of one's department (portal-wide roles: all) */
  'letters.view',
  'letters.dispatch',
  'letters.handle',
  'letters.review',
  /** the certificates (电子证照) one's department issued: list and download */
  'certificates.view',
  /** revoke a certificate one's department issued */
  'certificates.revoke',
  /** 好差评: close the rectification (整改) of bad ratings of one's department (portal-wide roles: all) */
  'ratings.rectify',
  /** draft government information (政务公开) of one's department */
  'disclosure.edit',
  /** publish, schedule and withdraw it (never one's own: four eyes) */
  'disclosure.review',
  /** the disclosure catalogue's portal-wide parts: organisations without a department, gazette, topics */
  'disclosure.portal',
  /** read the applications of one's department (portal-wide roles: all) */
  'applications.view',
  /** 综合窗口: accept, refuse or ask for 补正 any item's submitted case (一窗受理) */
  'applications.accept',
  /** give a stage opinion, send back, add a department, ask for 补正 during review, conclude */
  'applications.review',
  /** a hall's queues, rules, windows, hours, slots' seats and the day's bookings (their halls only) */
  'appointments.manage',
  /** work a window of their hall: call, recall, skip, transfer, serve */
  'appointments.counter',
  /** a hospital's doctors, half-day quotas, release rule, 停诊 and beds (their hospital only) */
  'hospitals.manage',
  /** requests for government information (依申请公开) of one's department: read, work, approve extensions */
  'foi.view',
  'foi.handle',
  'foi.approve',
  /** 人大建议/政协提案 of one's department (主办 or 协办): register, give the co-handler's opinion, write the reply */
  'proposals.handle',
  /** decide the publication of one's department's replies (公开 / 不公开 with the reason) */
  'proposals.publish',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  admin: PERMISSIONS,
  dept_admin: ['catalog.view', 'catalog.edit', 'catalog.review', 'users.manage', 'audit.read', 'letters.view', 'letters.handle', 'letters.review', 'certificates.view', 'certificates.revoke', 'ratings.rectify', 'disclosure.edit', 'disclosure.review', 'applications.view', 'applications.review', 'foi.view', 'foi.handle', 'foi.approve', 'proposals.handle', 'proposals.publish'],
  editor: ['catalog.view', 'catalog.edit', 'disclosure.edit', 'proposals.handle'],
  reviewer: ['catalog.view', 'catalog.review', 'letters.view', 'letters.review', 'certificates.view', 'certificates.revoke', 'ratings.rectify', 'disclosure.review', 'applications.view', 'applications.review', 'foi.view', 'foi.approve', 'proposals.publish'],
  dispatcher: ['letters.view', 'letters.dispatch', 'letters.handle', 'ratings.rectify'],
  handler: ['letters.view', 'letters.handle', 'certificates.view', 'ratings.rectify', 'applications.view', 'applications.review', 'foi.view', 'foi.handle'],
  /** 综合窗口: accepts every item's applications, whatever its department (一窗受理) */
  window_clerk: ['applications.view', 'applications.accept'],
  hall_manager: ['appointments.manage', 'appointments.counter'],
  hospital_admin: ['hospitals.manage'],
};

/** Token scopes and the permissions each one lets a token use. */
export const SCOPES = {
  'catalog:read': ['catalog.view'],
  'catalog:write': ['catalog.view', 'catalog.edit', 'catalog.review', 'catalog.portal'],
  'letters:read': ['letters.view'],
  'letters:write': ['letters.dispatch', 'letters.handle', 'letters.review'],
  'audit:read': ['audit.read'],
  'applications:read': ['applications.view'],
  'applications:write': ['applications.accept', 'applications.review'],
  'appointments:write': ['appointments.manage', 'appointments.counter'],
  'hospitals:write': ['hospitals.manage'],
  'foi:read': ['foi.view'],
  'foi:write': ['foi.view', 'foi.handle', 'foi.approve'],
} as const satisfies Record<string, readonly Permission[]>;
export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

export interface Principal {
  userId: number;
  kind: 'staff' | 'citizen' | 'enterprise';
  name: string;
  username: string | null;
  role: StaffRole | null;
  departmentId: number | null;
  enterpriseId: number | null;
  enterpriseRole: 'owner' | 'member' | null;
  /** set when the request came with an API token: what it may do */
  scopes?: Scope[];
}

export const isStaff = (p: Principal | undefined): p is Principal & { role: StaffRole } => p?.kind === 'staff' && p.role !== null;

export const isPortalWide = (p: Principal) => p.role !== null && PORTAL_WIDE_ROLES.includes(p.role);

export function can(p: Principal | undefined, permission: Permission): boolean {
  if (!isStaff(p)) return false;
  if (!ROLE_PERMISSIONS[p.role].includes(permission)) return false;
  if (p.scopes) return p.scopes.some((s) => (SCOPES[s] as readonly Permission[]).includes(permission));
  return true;
}

/** The scopes a role can use at all: a token never gets more than its owner. */
export function scopesFor(role: StaffRole): Scope[] {
  return SCOPE_NAMES.filter((s) => {
    const needs = SCOPES[s] as readonly Permission[];
    return needs.length === 0 ? true : needs.some((perm) => ROLE_PERMISSIONS[role].includes(perm));
  });
}

/** Throw unless the principal holds the permission. */
export function requirePermission(p: Principal | undefined, permission: Permission): asserts p is Principal & { role: StaffRole } {
  if (!can(p, permission)) throw new ForbiddenError(t('auth.forbidden'));
}

/**
 * Throw "not found" unless the principal works for the department a record belongs to.
 * Portal-wide roles reach every department; a record of no department (null) is portal-wide
 * and needs the `catalog.portal`-style permission the caller checks separately.
 */
export function requireDepartment(p: Principal, departmentId: number | null, notFoundMessage: string): void {
  if (isPortalWide(p)) return;
  if (departmentId === null || departmentId !== p.departmentId) throw new NotFoundError(notFoundMessage);
}

/** The department filter for a list: undefined for portal-wide roles (every department). */
export const departmentScope = (p: Principal): number | undefined => (isPortalWide(p) ? undefined : (p.departmentId ?? -1));
