/**
 * The skeleton every change of an application shares, written once: find the case and lock its
 * row for the transaction (two people acting at once are served one after the other, the second
 * reading what the first wrote), ask the policy (not found / forbidden / not now), refuse a stale
 * version, ask the transition table where the action leads, then write the row (version + 1),
 * its history entry, its audit entry and its notices in that one transaction.
 */
import type { Runner, Tx } from '../../../db/client.js';
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../../../lib/errors.js';
import { isStaff, type Principal, type StaffRole } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import type { RouteState } from '../approval.js';
import type { ApplicationsContext } from '../context.js';
import type { Actor, DepartmentName, Template } from '../faces.js';
import { type Actor as MachineActor, type ApplicationAction, type ApplicationStatus, transition } from '../machine.js';
import { msg } from '../messages.js';
import { type ApplicationAbility, type ApplicationFacts, requireAbility } from '../policy.js';
import * as repo from '../repo.js';

export const notFound = () => new NotFoundError(msg('error.notFound'));
export const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });
export const SYSTEM: Actor = { id: 'system', name: msg('actor.system') };

/** 受理编号: SQ, the local day of submission, a running number of at least six digits. */
export const NO_PATTERN = /^SQ\d{8}\d{6,10}$/;
export const formatNo = (day: string, n: number) => `SQ${day.replaceAll('-', '')}${String(n).padStart(6, '0')}`;
/** 6 digits that, with the number, open the case without signing in */
export const newQueryCode = () => String(Math.floor(100000 + Math.random() * 900000));

/** A case is named by its id (drafts: they have no number yet) or its 受理编号. */
export type CaseRef = number | string;

export async function findCase(db: Runner, ref: CaseRef, lock: boolean): Promise<repo.ApplicationRow | undefined> {
  if (typeof ref === 'number') return lock ? repo.lockById(db, ref) : repo.findById(db, ref);
  if (typeof ref !== 'string' || !NO_PATTERN.test(ref)) return undefined;
  const found = await repo.findByNo(db, ref);
  return found && lock ? repo.lockById(db, found.id) : found;
}

/** What the policy needs to know of a case: its status, people, and the departments working on it. */
export function factsOf(row: repo.ApplicationRow, departments: readonly repo.DepartmentRow[]): ApplicationFacts {
  const state = row.routeState as RouteState | null;
  return {
    status: row.status as ApplicationStatus,
    applicantId: row.applicantId,
    enterpriseId: row.enterpriseId,
    departmentId: row.departmentId,
    acceptedAt: row.acceptedAt,
    routeDepartments: departments.map((d) => d.departmentId),
    pendingDepartments: departments.filter((d) => d.pending).map((d) => d.departmentId),
    routeOutcome: state?.outcome ?? null,
  };
}

/** A reason a person must give: cleaned, at least `min` characters. */
export function reasonOf(raw: unknown, min = 5, max = 1000): string {
  const text = typeof raw === 'string' ? cleanText(raw, { multiline: true, max }) : '';
  if ([...text].length < min) throw new BadRequestError(msg('error.reasonRequired', { min }), 'reason_required');
  return text;
}

export function checkVersion(version: unknown): number | undefined {
  if (version === undefined || version === null || version === '') return undefined;
  const v = typeof version === 'string' ? Number(version) : version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2_147_483_647) throw new BadRequestError(msg('error.version'), 'bad_version');
  return v;
}

/** Someone signed in as a person or an enterprise (staff do not apply). */
export function requireApplicant(p: Principal | undefined): Principal {
  if (!p) throw new UnauthorizedError(msg('error.signIn'));
  if (isStaff(p) || p.kind === 'staff') throw new BadRequestError(msg('error.applicantOnly'), 'applicant_only');
  return p;
}

export interface Departments {
  byId: ReadonlyMap<number, DepartmentName>;
  bySlug: ReadonlyMap<string, DepartmentName>;
}

/** What an operation answers, built after its transaction commits (reads then use the pool, not the held connection). */
export class Later<T> {
  constructor(readonly build: () => Promise<T>) {}
}

/** One change in progress. */
export interface Change {
  tx: Tx;
  /** the case as locked */
  row: repo.ApplicationRow;
  facts: ApplicationFacts;
  departments: readonly repo.DepartmentRow[];
  names: Departments;
  by: Principal;
  actor: Actor;
  now: Date;
  /** where `action` taken as `who` leads (the transition table), or a conflict saying why not */
  next(action: ApplicationAction, who: MachineActor): ApplicationStatus;
  /** write the row (version + 1) */
  save(changes: Partial<repo.NewApplicationRow>): Promise<repo.ApplicationRow>;
  event(kind: string, fields?: { note?: string | null; internal?: boolean; from?: string; to?: string }): Promise<void>;
  audit(action: string, after: Partial<repo.ApplicationRow>, note?: string): Promise<void>;
  tellApplicant(template: Template, vars: Record<string, string | number>): Promise<void>;
  tellStaff(departmentIds: number[], roles: StaffRole[], template: Template, vars: Record<string, string | number>): Promise<void>;
  /** the answer, built once the transaction has committed */
  later<T>(build: () => Promise<T>): Later<T>;
}

/** The history entry of a change. */
export const eventRow = (row: repo.ApplicationRow, kind: string, by: Principal | Actor, fields: { note?: string | null; internal?: boolean; from?: string; to?: string } = {}): repo.NewEventRow => ({
  applicationId: row.id,
  kind,
  actorId: 'userId' in by ? by.userId : null,
  actorName: by.name,
  departmentId: 'userId' in by ? by.departmentId : null,
  fromStatus: fields.from ?? null,
  toStatus: fields.to ?? null,
  note: fields.note ?? null,
  internal: fields.internal ?? false,
});

/** The audit entry of a change: status and deadline before and after. */
export const auditEntry = (action: string, before: repo.ApplicationRow, after: Partial<repo.ApplicationRow>, note?: string) => ({
  action,
  entity: 'application',
  entityId: before.no ?? `draft-${before.id}`,
  before: { status: before.status, dueAt: before.dueAt, version: before.version },
  after: { status: after.status ?? before.status, dueAt: after.dueAt === undefined ? before.dueAt : after.dueAt },
  note,
  departmentId: before.departmentId,
});

export async function tellStaff(ctx: ApplicationsContext, tx: Runner, departmentIds: number[], roles: StaffRole[], template: Template, vars: Record<string, string | number>) {
  if (!departmentIds.length) return;
  const staff = await ctx.accounts.contactsFor(tx, { departmentIds, roles });
  await ctx.notify.enqueueMany(
    tx,
    staff.map((s) => ({ template, vars, to: s.to, channels: s.channels })),
  );
}

/**
 * Run one action on a case: find and lock it, check the policy for `ability` and the version the
 * caller read (when given), then `apply` in the same transaction.
 */
export async function changeApplication<R>(
  ctx: ApplicationsContext,
  p: Principal | undefined,
  ref: CaseRef,
  ability: ApplicationAbility | ((facts: ApplicationFacts) => void),
  version: unknown,
  apply: (c: Change) => Promise<Later<R>>,
): Promise<R> {
  if (!p) throw notFound();
  const v = checkVersion(version);
  const names = await ctx.departments();
  // what other modules answer is read before the transaction: on the embedded database the
  // transaction holds the only connection, and their faces query outside it
  const seen = await findCase(ctx.db, ref, false);
  if (seen) await ctx.item(seen.itemId);
  const out = await ctx.db.transaction(async (tx) => {
    const row = await findCase(tx, ref, true);
    if (!row) throw notFound();
    const departments = await repo.departmentsOf(tx, row.id);
    const facts = factsOf(row, departments);
    if (typeof ability === 'function') ability(facts);
    else requireAbility(p, facts, ability);
    if (v !== undefined && v !== row.version) throw new ConflictError(msg('error.conflict'));
    const actor = actorOf(p);
    const now = ctx.clock.now();
    return apply({
      tx,
      row,
      facts,
      departments,
      names,
      by: p,
      actor,
      now,
      next(action, who) {
        const step = transition(row.status as ApplicationStatus, action, who, { acceptedAt: row.acceptedAt });
        if (!step.ok) throw new ConflictError(step.message);
        return step.to;
      },
      async save(changes) {
        const updated = await repo.updateApplication(tx, row.id, row.version, changes);
        if (!updated) throw new ConflictError(msg('error.conflict'));
        return updated;
      },
      event: (kind, fields) => repo.insertEvents(tx, [eventRow(row, kind, p, fields)]),
      audit: (action, after, note) => ctx.audit.record(tx, actor, [auditEntry(action, row, after, note)]),
      tellApplicant: async (template, vars) => {
        await ctx.accounts.notifyAccount(tx, row.applicantId, template, vars);
      },
      tellStaff: (ids, roles, template, vars) => tellStaff(ctx, tx, ids, roles, template, vars),
      later: (build) => new Later(build),
    });
  });
  return out.build();
}

/** The link into the back office for a case, for staff notices. */
export const staffLink = (ctx: ApplicationsContext, no: string | null) => `${ctx.publicUrl}/admin/applications/${no ?? ''}`;
/** A day in words: 2026年3月9日. */
export const dayOf = (ctx: ApplicationsContext, d: Date | null) => (d ? msg('clock.date', { y: Number(ctx.calendar.localDate(d).slice(0, 4)), m: Number(ctx.calendar.localDate(d).slice(5, 7)), d: Number(ctx.calendar.localDate(d).slice(8, 10)) }) : '');
