/**
 * Reading applications: the applicant's own (list, one case with its timeline, materials, 补正
 * notices, clock and result), the staff queue per department and role with filters, one case as
 * staff see it (materials, opinions with their authors, the whole history). Department isolation:
 * a case another department may not see is "not found", exactly as a case that does not exist.
 */
import type { Runner } from '../../../db/client.js';
import { ForbiddenError } from '../../../lib/errors.js';
import { can, isPortalWide, isStaff, type Principal } from '../../../lib/principal.js';
import type { ApplicationsContext } from '../context.js';
import { type AccountFacts, type Answers, prefillAnswers } from '../form-answers.js';
import type { FormDefinition } from '../form-notation.js';
import { statusFilter } from '../forms.js';
import { msg } from '../messages.js';
import { abilitiesOf, decide } from '../policy.js';
import {
  type ApplicantView,
  type ApplicationSummary,
  applicantViewOf,
  type CaseParts,
  materialOf,
  type MaterialView,
  type SlotView,
  slotsOf,
  type StaffView,
  staffViewOf,
  summaryOf,
} from '../present.js';
import * as repo from '../repo.js';
import { type Slot, slotsFor } from '../submission.js';
import { type CaseRef, factsOf, findCase, notFound, requireApplicant } from './case.js';
import { markOnFile } from './on-file.js';

const page = (q: { limit?: number; offset?: number }) => ({ limit: Math.min(100, Math.max(1, q.limit ?? 20)), offset: Math.max(0, q.offset ?? 0) });

async function itemNames(ctx: ApplicationsContext, ids: number[]) {
  const names = new Map<number, string>();
  for (const id of new Set(ids)) names.set(id, (await ctx.item(id))?.name ?? '');
  return names;
}

/** The slots of a case: from its item's guide and the form it uses. */
export async function caseSlots(ctx: ApplicationsContext, row: repo.ApplicationRow): Promise<Slot[]> {
  const item = await ctx.item(row.itemId);
  return item ? slotsFor(item, (row.form as FormDefinition | null) ?? null) : [];
}

async function partsOf(ctx: ApplicationsContext, db: Runner, row: repo.ApplicationRow, p: Principal, staff: boolean): Promise<CaseParts & { departments: repo.DepartmentRow[] }> {
  const [departments, materials, events, corrections, slots, names, item] = await Promise.all([
    repo.departmentsOf(db, row.id),
    repo.materialsOf(db, row.id),
    repo.eventsOf(db, row.id, staff),
    repo.correctionsOf(db, row.id),
    caseSlots(ctx, row),
    ctx.departments(),
    ctx.item(row.itemId),
  ]);
  return {
    row,
    itemName: item?.name ?? '',
    names: names.byId,
    slots,
    materials,
    events,
    corrections,
    abilities: abilitiesOf(p, factsOf(row, departments)),
    calendar: ctx.calendar,
    now: ctx.clock.now(),
    departments,
  };
}

/** The case as its applicant reads it (after an operation, or on their page). */
export async function applicantView(ctx: ApplicationsContext, db: Runner, row: repo.ApplicationRow, p: Principal): Promise<ApplicantView> {
  const view = applicantViewOf(await partsOf(ctx, db, row, p, false));
  // 免证办: a draft shows the materials a certificate of the applicant stands for
  return row.status === 'draft' ? { ...view, slots: await markOnFile(ctx, row, row.itemId, view.slots) } : view;
}

/** The case as staff read it. */
export async function staffView(ctx: ApplicationsContext, db: Runner, row: repo.ApplicationRow, p: Principal): Promise<StaffView> {
  const parts = await partsOf(ctx, db, row, p, true);
  const opinions = await repo.opinionsOf(db, row.id);
  const people = await ctx.accounts.userNames([row.applicantId, ...opinions.map((o) => o.userId)]);
  const names = await ctx.departments();
  return staffViewOf({ ...parts, opinions, people, bySlug: new Map([...names.bySlug].map(([slug, d]) => [slug, { id: d.id, name: d.name }])) });
}

/** The person's own applications (theirs and their enterprise's), newest first. */
export async function myApplications(ctx: ApplicationsContext, p: Principal | undefined, q: { status?: string; limit?: number; offset?: number }): Promise<{ total: number; applications: ApplicationSummary[] }> {
  const me = requireApplicant(p);
  const { rows, total } = await repo.listMine(ctx.db, { userId: me.userId, enterpriseId: me.enterpriseId }, { status: statusFilter(q.status), ...page(q) });
  const [items, names] = await Promise.all([itemNames(ctx, rows.map((r) => r.itemId)), ctx.departments()]);
  const now = ctx.clock.now();
  return { total, applications: rows.map((r) => summaryOf(r, items.get(r.itemId) ?? '', names.byId, now)) };
}

/** One of the person's applications (a draft by id, a case by its 受理编号). */
export async function myApplication(ctx: ApplicationsContext, p: Principal | undefined, ref: CaseRef): Promise<ApplicantView> {
  const me = requireApplicant(p);
  const row = await findCase(ctx.db, ref, false);
  if (!row) throw notFound();
  const departments = await repo.departmentsOf(ctx.db, row.id);
  if (decide(me, factsOf(row, departments), 'read') || isStaff(me)) throw notFound();
  return applicantView(ctx, ctx.db, row, me);
}

/** What a new application's form starts with: the item's published form, its slots, the answers filled in from the account. */
export async function newApplicationForm(ctx: ApplicationsContext, p: Principal | undefined, itemId: number): Promise<{ itemId: number; itemName: string; version: number; form: FormDefinition; slots: SlotView[]; answers: Answers }> {
  const me = requireApplicant(p);
  const item = await ctx.item(itemId);
  if (!item) throw notFound();
  const def = ctx.definitions ? await ctx.definitions.definitionOf(itemId) : null;
  if (!def) throw new ForbiddenError(msg('error.notOnline'), 'not_online');
  const slots = await markOnFile(ctx, { applicantId: me.userId, enterpriseId: me.kind === 'enterprise' ? me.enterpriseId : null }, itemId, slotsOf(slotsFor(item, def.form), []));
  return { itemId, itemName: item.name, version: def.version, form: def.form, slots, answers: await prefillOf(ctx, me, def.form) };
}

/** Answers filled in from the account: name, phone, enterprise (the ID number is kept masked, so never). */
export async function prefillOf(ctx: ApplicationsContext, p: Principal, form: FormDefinition): Promise<Answers> {
  const account = await ctx.accounts.account(p.userId).catch(() => undefined);
  const facts: AccountFacts = {
    name: account?.displayName ?? p.name,
    phone: await ctx.accounts.verifiedPhone(p.userId).catch(() => null),
    enterprise: account?.enterprise ? { name: account.enterprise.name, creditCode: account.enterprise.creditCode } : null,
  };
  return prefillAnswers(form, facts);
}

/** Materials the person may reuse in a new case (材料复用), with the case they come from. */
export async function reusableMaterials(ctx: ApplicationsContext, p: Principal | undefined): Promise<(MaterialView & { fromNo: string | null; itemId: number })[]> {
  const me = requireApplicant(p);
  const rows = await repo.reusableMaterials(ctx.db, { userId: me.userId, enterpriseId: me.enterpriseId });
  return rows.map((r) => ({ ...materialOf(r.material), fromNo: r.no, itemId: r.itemId }));
}

export interface StaffQueueQuery {
  status?: string;
  item?: number;
  due?: 'soon' | 'overdue';
  pending?: boolean;
  /** 秒批 decisions drawn for 复核, not yet reviewed */
  review?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * A staff queue: the department's cases (its items, its route stages, 加签); a 综合窗口 clerk also
 * every submitted case of every item; portal-wide roles every case. Due soon: within a working day.
 */
export async function staffQueue(ctx: ApplicationsContext, p: Principal | undefined, q: StaffQueueQuery): Promise<{ total: number; applications: ApplicationSummary[] }> {
  if (!isStaff(p) || !(can(p, 'applications.view') || can(p, 'applications.accept'))) throw new ForbiddenError(msg('policy.forbidden'));
  const now = ctx.clock.now();
  const portal = isPortalWide(p);
  const { rows, total } = await repo.queue(ctx.db, {
    departmentId: portal ? undefined : (p.departmentId ?? -1),
    window: can(p, 'applications.accept'),
    pending: q.pending,
    status: statusFilter(q.status),
    itemId: q.item,
    dueBefore: q.due === 'soon' ? ctx.calendar.addWorkingDays(now, 1) : undefined,
    overdueAt: q.due === 'overdue' ? now : undefined,
    reviewPending: q.review === true,
    ...page(q),
  });
  const [items, names] = await Promise.all([itemNames(ctx, rows.map((r) => r.itemId)), ctx.departments()]);
  return { total, applications: rows.map((r) => summaryOf(r, items.get(r.itemId) ?? '', names.byId, now)) };
}

/** One case as staff see it; another department's case is "not found". */
export async function staffCase(ctx: ApplicationsContext, p: Principal | undefined, ref: CaseRef): Promise<StaffView> {
  if (!isStaff(p)) throw notFound();
  const row = await findCase(ctx.db, ref, false);
  if (!row) throw notFound();
  const departments = await repo.departmentsOf(ctx.db, row.id);
  if (decide(p, factsOf(row, departments), 'read')) throw notFound();
  return staffView(ctx, ctx.db, row, p);
}

/** A material's bytes, for whoever may read the case. */
export async function materialFile(ctx: ApplicationsContext, p: Principal | undefined, ref: CaseRef, materialId: number) {
  const row = p ? await findCase(ctx.db, ref, false) : undefined;
  if (!row || !p) throw notFound();
  const departments = await repo.departmentsOf(ctx.db, row.id);
  if (decide(p, factsOf(row, departments), 'read')) throw notFound();
  const m = await repo.findMaterial(ctx.db, materialId);
  if (!m || m.applicationId !== row.id || m.source === 'fetched' || m.source === 'certificate') throw notFound();
  const stored = await ctx.files.open(m.sha256);
  if (!stored) throw notFound();
  return { filename: m.filename, contentType: m.contentType, size: stored.size, body: stored.stream };
}
