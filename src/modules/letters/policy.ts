/**
 * What a principal may do with a letter, decided in this one place; services refuse by it and
 * pages and the API show by it (deny by default). Two rules besides roles and departments:
 * - staff reach a case only through their department (lead or assisting), portal-wide roles
 *   (system administrator, 12345 dispatcher) every case;
 * - the discipline commission's mailboxes (纪委监委, 监察: CONFIDENTIAL_CHANNELS) are read only by
 *   the commission's own staff — the departments the dispatch rules send those channels to.
 *   Everyone else, the system administrator and the dispatcher included, sees that the case
 *   exists (tracking code, channel, status, dates, department), never who wrote it or what it says.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { can, isPortalWide, isStaff, type Permission, type Principal, requirePermission } from '../../lib/principal.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import { CONFIDENTIAL_CHANNELS, type LetterChannel, type LetterStatus, OPEN_STATUSES, STATUSES } from './model.js';

export const LETTER_ABILITIES = [
  /** see that the case exists: tracking code, channel, type, status, dates, departments */
  'read',
  /** what it says and who wrote it: title, body, writer, attachments, replies, notes */
  'readContent',
  /** place it with a lead department and assisting ones */
  'dispatch',
  /** merge it into another case */
  'merge',
  /** give it back to the dispatchers (lead department) */
  'giveBack',
  /** add an internal note, or an assisting department's opinion */
  'note',
  /** draft and submit the reply (lead department) */
  'reply',
  /** publish or return the reply */
  'review',
  'requestExtension',
  'decideExtension',
] as const;
export type LetterAbility = (typeof LETTER_ABILITIES)[number];

/** Why an ability is refused, so the service answers as it always has. */
export type Denial = 'notFound' | 'forbidden' | 'leadOnly' | 'confidential';

/** What the policy needs to know of a letter and of the principal's place on it. */
export interface LetterFacts {
  channel: string;
  /** the lead department */
  departmentId: number | null;
  /** the principal's department's part in the case, if any */
  role?: 'lead' | 'assist';
}

/** The departments that are the discipline commission: where the dispatch rules send its channels. */
export interface PolicyContext {
  commission: ReadonlySet<number>;
}

export const isConfidential = (channel: string) => CONFIDENTIAL_CHANNELS.includes(channel as LetterChannel);

/** Departments the dispatch rules route the confidential channels to. */
export function commissionOf(rules: readonly { channel: string | null; departmentId: number }[]): Set<number> {
  return new Set(rules.filter((r) => r.channel !== null && isConfidential(r.channel)).map((r) => r.departmentId));
}

/**
 * Whether the principal's department may hold the commission's letters at all: its staff (not
 * portal-wide roles). Without a rule naming the commission, the department the case was sent to.
 */
export function inCommission(p: Principal, ctx: PolicyContext): boolean {
  if (!isStaff(p) || isPortalWide(p) || p.departmentId === null) return false;
  return ctx.commission.size === 0 || ctx.commission.has(p.departmentId);
}

const NEEDS: Record<LetterAbility, Permission> = {
  read: 'letters.view',
  readContent: 'letters.view',
  dispatch: 'letters.dispatch',
  merge: 'letters.dispatch',
  giveBack: 'letters.handle',
  note: 'letters.handle',
  reply: 'letters.handle',
  review: 'letters.review',
  requestExtension: 'letters.handle',
  decideExtension: 'letters.review',
};

/** The one decision: undefined when allowed, else why not. */
export function decide(p: Principal | undefined, letter: LetterFacts, ability: LetterAbility, ctx: PolicyContext): Denial | undefined {
  if (!isStaff(p)) return 'notFound';
  const wide = isPortalWide(p);
  // a case of another department is "not found", exactly as one that does not exist
  if (!wide && !letter.role) return 'notFound';
  if (!can(p, NEEDS[ability])) return 'forbidden';
  const confidential = isConfidential(letter.channel);
  const content = !confidential || inCommission(p, ctx);
  const lead = wide || letter.role === 'lead';
  const leadDepartment = wide || p.departmentId === letter.departmentId;
  switch (ability) {
    case 'read':
    case 'dispatch':
      return undefined;
    case 'readContent':
    case 'note':
      return content ? undefined : 'confidential';
    case 'merge':
      // the commission's cases never share a case (or a reply) with the others
      return confidential ? 'confidential' : undefined;
    case 'giveBack':
      return lead ? undefined : 'leadOnly';
    case 'reply':
    case 'requestExtension':
      if (!lead) return 'leadOnly';
      return content ? undefined : 'confidential';
    case 'review':
    case 'decideExtension':
      if (!leadDepartment) return 'leadOnly';
      return content ? undefined : 'confidential';
  }
  return 'forbidden';
}

/** Every ability the principal holds on the letter (what pages and the API show). */
export function abilitiesOf(p: Principal | undefined, letter: LetterFacts, ctx: PolicyContext): Set<LetterAbility> {
  return new Set(LETTER_ABILITIES.filter((a) => decide(p, letter, a, ctx) === undefined));
}

/** Throw unless the principal holds the permission the ability needs (403 before anything is read). */
export function requireAbility(p: Principal | undefined, ability: LetterAbility): asserts p is Principal {
  requirePermission(p, NEEDS[ability]);
}

/** Whether the principal may read cases at all (a token without letters:read may still act on one). */
export const mayReadCases = (p: Principal | undefined): boolean => can(p, NEEDS.read);

/** A refusal as the service has always answered it. */
export function refusal(denial: Denial): Error {
  if (denial === 'leadOnly') return new ConflictError(t('letters.error.leadOnly'));
  if (denial === 'confidential') return new ForbiddenError(t('letters.error.confidential'));
  if (denial === 'forbidden') return new ForbiddenError(t('auth.forbidden'));
  return new NotFoundError(t('letters.error.notFound'));
}

/** An integration (the 12345 hotline, an Open311 client): a staff token that may handle letters. */
export const isIntegration = (p: Principal | undefined): boolean => isStaff(p) && can(p, 'letters.handle');

/** What the back office's queue offers this person: the dispatch desk (portal-wide roles), the rules. */
export function queueAbilities(p: Principal) {
  return { dispatchDesk: isPortalWide(p), rules: can(p, 'letters.dispatch') };
}

/** Which of the work desk's letter counts a person has: the work their role does. */
export function todoAbilities(p: Principal) {
  return {
    view: can(p, 'letters.view'),
    dispatch: can(p, 'letters.dispatch'),
    // the dispatcher hands cases on; handling them is the departments' work
    handle: can(p, 'letters.handle') && p.role !== 'dispatcher',
    review: can(p, 'letters.review'),
  };
}

/** Managing the dispatch rules is the dispatchers' work. */
export const requireRules = (p: Principal | undefined): void => requirePermission(p, 'letters.dispatch');

// ---- the letter's states --------------------------------------------------------------------------

/** What happens to a letter: each is one row of TRANSITIONS. */
export type LetterAction =
  | 'assign'
  | 'merge'
  | 'giveBack'
  | 'note'
  | 'draftReply'
  | 'submitReply'
  | 'publishReply'
  | 'returnReply'
  | 'requestExtension'
  | 'approveExtension'
  | 'rejectExtension'
  | 'rate'
  | 'reopen';

/** The fields of a letter its state is made of. */
export interface LetterState {
  status: string;
  extensionStatus: string | null;
  rating: string | null;
  reopenCount: number;
}

export interface Transition {
  /** the states the action starts from */
  from: readonly LetterStatus[];
  action: LetterAction;
  /** the state it leaves the letter in; 'same' when the status does not change */
  to: LetterStatus | 'same';
  /** the ability a member of staff needs (policy above), or the writer holding both codes */
  who: LetterAbility | 'writer';
  /** a further condition on the letter besides its status */
  when?: (l: LetterState) => boolean;
  /** the refusal (409) when the letter is not in a state for it; default letters.error.wrongState */
  refused?: MessageKey;
  /** the refusal when only `when` fails, if it differs */
  refusedWhen?: MessageKey;
}

/**
 * The letter's state machine, one row per action: dispatching (待派单) → handling (办理中) →
 * reviewing (答复待审核) → replied (已答复) → closed (已办结); merged (已合并) into another letter;
 * an unsatisfactory reply may send a closed letter back to handling once.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'assign', from: ['dispatching', 'handling'], to: 'handling', who: 'dispatch' },
  { action: 'merge', from: OPEN_STATUSES, to: 'merged', who: 'merge' },
  { action: 'giveBack', from: ['handling'], to: 'dispatching', who: 'giveBack' },
  { action: 'note', from: STATUSES, to: 'same', who: 'note' },
  { action: 'draftReply', from: ['handling'], to: 'same', who: 'reply' },
  { action: 'submitReply', from: ['handling'], to: 'reviewing', who: 'reply' },
  { action: 'publishReply', from: ['reviewing'], to: 'replied', who: 'review' },
  { action: 'returnReply', from: ['reviewing'], to: 'handling', who: 'review' },
  { action: 'requestExtension', from: ['handling', 'reviewing'], to: 'same', who: 'requestExtension', when: (l) => !l.extensionStatus, refusedWhen: 'letters.error.extensionOnce' },
  { action: 'approveExtension', from: OPEN_STATUSES, to: 'same', who: 'decideExtension', when: (l) => l.extensionStatus === 'requested' },
  { action: 'rejectExtension', from: OPEN_STATUSES, to: 'same', who: 'decideExtension', when: (l) => l.extensionStatus === 'requested' },
  { action: 'rate', from: ['replied'], to: 'closed', who: 'writer', refused: 'letters.error.notRateable' },
  { action: 'reopen', from: ['closed'], to: 'handling', who: 'writer', when: (l) => l.rating === 'unsatisfied' && l.reopenCount < 1, refused: 'letters.error.notReopenable' },
];

const BY_ACTION = new Map(TRANSITIONS.map((tr) => [tr.action, tr]));
export const transitionOf = (action: LetterAction): Transition => BY_ACTION.get(action) as Transition;

/** Whether the letter's state lets the action happen (who may do it is the abilities' question). */
export function allows(letter: LetterState, action: LetterAction): boolean {
  const tr = transitionOf(action);
  return tr.from.includes(letter.status as LetterStatus) && (!tr.when || tr.when(letter));
}

/** The status the action leaves the letter in, or the refusal (409) the table gives. */
export function nextStatus(letter: LetterState, action: LetterAction): string {
  const tr = transitionOf(action);
  const wrong = () => new ConflictError(t(tr.refused ?? 'letters.error.wrongState'));
  if (!tr.from.includes(letter.status as LetterStatus)) throw wrong();
  if (tr.when && !tr.when(letter)) throw tr.refusedWhen ? new ConflictError(t(tr.refusedWhen)) : wrong();
  return tr.to === 'same' ? letter.status : tr.to;
}

/**
 * What the case page offers this person now: the abilities the policy gives, where the letter's
 * state allows the action (views read these, they work out nothing themselves).
 */
export function caseActions(
  letter: LetterState,
  abilities: ReadonlySet<LetterAbility>,
  place: { role?: 'lead' | 'assist' | 'dispatcher'; ownReply: boolean },
) {
  const assign = abilities.has('dispatch') && allows(letter, 'assign');
  return {
    assign,
    // merging is offered on the dispatch desk, beside placing the letter
    merge: assign && abilities.has('merge'),
    reply: abilities.has('reply') && allows(letter, 'draftReply'),
    // four eyes: not the reply of someone who worked on it
    review: abilities.has('review') && !place.ownReply && allows(letter, 'publishReply'),
    requestExtension: abilities.has('requestExtension') && allows(letter, 'requestExtension'),
    decideExtension: abilities.has('decideExtension') && allows(letter, 'approveExtension'),
    giveBack: abilities.has('giveBack') && place.role === 'lead' && allows(letter, 'giveBack'),
    note: abilities.has('note'),
    /** the note is an assisting department's opinion */
    opinion: place.role === 'assist',
  };
}
export type CaseActions = ReturnType<typeof caseActions>;
