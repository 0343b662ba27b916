/**
 * Who may do what with a proposal, decided here (deny by default):
 * - staff with proposals.handle register the proposals their department handles (主办), give their
 *   department's opinion where it is a co-handler (协办), and write the main handler's reply;
 * - staff with proposals.publish decide the reply's publication (公开, or 不公开 with the reason);
 * - portal-wide roles with the permission reach every department;
 * - a proposal outside one's reach is "not found", exactly like a missing one;
 * - citizens read published replies only.
 * The transition table says which action each state allows.
 */
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { can, isPortalWide, isStaff, type Permission, type Principal } from '../../lib/principal.js';
import type { ProposalStatus } from './model.js';

export const ACTIONS = ['opinion', 'reply', 'publish'] as const;
export type ProposalAction = (typeof ACTIONS)[number];

/** A reply may be revised until its publication is decided; after that nothing changes. */
export const TRANSITIONS: Record<ProposalStatus, Partial<Record<ProposalAction, ProposalStatus>>> = {
  handling: { opinion: 'handling', reply: 'replied' },
  replied: { opinion: 'replied', reply: 'replied', publish: 'published' },
  published: {},
};

export function nextStatus(from: ProposalStatus, action: ProposalAction): ProposalStatus {
  const to = TRANSITIONS[from]?.[action];
  if (!to) throw new ConflictError(t(`proposals.error.notNow.${action}`, { status: t(`proposals.status.${from}`) }));
  return to;
}

const NEEDS: Record<ProposalAction, Permission> = { opinion: 'proposals.handle', reply: 'proposals.handle', publish: 'proposals.publish' };

export interface Reach {
  mainDepartmentId: number;
  coDepartmentIds: number[];
}

const isProposalStaff = (p: Principal | undefined): p is Principal => isStaff(p) && (can(p, 'proposals.handle') || can(p, 'proposals.publish'));

/** Staff of the main or a co-handling department (portal-wide roles: all) read the case. */
export function staffReaches(p: Principal | undefined, r: Reach): boolean {
  if (!isProposalStaff(p)) return false;
  return isPortalWide(p) || p.departmentId === r.mainDepartmentId || r.coDepartmentIds.includes(p.departmentId ?? -1);
}

/** Whether the principal registers proposals whose main handler is this department. */
export function mayRegister(p: Principal | undefined, departmentId: number): boolean {
  return isStaff(p) && can(p, 'proposals.handle') && (isPortalWide(p) || p.departmentId === departmentId);
}

export function allows(p: Principal | undefined, action: ProposalAction, r: Reach): boolean {
  if (!staffReaches(p, r) || !can(p, NEEDS[action])) return false;
  if (action === 'opinion') return isPortalWide(p!) ? r.coDepartmentIds.length > 0 : r.coDepartmentIds.includes(p!.departmentId ?? -1);
  return isPortalWide(p!) || p!.departmentId === r.mainDepartmentId;
}

export const notFound = () => new NotFoundError(t('proposals.error.notFound'));

/** Outside one's reach: not found. Inside it without the ability: a clear refusal (a co-handler does not reply). */
export function guard(p: Principal | undefined, action: ProposalAction, r: Reach): void {
  if (!staffReaches(p, r)) throw notFound();
  if (!allows(p, action, r)) throw new ConflictError(t(`proposals.error.may.${action}`));
}

/** Whether a listing of the back office is open to the principal at all. */
export const mayWork = (p: Principal | undefined): boolean => isProposalStaff(p);
