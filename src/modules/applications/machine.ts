/**
 * The life of an application, written once as a table of transitions `{ from, action, to, who }`.
 * Operations ask `transition` and never re-check statuses themselves; the policy asks the same
 * table which actions a principal's part in the case allows (docs/decisions/0015-module-shape.md).
 *
 * 草稿 → 已提交 → 已受理 → 审核中 → 已办结（准予/不予许可）; 不予受理 at the window; 补正中 either
 * before acceptance (the window's 一次性告知) or during review (the clock pauses); 已撤回 only
 * before acceptance. Stage opinions (approve, send back, 加签) happen inside 审核中 through the
 * route engine (approval.ts); when it reports the route's outcome the operation applies grant
 * or deny.
 */
import { msg } from './messages.js';

export const STATUSES = ['draft', 'submitted', 'accepted', 'refused', 'correcting', 'reviewing', 'approved', 'denied', 'withdrawn'] as const;
export type ApplicationStatus = (typeof STATUSES)[number];

export const ACTIONS = ['submit', 'withdraw', 'accept', 'refuse', 'requestCorrection', 'resubmit', 'opine', 'grant', 'deny'] as const;
export type ApplicationAction = (typeof ACTIONS)[number];

/**
 * Who takes an action: the applicant (or a person of the applying enterprise); a 综合窗口 clerk
 * of any department (一窗受理); a reviewer of a department the current stage waits for; the
 * portal itself (秒批: an item's published rules decide a submitted case, automation/instant.ts).
 */
export type Actor = 'applicant' | 'window' | 'reviewer' | 'system';

/** A condition a row holds under besides its status: where a 补正 returns to depends on it. */
export type Guard = 'beforeAcceptance' | 'afterAcceptance';

export interface Transition {
  from: ApplicationStatus;
  action: ApplicationAction;
  to: ApplicationStatus;
  who: Actor;
  when?: Guard;
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'submit', to: 'submitted', who: 'applicant' },
  { from: 'submitted', action: 'withdraw', to: 'withdrawn', who: 'applicant' },
  { from: 'submitted', action: 'accept', to: 'accepted', who: 'window' },
  { from: 'submitted', action: 'refuse', to: 'refused', who: 'window' },
  // 一次性告知: what is missing, before the case is accepted; the clock has not started
  { from: 'submitted', action: 'requestCorrection', to: 'correcting', who: 'window' },
  { from: 'correcting', action: 'resubmit', to: 'submitted', who: 'applicant', when: 'beforeAcceptance' },
  { from: 'correcting', action: 'withdraw', to: 'withdrawn', who: 'applicant', when: 'beforeAcceptance' },
  // the first opinion starts the review; later ones keep it there
  { from: 'accepted', action: 'opine', to: 'reviewing', who: 'reviewer' },
  { from: 'reviewing', action: 'opine', to: 'reviewing', who: 'reviewer' },
  // 补正 during review: the clock pauses until the applicant resubmits
  { from: 'accepted', action: 'requestCorrection', to: 'correcting', who: 'reviewer' },
  { from: 'reviewing', action: 'requestCorrection', to: 'correcting', who: 'reviewer' },
  { from: 'correcting', action: 'resubmit', to: 'reviewing', who: 'applicant', when: 'afterAcceptance' },
  // the route's outcome, applied with the opinion that completed it
  { from: 'reviewing', action: 'grant', to: 'approved', who: 'reviewer' },
  { from: 'reviewing', action: 'deny', to: 'denied', who: 'reviewer' },
  // 秒批: every published condition checked from the portal's data at submission decides at once
  { from: 'submitted', action: 'grant', to: 'approved', who: 'system' },
  { from: 'submitted', action: 'deny', to: 'denied', who: 'system' },
];

/** Statuses no action leaves. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['refused', 'approved', 'denied', 'withdrawn'];
/** Statuses in which the working-day clock runs (it starts at acceptance; 补正 pauses it). */
export const CLOCK_RUNNING: readonly ApplicationStatus[] = ['accepted', 'reviewing'];
/** Actions that need a written reason (shown to the applicant). */
export const NEEDS_REASON: readonly ApplicationAction[] = ['refuse', 'requestCorrection', 'deny'];

/** What the table needs to know of a case besides its status. */
export interface MachineFacts {
  /** when the case was accepted, if it was: 补正 returns to review only after acceptance */
  acceptedAt: Date | null;
}

const guardHolds = (guard: Guard | undefined, facts: MachineFacts) =>
  guard === undefined || (guard === 'beforeAcceptance' ? facts.acceptedAt === null : facts.acceptedAt !== null);

/** The rows that let `action` happen now, whoever takes it. */
export function rowsFor(status: ApplicationStatus, action: ApplicationAction, facts: MachineFacts): Transition[] {
  return TRANSITIONS.filter((t) => t.from === status && t.action === action && guardHolds(t.when, facts));
}

/** Every action the case allows now, with who may take it. */
export const actionsFrom = (status: ApplicationStatus, facts: MachineFacts): Transition[] =>
  TRANSITIONS.filter((t) => t.from === status && guardHolds(t.when, facts));

export type Step = { ok: true; to: ApplicationStatus; transition: Transition } | { ok: false; message: string };

/** Where `action` by `who` takes the case, or why it cannot happen (the message says so in Chinese). */
export function transition(status: ApplicationStatus, action: ApplicationAction, who: Actor, facts: MachineFacts): Step {
  const row = rowsFor(status, action, facts).find((t) => t.who === who);
  if (!row) return { ok: false, message: msg('machine.notAllowed', { status: msg(`status.${status}`), action: msg(`action.${action}`) }) };
  return { ok: true, to: row.to, transition: row };
}

/**
 * 补正 is one notice listing everything to correct, once per case; a second needs a reviewer's
 * written justification. Undefined when allowed, else the message.
 */
export function correctionRefusal(earlierCorrections: number, justification: string | undefined): string | undefined {
  if (earlierCorrections === 0) return undefined;
  return justification?.trim() ? undefined : msg('machine.secondCorrection');
}
