/**
 * What a principal may do with an application, decided in this one place; operations refuse by
 * it, pages and the API show by it (deny by default). The rules besides the transition table:
 * - a draft is the applicant's alone; staff never see it;
 * - 一窗受理: a 综合窗口 clerk of any department reaches every submitted case of every item;
 * - a department reaches a case of its own item or one on its approval route (加签 included),
 *   portal-wide roles every case; anything else is "not found", exactly as a case that does not
 *   exist;
 * - only a department the current stage waits for gives opinions or asks for 补正 in review,
 *   whatever its role elsewhere (a system administrator does not approve for a department).
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { can, isPortalWide, isStaff, type Permission, type Principal } from '../../lib/principal.js';
import { type Actor, type ApplicationAction, type ApplicationStatus, rowsFor } from './machine.js';
import { msg } from './messages.js';

/** The applications' permissions, as lib/principal.ts grants them to roles and token scopes. */
export type ApplicationPermission = Extract<Permission, `applications.${string}`>;

/** `can` for the applications' permissions (a token also needs the scope that grants it). */
export const canApplications = (p: Principal | undefined, permission: ApplicationPermission): boolean => can(p, permission);

export const APPLICATION_ABILITIES = ['read', 'edit', 'submit', 'withdraw', 'resubmit', 'accept', 'refuse', 'requestCorrection', 'opine', 'conclude', 'rate', 'reviewSample'] as const;
export type ApplicationAbility = (typeof APPLICATION_ABILITIES)[number];

/** What the policy needs to know of a case. */
export interface ApplicationFacts {
  status: ApplicationStatus;
  applicantId: number;
  /** set when applied for by an enterprise: its people act for it */
  enterpriseId: number | null;
  /** the item's competent department */
  departmentId: number;
  acceptedAt: Date | null;
  /** every department on the case's route, added ones (加签) included */
  routeDepartments: readonly number[];
  /** the departments the current stage still waits for */
  pendingDepartments: readonly number[];
  /** where the route ended: once it is not running, the item's department concludes (准予/不予许可) */
  routeOutcome?: 'running' | 'approved' | 'denied' | null;
}

export type Denial = 'notFound' | 'forbidden' | 'state';

const isApplicant = (p: Principal, app: ApplicationFacts) =>
  p.kind !== 'staff' && (p.userId === app.applicantId || (app.enterpriseId !== null && p.enterpriseId === app.enterpriseId));

/** Whether the principal sees the case at all. */
function reaches(p: Principal | undefined, app: ApplicationFacts): boolean {
  if (!p) return false;
  if (isApplicant(p, app)) return true;
  if (!isStaff(p) || app.status === 'draft') return false;
  if (canApplications(p, 'applications.accept')) return true;
  if (!canApplications(p, 'applications.view')) return false;
  if (isPortalWide(p)) return true;
  const dept = p.departmentId;
  return dept !== null && (dept === app.departmentId || app.routeDepartments.includes(dept));
}

/** The parts the principal plays in the case (what the transition table's `who` means). */
export function actorsOf(p: Principal | undefined, app: ApplicationFacts): Set<Actor> {
  const actors = new Set<Actor>();
  if (!p || !reaches(p, app)) return actors;
  if (isApplicant(p, app)) actors.add('applicant');
  if (canApplications(p, 'applications.accept')) actors.add('window');
  if (canApplications(p, 'applications.review') && p.departmentId !== null && app.pendingDepartments.includes(p.departmentId)) actors.add('reviewer');
  return actors;
}

const MACHINE_ABILITIES: Partial<Record<ApplicationAbility, ApplicationAction>> = {
  submit: 'submit',
  withdraw: 'withdraw',
  resubmit: 'resubmit',
  accept: 'accept',
  refuse: 'refuse',
  requestCorrection: 'requestCorrection',
  opine: 'opine',
};

/** The one decision: undefined when allowed, else why not. */
export function decide(p: Principal | undefined, app: ApplicationFacts, ability: ApplicationAbility): Denial | undefined {
  if (!reaches(p, app)) return 'notFound';
  const actors = actorsOf(p, app);
  switch (ability) {
    case 'read':
      return undefined;
    case 'edit':
      if (!actors.has('applicant')) return 'forbidden';
      return app.status === 'draft' ? undefined : 'state';
    case 'rate':
      if (!actors.has('applicant')) return 'forbidden';
      return app.status === 'approved' || app.status === 'denied' ? undefined : 'state';
    case 'reviewSample':
      // 抽查 of an automatic decision (秒批): a reviewer of the item's department, or portal-wide
      if (!canApplications(p, 'applications.review') || !(isPortalWide(p as Principal) || p?.departmentId === app.departmentId)) return 'forbidden';
      return app.status === 'approved' || app.status === 'denied' ? undefined : 'state';
    case 'conclude':
      // the item's own department decides, once the route has run its course
      if (!canApplications(p, 'applications.review') || p?.departmentId !== app.departmentId) return 'forbidden';
      return app.status === 'reviewing' && app.routeOutcome && app.routeOutcome !== 'running' ? undefined : 'state';
  }
  const action = MACHINE_ABILITIES[ability];
  if (!action) return 'forbidden';
  const rows = rowsFor(app.status, action, { acceptedAt: app.acceptedAt });
  if (rows.length === 0) return 'state';
  return rows.some((r) => actors.has(r.who)) ? undefined : 'forbidden';
}

/** Every ability the principal holds on the case (what pages and the API show). */
export function abilitiesOf(p: Principal | undefined, app: ApplicationFacts): Set<ApplicationAbility> {
  return new Set(APPLICATION_ABILITIES.filter((a) => decide(p, app, a) === undefined));
}

/**
 * Throw unless allowed: "not found" to whoever may not see the case, "forbidden" to whoever sees
 * it but plays no part in the action, a conflict when the case's status does not allow it now.
 */
export function requireAbility(p: Principal | undefined, app: ApplicationFacts, ability: ApplicationAbility): void {
  const denial = decide(p, app, ability);
  if (denial === 'notFound') throw new NotFoundError(msg('policy.notFound'));
  if (denial === 'forbidden') throw new ForbiddenError(msg('policy.forbidden'));
  if (denial === 'state') {
    const action = MACHINE_ABILITIES[ability] ?? ability;
    throw new ConflictError(msg('machine.notAllowed', { status: msg(`status.${app.status}`), action: msg(`action.${action as ApplicationAction | 'edit' | 'rate' | 'conclude'}`) }));
  }
}
