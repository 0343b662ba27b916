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
import { can, isPortalWide, isStaff, type Permission, type Principal } from '../../lib/principal.js';
import { CONFIDENTIAL_CHANNELS, type LetterChannel } from './model.js';

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
