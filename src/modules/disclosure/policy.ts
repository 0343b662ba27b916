/**
 * Who may do what with government information. Deny by default: staff of the organisation's
 * department draft (disclosure.edit) and publish (disclosure.review); an organisation without a
 * department (市政府, a district, a 街道) and the gazette and topics are portal-wide
 * (disclosure.portal). An article of another department is "not found", exactly as a missing one.
 * Four eyes: nobody who wrote any part of a draft publishes or rejects it.
 */
import { NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { type Principal, can, isPortalWide, requireDepartment, requirePermission } from '../../lib/principal.js';

export type DraftState = 'none' | 'draft' | 'review' | 'rejected';
export type LiveState = 'unpublished' | 'scheduled' | 'published' | 'withdrawn';
export type Action = 'edit' | 'submit' | 'approve' | 'reject' | 'withdraw';

/** The one table of what may happen to an article's draft and to its live state, and who may do it. */
export const TRANSITIONS: { on: 'draft' | 'live'; from: string[]; action: Action; to: string; who: 'disclosure.edit' | 'disclosure.review' }[] = [
  { on: 'draft', from: ['none', 'draft', 'rejected'], action: 'edit', to: 'draft', who: 'disclosure.edit' },
  { on: 'draft', from: ['draft', 'rejected'], action: 'submit', to: 'review', who: 'disclosure.edit' },
  { on: 'draft', from: ['review'], action: 'approve', to: 'none', who: 'disclosure.review' },
  { on: 'draft', from: ['review'], action: 'reject', to: 'rejected', who: 'disclosure.review' },
  { on: 'live', from: ['published', 'scheduled'], action: 'withdraw', to: 'withdrawn', who: 'disclosure.review' },
];

export const articleNotFound = () => new NotFoundError(t('disclosure.notFound'));

export function transition(action: Action) {
  return TRANSITIONS.find((x) => x.action === action) as (typeof TRANSITIONS)[number];
}

/** The permission an action needs (403 without it); the article's state is checked after (409). */
export function requireAction(p: Principal, action: Action) {
  requirePermission(p, transition(action).who);
}

/** May the principal take this action on an article in these states? */
export function allowed(p: Principal, action: Action, a: { draftStatus: string; status: string }): boolean {
  const tr = transition(action);
  const state = tr.on === 'draft' ? a.draftStatus : a.status;
  return tr.from.includes(state) && can(p, tr.who);
}

export const isDisclosureStaff = (p: Principal | undefined) => can(p, 'disclosure.edit') || can(p, 'disclosure.review') || can(p, 'disclosure.portal');

/** Anyone without a disclosure role, or outside the article's department, sees "not found". */
export function requireScope(p: Principal, departmentId: number | null) {
  if (!isDisclosureStaff(p)) throw articleNotFound();
  if (departmentId === null) {
    if (!can(p, 'disclosure.portal')) throw articleNotFound();
    return;
  }
  requireDepartment(p, departmentId, t('disclosure.notFound'));
}

/** The department filter for a staff list: undefined for portal-wide roles. */
export const staffScope = (p: Principal): number | undefined => (isPortalWide(p) ? undefined : (p.departmentId ?? -1));

export const contributorsOf = (a: { authorId: number; contributorIds: number[] }) => [...new Set([a.authorId, ...a.contributorIds])];

/** Four eyes, as the catalogue's drafts: the system administrator alone may publish a draft only he wrote. */
export function mayReview(p: Principal, a: { authorId: number; contributorIds: number[] }): boolean {
  const c = contributorsOf(a);
  if (!c.includes(p.userId)) return true;
  return p.role === 'admin' && c.length === 1;
}

export function portalAbility(p: Principal | undefined) {
  return can(p, 'disclosure.portal');
}

/** What a staff member may do with an article they can see (the views read this). */
export function abilities(p: Principal, a: { draftStatus: string; status: string; authorId: number; contributorIds: number[] }) {
  return {
    canEdit: allowed(p, 'edit', a),
    canSubmit: allowed(p, 'submit', a),
    canReview: allowed(p, 'approve', a) && mayReview(p, a),
    canWithdraw: allowed(p, 'withdraw', a),
    canLink: can(p, 'disclosure.edit') || can(p, 'disclosure.review'),
  };
}
