/**
 * The skeleton every change of a letter shares, written once: check the permission, check the
 * input, open one transaction, load the letter as the policy lets this person act on it, ask
 * the state machine (policy.ts TRANSITIONS) where the action leads, then change the row only if
 * nobody changed it since it was read (else 409), with its history entry, audit entry and
 * notifications in the same transaction.
 */
import type { Runner, Tx } from '../../../db/client.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { isPortalWide, isStaff, type Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import type { Actor, Template } from '../faces.js';
import { type Departments, departmentsOf, type LettersContext } from '../context.js';
import { LIMITS } from '../model.js';
import { staffNotice, writerNotice } from '../notices.js';
import {
  commissionOf,
  decide,
  isConfidential,
  type LetterAbility,
  type LetterAction,
  nextStatus,
  type PolicyContext,
  refusal,
  requireAbility,
  transitionOf,
} from '../policy.js';
import { conceal } from '../present.js';
import * as repo from '../repo.js';
import { forWriter, type WriterKey } from './writer-key.js';

export const notFound = () => new NotFoundError(t('letters.error.notFound'));
export const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });
export const WRITER: Actor = { id: 'writer', name: t('letters.actor.writer') };
export const SYSTEM: Actor = { id: 'system', name: t('letters.actor.system') };

/** A reason a person must give (returning, reopening, extending): at least five characters. */
export function reasonOf(raw: string | undefined, message: MessageKey, min = 5): string {
  const reason = cleanText(raw ?? '', { multiline: true, max: LIMITS.noteMax });
  if (reason.length < min) throw new BadRequestError(t(message), 'reason_required');
  return reason;
}

/** Who the discipline commission is, for the letters policy: read before any transaction (it may query). */
export async function policyContext(ctx: LettersContext): Promise<PolicyContext> {
  return { commission: commissionOf(await ctx.rules()) };
}

export type Place = 'lead' | 'assist' | 'dispatcher' | undefined;

/**
 * A letter and the principal's part in it, if the letters policy lets the principal do this
 * with it; refused as the policy says why (not found, forbidden, lead only, confidential).
 */
export async function forAbility(tx: Runner, p: Principal, id: number, ability: LetterAbility, pc: PolicyContext) {
  if (!isStaff(p) || !Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw notFound();
  const letter = await repo.findById(tx, id);
  if (!letter) throw notFound();
  const role = !isPortalWide(p) && p.departmentId ? await repo.worksOn(tx, id, p.departmentId) : undefined;
  const facts = { channel: letter.channel, departmentId: letter.departmentId, role };
  const denial = decide(p, facts, ability, pc);
  if (denial) throw refusal(denial);
  const place: Place = isPortalWide(p) ? (letter.departmentId ? 'dispatcher' : undefined) : role;
  return { letter, facts, role: place };
}

/** The row as the principal may see it: a confidential case without its content for whoever may not read it. */
export function shown(p: Principal, letter: repo.LetterRow, pc: PolicyContext, role?: 'lead' | 'assist') {
  const facts = { channel: letter.channel, departmentId: letter.departmentId, role: role ?? (!isPortalWide(p) ? ('assist' as const) : undefined) };
  return decide(p, facts, 'readContent', pc) === undefined ? letter : conceal(letter);
}

/** Change the row only if nobody changed it since `version` was read. */
export async function saveLetter(tx: Tx, letter: repo.LetterRow, version: number, changes: Partial<repo.NewLetterRow>) {
  if (!Number.isInteger(version)) throw new BadRequestError(t('letters.error.version'), 'bad_version');
  if (letter.version !== version) throw new ConflictError(t('letters.error.conflict'));
  const updated = await repo.updateLetter(tx, letter.id, version, changes);
  if (!updated) throw new ConflictError(t('letters.error.conflict'));
  return updated;
}

/** The audit entry of a change: status, department and deadline before and after. */
export function auditChange(ctx: LettersContext, tx: Runner, actor: Actor, action: string, before: repo.LetterRow, after: Partial<repo.LetterRow>, note?: string) {
  return ctx.audit.record(tx, actor, [
    {
      action,
      entity: 'letter',
      entityId: before.trackingCode,
      before: { status: before.status, departmentId: before.departmentId, dueAt: before.dueAt },
      after: { status: after.status ?? before.status, departmentId: after.departmentId ?? before.departmentId, dueAt: after.dueAt ?? before.dueAt },
      // reasons and comments may repeat what a confidential letter says: its audit entries keep none
      note: isConfidential(before.channel) ? undefined : note,
      departmentId: after.departmentId ?? before.departmentId,
    },
  ]);
}

/** A history entry. */
export function addEvent(
  tx: Runner,
  letter: repo.LetterRow,
  kind: string,
  by: Principal | Actor | null,
  fields: { note?: string; internal?: boolean; departmentId?: number | null } = {},
) {
  return repo.insertEvents(tx, [
    {
      letterId: letter.id,
      kind,
      actorId: by && 'userId' in by ? by.userId : null,
      actorName: by ? by.name : t('letters.actor.system'),
      departmentId: fields.departmentId ?? (by && 'userId' in by ? by.departmentId : null) ?? null,
      note: fields.note ?? null,
      internal: fields.internal ?? false,
    },
  ]);
}

/** Tell the writer: their account's message box and channels, or the phone and e-mail they gave. */
export async function tellWriter(ctx: LettersContext, tx: Runner, letter: repo.LetterRow, template: Template, vars: Record<string, string | number>) {
  const [account] = letter.accountId ? await ctx.accounts.contactsFor(tx, { ids: [letter.accountId] }) : [];
  const notice = writerNotice(letter, template, vars, account);
  if (notice) await ctx.notify.enqueueMany(tx, [notice]);
}

type StaffRole = 'handler' | 'dept_admin' | 'reviewer' | 'dispatcher' | 'admin';
/** Tell the staff of a department (or the portal-wide dispatchers when null) with these roles. */
export async function tellStaff(ctx: LettersContext, tx: Runner, departmentId: number | null, roles: StaffRole[], template: Template, letter: repo.LetterRow) {
  const staff = await ctx.accounts.contactsFor(tx, { departmentIds: [departmentId], roles });
  await ctx.notify.enqueueMany(tx, staff.map((s) => staffNotice(letter, template, s, ctx.formatDue)));
}

/** One change in progress: the letter as loaded, where the action leads, and the steps that record it. */
export interface Change {
  tx: Tx;
  letter: repo.LetterRow;
  /** the status the state machine sends the letter to */
  to: string;
  /** the principal's part in the case (staff) */
  role: Place;
  /** who acts, for history and audit */
  by: Principal | Actor;
  actor: Actor;
  pc: PolicyContext;
  names: Departments;
  /** write the change (with the status the table gives, when it changes) */
  save(after: Partial<repo.NewLetterRow>): Promise<repo.LetterRow>;
  event(letter: repo.LetterRow, kind: string, fields?: { note?: string; internal?: boolean; departmentId?: number | null }): Promise<void>;
  audit(action: string, after: Partial<repo.LetterRow>, note?: string): Promise<unknown>;
  tellStaff(departmentId: number | null, roles: StaffRole[], template: Template, letter: repo.LetterRow): Promise<void>;
  tellWriter(letter: repo.LetterRow, template: Template, vars: Record<string, string | number>): Promise<void>;
}

/** Who acts: a member of staff on a case by its id and the version they read, or the writer by both codes. */
export type Acting = { principal: Principal; id: number; version?: number } | { writer: WriterKey };

/**
 * Run one action on a letter through the shared skeleton: permission (staff), `check` the input,
 * policy and state machine, then `apply` in one transaction. `apply` gets the change in progress.
 */
export async function changeLetter<I, R, F = undefined>(
  ctx: LettersContext,
  who: Acting,
  action: LetterAction,
  steps: {
    /** the input, checked before anything is read (400) */
    check?: (names: Departments) => I;
    /** what must hold of the letter before its state is asked (e.g. a merge's target) */
    first?: (tx: Tx, letter: repo.LetterRow, input: I) => Promise<F>;
    apply: (c: Change, input: I, first: F) => Promise<R>;
  },
): Promise<R> {
  const tr = transitionOf(action);
  if ('principal' in who && tr.who !== 'writer') requireAbility(who.principal, tr.who);
  const names = await departmentsOf(ctx);
  const input = steps.check ? steps.check(names) : (undefined as I);
  const pc = await policyContext(ctx);
  // the codes are checked first: the check counts failures in a transaction of its own
  const found = 'writer' in who ? await forWriter(ctx, who.writer) : undefined;
  return ctx.db.transaction(async (tx) => {
    let letter: repo.LetterRow;
    let role: Place;
    if ('principal' in who) {
      const loaded = await forAbility(tx, who.principal, who.id, tr.who as LetterAbility, pc);
      letter = loaded.letter;
      role = loaded.role;
    } else letter = (await repo.findById(tx, (found as repo.LetterRow).id)) as repo.LetterRow;
    const first = steps.first ? await steps.first(tx, letter, input) : (undefined as F);
    const to = nextStatus(letter, action);
    const by = 'principal' in who ? who.principal : WRITER;
    const actor = 'principal' in who ? actorOf(who.principal) : WRITER;
    const version = 'principal' in who ? (who.version as number) : letter.version;
    const before = letter;
    const c: Change = {
      tx,
      letter,
      to,
      role,
      by,
      actor,
      pc,
      names,
      save: (after) => saveLetter(tx, before, version, to !== before.status ? { ...after, status: to } : after),
      event: (l, kind, fields) => addEvent(tx, l, kind, by, fields),
      audit: (a, after, note) => auditChange(ctx, tx, actor, a, before, to !== before.status ? { ...after, status: to } : after, note),
      tellStaff: (departmentId, roles, template, l) => tellStaff(ctx, tx, departmentId, roles, template, l),
      tellWriter: (l, template, vars) => tellWriter(ctx, tx, l, template, vars),
    };
    return steps.apply(c, input, first);
  });
}
