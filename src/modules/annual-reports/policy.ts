/**
 * Who may do what with an annual report (deny by default): the organisation's disclosure editors
 * generate, edit and submit it (disclosure.edit), its reviewers publish or send it back
 * (disclosure.review) — never one they generated, edited or submitted (four eyes, as articles;
 * the system administrator alone may publish what only he wrote). An organisation without a
 * department needs disclosure.portal. Outside one's reach a report is "not found".
 */
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { can, isPortalWide, isStaff, type Permission, type Principal } from '../../lib/principal.js';
import type { ReportStatus } from './model.js';

export const ACTIONS = ['save', 'submit', 'publish', 'reject'] as const;
export type ReportAction = (typeof ACTIONS)[number];

export const TRANSITIONS: Record<ReportStatus, Partial<Record<ReportAction, ReportStatus>>> = {
  draft: { save: 'draft', submit: 'review' },
  review: { save: 'draft', publish: 'published', reject: 'draft' },
  published: {},
};

export function nextStatus(from: ReportStatus, action: ReportAction): ReportStatus {
  const to = TRANSITIONS[from]?.[action];
  if (!to) throw new ConflictError(t('reports.error.notNow', { status: t(`reports.status.${from}`) }));
  return to;
}

const NEEDS: Record<ReportAction, Permission> = { save: 'disclosure.edit', submit: 'disclosure.edit', publish: 'disclosure.review', reject: 'disclosure.review' };

/** Whether the principal works on this organisation's disclosure at all. */
export function reaches(p: Principal | undefined, org: { departmentId: number | null }): boolean {
  if (!isStaff(p) || !(can(p, 'disclosure.edit') || can(p, 'disclosure.review') || can(p, 'disclosure.portal'))) return false;
  if (org.departmentId === null) return can(p, 'disclosure.portal');
  return isPortalWide(p) || p.departmentId === org.departmentId;
}

export const notFound = () => new NotFoundError(t('reports.error.notFound'));

export function guard(p: Principal | undefined, action: ReportAction | 'generate', org: { departmentId: number | null }, contributors: number[] = []): void {
  if (!reaches(p, org)) throw notFound();
  const needs = action === 'generate' ? 'disclosure.edit' : NEEDS[action];
  if (!can(p, needs)) throw new ConflictError(t(needs === 'disclosure.edit' ? 'reports.error.editorOnly' : 'reports.error.reviewerOnly'));
  if ((action === 'publish' || action === 'reject') && contributors.includes(p!.userId)) {
    const soleAdmin = p!.role === 'admin' && contributors.every((id) => id === p!.userId);
    if (!soleAdmin) throw new ConflictError(t('reports.error.fourEyes'));
  }
}

export function allows(p: Principal | undefined, action: ReportAction, org: { departmentId: number | null }, contributors: number[]): boolean {
  try {
    guard(p, action, org, contributors);
    return true;
  } catch {
    return false;
  }
}
