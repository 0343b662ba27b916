/**
 * Who may do what with a rating and a rectification, decided here (deny by default):
 * - a ratable subject belongs to its rater alone: to anyone else it does not exist ("not found"),
 *   staff included (staff see a bad rating through its rectification case);
 * - a rectification belongs to its department: staff holding `ratings.rectify` of that department
 *   reach it, portal-wide roles every one; another department's case is "not found", exactly as
 *   one that does not exist.
 * The states are two small machines, one table of transitions each.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import { can, isPortalWide, isStaff, type Principal } from '../../lib/principal.js';

export const notFound = () => new NotFoundError(t('ratings.error.notFound'));
export const rectificationNotFound = () => new NotFoundError(t('ratings.error.rectificationNotFound'));

/** The rater of the subject, or "not found". */
export function requireRater(p: Principal | undefined, ratable: { raterUserId: number } | undefined): asserts ratable {
  if (!p || p.kind === 'staff' || !ratable || ratable.raterUserId !== p.userId) throw notFound();
}

export type RectifyDenial = 'notFound' | 'forbidden';

/** Whether the principal may work on a rectification of this department: undefined when allowed. */
export function decideRectify(p: Principal | undefined, departmentId: number): RectifyDenial | undefined {
  if (!isStaff(p)) return 'notFound';
  if (!isPortalWide(p) && p.departmentId !== departmentId) return 'notFound';
  if (!can(p, 'ratings.rectify')) return 'forbidden';
  return undefined;
}

export function requireRectify(p: Principal | undefined, departmentId: number | undefined): asserts p is Principal {
  const denial = departmentId === undefined ? (isStaff(p) ? undefined : 'notFound') : decideRectify(p, departmentId);
  if (denial === 'forbidden') throw new ForbiddenError(t('auth.forbidden'));
  if (denial) throw rectificationNotFound();
}

/** The queue: staff with the permission; their department only unless portal-wide. */
export function queueScope(p: Principal | undefined): { departmentId: number | undefined } {
  if (!isStaff(p)) throw rectificationNotFound();
  if (!can(p, 'ratings.rectify')) throw new ForbiddenError(t('auth.forbidden'));
  return { departmentId: isPortalWide(p) ? undefined : (p.departmentId ?? -1) };
}

/** Whether the work desk shows this person the rectification counts. */
export const mayRectify = (p: Principal): boolean => can(p, 'ratings.rectify');

// ---- the states ---------------------------------------------------------------------------------

export type RatingState = 'awaiting' | 'rated';
export type RectificationState = 'open' | 'closed';

interface Transition<S extends string, A extends string, F> {
  action: A;
  from: readonly S[];
  to: S;
  /** a further condition besides the state */
  when?: (facts: F) => boolean;
  /** the refusal (409) when the state does not allow it */
  refused: MessageKey;
  refusedWhen?: MessageKey;
}

type RatingFacts = { level: string | null; followUp: string | null };

/** A subject awaits its rating; rated once, never changed; one 追评 after. */
export const RATING_TRANSITIONS: readonly Transition<RatingState, 'rate' | 'followUp', RatingFacts>[] = [
  { action: 'rate', from: ['awaiting'], to: 'rated', refused: 'ratings.error.alreadyRated' },
  { action: 'followUp', from: ['rated'], to: 'rated', when: (f) => f.followUp === null, refused: 'ratings.error.notRatedYet', refusedWhen: 'ratings.error.followUpOnce' },
];

/** A rectification is open until its department closes it with the measures and the callback. */
export const RECTIFICATION_TRANSITIONS: readonly Transition<RectificationState, 'close', unknown>[] = [
  { action: 'close', from: ['open'], to: 'closed', refused: 'ratings.error.alreadyClosed' },
];

export const ratingState = (r: RatingFacts): RatingState => (r.level === null ? 'awaiting' : 'rated');

function check<S extends string, A extends string, F>(table: readonly Transition<S, A, F>[], state: S, action: A, facts: F, vars?: Record<string, string>): S {
  const tr = table.find((x) => x.action === action) as Transition<S, A, F>;
  if (!tr.from.includes(state)) throw new ConflictError(t(tr.refused, vars));
  if (tr.when && !tr.when(facts)) throw new ConflictError(t(tr.refusedWhen ?? tr.refused, vars));
  return tr.to;
}

/** Where the action leads the subject, or the refusal the table gives. */
export const nextRatingState = (r: RatingFacts, action: 'rate' | 'followUp', vars?: Record<string, string>) => check(RATING_TRANSITIONS, ratingState(r), action, r, vars);
export const nextRectificationState = (status: string, action: 'close') => check(RECTIFICATION_TRANSITIONS, status as RectificationState, action, undefined);

/** What the rater's page offers now. */
export function raterActions(r: RatingFacts) {
  return { rate: ratingState(r) === 'awaiting', followUp: ratingState(r) === 'rated' && r.followUp === null };
}
