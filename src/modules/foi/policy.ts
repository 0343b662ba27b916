/**
 * Who may do what with a request for government information, decided here (deny by default):
 * - the applicant (the account that filed it) reads it and answers a 补正 notice;
 * - staff with foi.view read their own department's requests (portal-wide roles: all), foi.handle
 *   works them (补正 notice, consultation, reply), foi.approve approves the extension;
 * - anything outside one's reach is "not found", exactly like a missing request.
 * The transition table says which action each state allows.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { can, isPortalWide, isStaff, type Permission, type Principal } from '../../lib/principal.js';
import type { FoiStatus, PublicationStatus } from './model.js';

export const FOI_ACTIONS = ['noticeCorrection', 'correct', 'extend', 'startConsultation', 'endConsultation', 'reply'] as const;
export type FoiAction = (typeof FOI_ACTIONS)[number];

export const TRANSITIONS: Record<FoiStatus, Partial<Record<FoiAction, FoiStatus>>> = {
  received: { noticeCorrection: 'awaitingCorrection', extend: 'received', startConsultation: 'consulting', reply: 'replied' },
  awaitingCorrection: { correct: 'received' },
  consulting: { endConsultation: 'received', extend: 'consulting' },
  replied: {},
};

export function nextStatus(from: FoiStatus, action: FoiAction): FoiStatus {
  const to = TRANSITIONS[from]?.[action];
  if (!to) throw new ConflictError(t('foi.error.notNow', { status: t(`foi.status.${from}`) }));
  return to;
}

const NEEDS: Record<Exclude<FoiAction, 'correct'>, Permission> = {
  noticeCorrection: 'foi.handle',
  extend: 'foi.approve',
  startConsultation: 'foi.handle',
  endConsultation: 'foi.handle',
  reply: 'foi.handle',
};

/** Whether staff reach a department's requests at all (read). */
export function staffReaches(p: Principal | undefined, departmentId: number): boolean {
  if (!isStaff(p) || !can(p, 'foi.view')) return false;
  return isPortalWide(p) || p.departmentId === departmentId;
}

export function allows(p: Principal | undefined, action: FoiAction, r: { departmentId: number; accountId: number | null }): boolean {
  if (action === 'correct') return !!p && !isStaff(p) && r.accountId !== null && r.accountId === p.userId;
  return staffReaches(p, r.departmentId) && can(p, NEEDS[action]);
}

export const notFound = () => new NotFoundError(t('foi.error.notFound'));

/** Refuse an action: outside one's reach it is "not found", inside without permission too (nothing to learn). */
export function guard(p: Principal | undefined, action: FoiAction, r: { departmentId: number; accountId: number | null }): void {
  if (!allows(p, action, r)) throw notFound();
}

/** The applicant may read their own; staff their department's. */
export function mayRead(p: Principal | undefined, r: { departmentId: number; accountId: number | null }): boolean {
  if (!p) return false;
  if (isStaff(p)) return staffReaches(p, r.departmentId);
  return r.accountId !== null && r.accountId === p.userId;
}

// ——— publishing a reply for everyone (four eyes) ———

export const PUBLICATION_ACTIONS = ['prepare', 'publish', 'withdraw'] as const;
export type PublicationAction = (typeof PUBLICATION_ACTIONS)[number];

/** From no publication ('none'), the text is prepared; a reviewer other than its author publishes it or withdraws it. */
export const PUBLICATION_TRANSITIONS: Record<'none' | PublicationStatus, Partial<Record<PublicationAction, PublicationStatus>>> = {
  none: { prepare: 'review' },
  review: { prepare: 'review', publish: 'published', withdraw: 'withdrawn' },
  published: { withdraw: 'withdrawn' },
  withdrawn: { prepare: 'review' },
};

const PUBLICATION_NEEDS: Record<PublicationAction, Permission> = { prepare: 'foi.handle', publish: 'foi.approve', withdraw: 'foi.approve' };

export function nextPublicationStatus(from: 'none' | PublicationStatus, action: PublicationAction): PublicationStatus {
  const to = PUBLICATION_TRANSITIONS[from][action];
  if (!to) throw new ConflictError(t('foi.publication.error.notNow', { status: t(`foi.publication.status.${from}`) }));
  return to;
}

/**
 * Inside the department's reach (else "not found"), the wrong ability is a 409 saying who may;
 * the member of staff who prepared the text never publishes it (four eyes).
 */
export function guardPublication(p: Principal | undefined, action: PublicationAction, r: { departmentId: number }, preparedBy?: number): void {
  if (!staffReaches(p, r.departmentId)) throw notFound();
  if (!can(p, PUBLICATION_NEEDS[action])) throw new ForbiddenError(t(action === 'prepare' ? 'foi.publication.error.handlerOnly' : 'foi.publication.error.approverOnly'));
  if (action === 'publish' && preparedBy === p!.userId) throw new ConflictError(t('foi.publication.error.fourEyes'));
}

export function allowsPublication(p: Principal | undefined, action: PublicationAction, r: { departmentId: number }, preparedBy?: number): boolean {
  try {
    guardPublication(p, action, r, preparedBy);
    return true;
  } catch {
    return false;
  }
}
