/**
 * Applying: a draft saved and resumed on any device (its answers filled in from the account
 * first), submitted against the item's published form with its materials complete (uploaded,
 * reused, or 免提交) and given a 受理编号; withdrawn before acceptance. `applyOnline` does it all
 * in one call for the API (Idempotency-Key: the same key gives the same case back).
 */
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import type { ApplicationsContext, ItemFacts } from '../context.js';
import type { ItemDefinition } from '../faces.js';
import type { AnswerProblem } from '../form-answers.js';
import type { FormDefinition } from '../form-notation.js';
import { type ApplyInput, checkDeliveryChoice, type DraftInput, readDelivery } from '../forms.js';
import { msg } from '../messages.js';
import { type ApplicantView, type Receipt, receiptOf } from '../present.js';
import * as repo from '../repo.js';
import { checkSubmission, checkUploads, type UploadInput } from '../submission.js';
import { actorOf, auditEntry, type CaseRef, changeApplication, eventRow, findCase, formatNo, newQueryCode, reasonOf, requireApplicant } from './case.js';
import { afterConclusion, decideAtSubmission, type InstantOutcome, portalFacts } from './automation.js';
import { automationOfDef, certificateRows, fileCertificates, onFileFor } from './on-file.js';
import { groupCommit } from './intake-writer.js';
import { keepUploads, reuseRows } from './materials.js';
import { assertPartReady } from './bundle-order.js';
import { applicantView, caseSlots, prefillOf } from './reads.js';

/** a draft's answers, as JSON, at most this long */
const DRAFT_MAX_CHARS = 200_000;

async function onlineItem(ctx: ApplicationsContext, itemId: unknown): Promise<{ item: ItemFacts; def: ItemDefinition }> {
  const item = typeof itemId === 'number' ? await ctx.item(itemId) : undefined;
  if (!item) throw new NotFoundError(msg('error.itemNotFound'));
  const def = ctx.definitions ? await ctx.definitions.definitionOf(item.id) : null;
  if (!def) throw new ForbiddenError(msg('error.notOnline'), 'not_online');
  return { item, def };
}

/** A draft keeps what was typed, field by field of the form; a field the form does not have is refused at once. */
function draftAnswers(form: FormDefinition, raw: unknown): Record<string, unknown> {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError(msg('error.invalid'), [{ where: '', field: '', message: msg('form.answer.notObject') }]);
  const known = new Set(form.fields.filter((f) => f.type !== 'file').map((f) => f.key));
  const unknown = Object.keys(raw).filter((k) => !known.has(k) && !form.fields.some((f) => f.key === k));
  if (unknown.length) throw new ValidationError(msg('error.invalid'), unknown.map((key) => ({ where: '', field: key, message: msg('form.answer.unknownField', { key: key.slice(0, 40) }) })));
  const kept = Object.fromEntries(Object.entries(raw).filter(([k]) => known.has(k)));
  if (JSON.stringify(kept).length > DRAFT_MAX_CHARS) throw new BadRequestError(msg('error.invalid'), 'too_large');
  return kept;
}

/** Start or change a draft; a new one starts from the account's facts. */
export async function saveDraft(ctx: ApplicationsContext, principal: Principal | undefined, input: DraftInput & { id?: number }): Promise<ApplicantView> {
  const p = requireApplicant(principal);
  const delivery = readDelivery(input.delivery);
  if (input.id === undefined) {
    const { item, def } = await onlineItem(ctx, input.itemId);
    const answers = { ...(await prefillOf(ctx, p, def.form)), ...draftAnswers(def.form, input.answers) };
    const created = await ctx.db.transaction(async (tx) => {
      const row = (await repo.insertApplication(tx, {
        itemId: item.id,
        departmentId: item.departmentId,
        applicantId: p.userId,
        enterpriseId: p.kind === 'enterprise' ? p.enterpriseId : null,
        status: 'draft',
        form: def.form,
        route: def.route,
        definitionVersion: def.version,
        answers,
        delivery: delivery ?? null,
      })) as repo.ApplicationRow;
      await repo.insertEvents(tx, [eventRow(row, 'created', p)]);
      await ctx.audit.record(tx, actorOf(p), [auditEntry('application.draft', row, {})]);
      return row;
    });
    return applicantView(ctx, ctx.db, created, p);
  }
  return changeApplication(ctx, p, input.id, 'edit', input.version, async (c) => {
    const form = c.row.form as FormDefinition;
    const row = await c.save({
      ...(input.answers !== undefined ? { answers: draftAnswers(form, input.answers) } : {}),
      ...(delivery ? { delivery } : {}),
    });
    return c.later(() => applicantView(ctx, ctx.db, row, p));
  });
}

/** The number and query code a submission gets, and the day it counts from. */
async function numberFor(ctx: ApplicationsContext, now: Date, tx: Parameters<typeof repo.nextNumber>[0]) {
  return { no: formatNo(ctx.calendar.localDate(now), await repo.nextNumber(tx)), queryCode: newQueryCode() };
}

/**
 * Submit a draft: the answers against the item's published form (the newest; a draft started on
 * an older version is read against the new one), the materials complete, a 受理编号 given.
 */
export async function submitApplication(ctx: ApplicationsContext, principal: Principal | undefined, input: { id: CaseRef; version?: number }): Promise<ApplicantView> {
  const p = requireApplicant(principal);
  const found = await (typeof input.id === 'number' ? repo.findById(ctx.db, input.id) : undefined);
  const def = found && ctx.definitions ? await ctx.definitions.definitionOf(found.itemId) : null;
  // 秒批 and 免证办 read what the portal holds of the applicant before the transaction
  const auto = found && def?.itemId === found.itemId ? automationOfDef(def) : null;
  const facts = auto && (auto.instant || auto.exemptions) && found ? await portalFacts(ctx, found, found.answers, def?.form ?? null) : null;
  const holder = auto?.instant && found ? ((await ctx.accounts.userNames([found.applicantId])).get(found.applicantId) ?? '') : '';
  let decided: InstantOutcome | undefined;
  const view = await changeApplication(ctx, p, input.id, 'submit', input.version, async (c) => {
    if (!def || def.itemId !== c.row.itemId) throw new ForbiddenError(msg('error.notOnline'), 'not_online');
    await assertPartReady(c.tx, c.row); // 一件事一次办: a waiting part opens after its predecessors
    const materials = await repo.materialsOf(c.tx, c.row.id);
    const item = await ctx.item(c.row.itemId);
    if (!item) throw new NotFoundError(msg('error.itemNotFound'));
    const slots = (await caseSlots(ctx, { ...c.row, form: def.form })).filter(Boolean);
    const filed = facts ? await fileCertificates(c.tx, c.row.id, slots, onFileFor(ctx, def, facts.held), materials) : materials;
    const { answers, problems } = checkSubmission(def.form, slots, c.row.answers, filed, ctx.calendar.localDate(c.now));
    if (problems.length) throw new ValidationError(msg('error.invalid'), problems);
    const to = c.next('submit', 'applicant');
    const numbers = await numberFor(ctx, c.now, c.tx);
    const row = await c.save({
      ...numbers,
      status: to,
      answers,
      form: def.form,
      route: def.route,
      definitionVersion: def.version,
      submittedAt: c.now,
      delivery: c.row.delivery ?? { method: 'window' },
    });
    await c.event('submit', { from: c.row.status, to });
    await ctx.audit.record(c.tx, c.actor, [auditEntry('application.submit', { ...c.row, no: row.no }, row)]);
    await c.tellApplicant('application-submitted', { no: row.no as string, item: item.name });
    decided = await decideAtSubmission(ctx, c.tx, row, { def, item, facts, holderName: holder, departmentName: c.names.byId.get(row.departmentId)?.name ?? '', now: c.now });
    const after = decided.row;
    return c.later(() => applicantView(ctx, ctx.db, after, p));
  });
  if (decided?.concluded && def) await afterConclusion(ctx, decided.row, (await ctx.item(decided.row.itemId))?.implCode ?? '');
  return view;
}

/** Withdraw before acceptance (a submitted case, or one in the window's 补正). */
export async function withdrawApplication(ctx: ApplicationsContext, principal: Principal | undefined, input: { id: CaseRef; reason?: string; version?: number }): Promise<ApplicantView> {
  const p = requireApplicant(principal);
  const reason = input.reason?.trim() ? reasonOf(input.reason, 2) : null;
  return changeApplication(ctx, p, input.id, 'withdraw', input.version, async (c) => {
    const to = c.next('withdraw', 'applicant');
    const row = await c.save({ status: to, reason, concludedAt: c.now });
    await c.event('withdraw', { from: c.row.status, to, note: reason });
    await c.audit('application.withdraw', row, reason ?? undefined);
    return c.later(() => applicantView(ctx, ctx.db, row, p));
  });
}

/**
 * Change how the result reaches the applicant: before the case concludes, and after a decision
 * (准予 or 不予) until it is sent — a window pick-up at one of the item's halls, or post.
 */
export async function chooseDelivery(ctx: ApplicationsContext, principal: Principal | undefined, input: { id: CaseRef; delivery: unknown; version?: number }): Promise<ApplicantView> {
  const p = requireApplicant(principal);
  // the item's halls are read before the transaction (the catalogue's face queries)
  const found = await findCase(ctx.db, input.id, false);
  const item = found ? await ctx.item(found.itemId) : undefined;
  const { delivery, problems } = checkDeliveryChoice(input.delivery, item?.halls ?? []);
  return changeApplication(
    ctx,
    p,
    input.id,
    (facts) => {
      if (facts.applicantId !== p.userId && !(facts.enterpriseId !== null && facts.enterpriseId === p.enterpriseId)) throw new NotFoundError(msg('error.notFound'));
      // nothing to deliver: not accepted at the window, or withdrawn
      if (['refused', 'withdrawn'].includes(facts.status)) throw new ConflictError(msg('machine.notAllowed', { status: msg(`status.${facts.status}`), action: msg('action.edit') }));
    },
    input.version,
    async (c) => {
      // refused input after the reach and the status: an outsider learns nothing from the checks
      if (!delivery || problems.length) throw new ValidationError(msg('error.delivery'), problems);
      const row = await c.save({ delivery });
      await c.event('delivery', { note: msg(`delivery.${delivery.method}`), internal: false });
      await c.audit('application.delivery', row);
      return c.later(() => applicantView(ctx, ctx.db, row, p));
    },
  );
}

export interface ApplyHow {
  /** uploads by slot key */
  files?: Record<string, UploadInput[]>;
  idempotencyKey?: string;
}

/** A repeat of a key gives the same case back; the key with another item is a conflict. */
function replayOf(existing: repo.ApplicationRow, input: ApplyInput): Receipt & { created: false } {
  if (existing.itemId !== input.itemId || !existing.no) throw new AppError(422, 'idempotency_key_reused', msg('error.idempotencyMismatch'));
  return { ...receiptOf(existing), created: false };
}

/**
 * Apply in one call (the API): answers, uploads (checked by content before anything is written),
 * reused materials; then one transaction writes the submitted case, its materials, history,
 * audit and notice. The same Idempotency-Key from the same person gives the same case back.
 */
export async function applyOnline(ctx: ApplicationsContext, principal: Principal | undefined, input: ApplyInput, how: ApplyHow = {}): Promise<Receipt & { created: boolean }> {
  const p = requireApplicant(principal);
  const given = how.idempotencyKey?.trim() || undefined;
  if (given && (given.length > 200 || !/^[\x21-\x7e]+$/.test(given))) throw new BadRequestError(msg('error.idempotencyKey'), 'bad_idempotency_key');
  const key = given && `user:${p.userId}:${given}`;
  if (key) {
    const existing = await repo.findByIdempotencyKey(ctx.db, key);
    if (existing) return replayOf(existing, input);
  }
  const delivery = readDelivery(input.delivery) ?? { method: 'window' as const };
  const { item, def } = await onlineItem(ctx, input.itemId);
  const slots = (await caseSlots(ctx, { itemId: item.id, form: def.form } as repo.ApplicationRow));
  // 秒批 and 免证办: what the portal holds of the applicant, read before the transaction
  const auto = automationOfDef(def);
  const who = { applicantId: p.userId, enterpriseId: p.kind === 'enterprise' ? p.enterpriseId : null };
  const typed = input.answers && typeof input.answers === 'object' && !Array.isArray(input.answers) ? (input.answers as Record<string, unknown>) : {};
  const facts = auto && (auto.instant || auto.exemptions) ? await portalFacts(ctx, who, typed, def.form) : null;
  const holder = auto?.instant ? ((await ctx.accounts.userNames([p.userId])).get(p.userId) ?? p.name) : '';
  const departmentName = auto?.instant ? ((await ctx.departments()).byId.get(item.departmentId)?.name ?? '') : '';
  const problems: AnswerProblem[] = [];
  const uploads: { slot: string; files: ReturnType<typeof checkUploads>['uploads'] }[] = [];
  const reused = await reuseRows(ctx.db, p, slots, input.reuse ?? [], problems);
  for (const [slotKey, files] of Object.entries(how.files ?? {})) {
    const slot = slots.find((s) => s.key === slotKey);
    if (!slot) {
      problems.push({ where: '', field: slotKey, path: slotKey, message: msg('error.slot', { slot: slotKey.slice(0, 60) }) });
      continue;
    }
    const checked = checkUploads(slot, files, reused.filter((r) => r.slot === slotKey).length);
    problems.push(...checked.problems);
    uploads.push({ slot: slotKey, files: checked.uploads });
  }
  // the materials as they will be, to check the answers and the slots together
  const now = ctx.clock.now();
  let fake = 0;
  const planned = [
    ...reused.map((r) => ({ ...r, id: --fake, applicationId: 0, createdAt: now }) as repo.MaterialRow),
    ...uploads.flatMap((u) =>
      u.files.map((f) => ({ id: --fake, applicationId: 0, slot: u.slot, filename: f.filename, contentType: f.contentType, size: f.size, sha256: '', source: 'upload', reusedFromId: null, status: 'submitted', createdAt: now }) as repo.MaterialRow),
    ),
  ];
  // 免证办: a slot with nothing uploaded that a certificate the portal issued stands for
  const certificates = facts ? certificateRows(0, slots, onFileFor(ctx, def, facts.held), planned) : [];
  planned.push(...certificates.map((r) => ({ ...r, id: --fake, reusedFromId: null, createdAt: now }) as repo.MaterialRow));
  for (const m of planned) m.id = Math.abs(m.id);
  const read = checkSubmission(def.form, slots, input.answers, planned, ctx.calendar.localDate(now));
  problems.push(...read.problems);
  if (problems.length) throw new ValidationError(msg('error.invalid'), problems);

  // the files are kept (durably, all at once) before the case that names them is committed, and
  // the number and the materials' ids are taken before the transaction: the answers name the
  // materials by id, so the case is written whole in one INSERT and holds a connection briefly
  const [kept, reserved] = await Promise.all([keepUploads(ctx, uploads), repo.reserveNumbers(ctx.db, reused.length + uploads.reduce((n, u) => n + u.files.length, 0) + certificates.length)]);
  const materialRows = [...reused, ...kept, ...certificates].map((r, i) => ({ ...r, id: reserved.materialIds[i] as number }));
  const answers = { ...read.answers };
  for (const field of def.form.fields) {
    if (field.type !== 'file') continue;
    const files = materialRows.filter((m) => m.slot === field.key).map((m) => ({ id: String(m.id), name: m.filename, contentType: m.contentType, size: m.size }));
    if (files.length) answers[field.key] = files;
  }
  let concluded = false;
  // group commit: written together with the submissions arriving meanwhile, in a savepoint of its own
  const result = await groupCommit(ctx.database, async (tx) => {
    const saved = await repo.insertApplication(tx, {
      no: formatNo(ctx.calendar.localDate(now), reserved.no),
      queryCode: newQueryCode(),
      itemId: item.id,
      departmentId: item.departmentId,
      applicantId: p.userId,
      enterpriseId: p.kind === 'enterprise' ? p.enterpriseId : null,
      status: 'submitted',
      form: def.form,
      route: def.route,
      definitionVersion: def.version,
      answers,
      delivery,
      submittedAt: now,
      idempotencyKey: key ?? null,
    });
    if (!saved) return undefined; // the same key, committed by a request racing this one
    await repo.insertMaterials(tx, materialRows.map((r) => ({ ...r, applicationId: saved.id })));
    await repo.insertEvents(tx, [eventRow(saved, 'submit', p, { from: 'draft', to: 'submitted' })]);
    await ctx.audit.record(tx, actorOf(p), [auditEntry('application.submit', saved, saved)]);
    await ctx.accounts.notifyAccount(tx, p.userId, 'application-submitted', { no: saved.no as string, item: item.name });
    const decided = await decideAtSubmission(ctx, tx, saved, { def, item, facts, holderName: holder, departmentName, now });
    concluded = decided.concluded;
    return decided.row;
  });
  if (result && concluded) await afterConclusion(ctx, result, item.implCode);
  if (!result) {
    const existing = key ? await repo.findByIdempotencyKey(ctx.db, key) : undefined;
    if (existing) return replayOf(existing, input);
    throw new ConflictError(msg('error.conflict'));
  }
  return { ...receiptOf(result), created: true };
}
