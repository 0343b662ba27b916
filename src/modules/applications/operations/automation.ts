/**
 * The automation rules of an item (automation/, published with its definition) wired into the
 * flow:
 * - 秒批: at submission, the item's instant rule is checked against what the portal holds of the
 *   applicant (the ID number the account proved, the enterprise's 营业执照 the portal issued, the
 *   certificates the portal issued, the form's answers). All met: 准予 in the same transaction,
 *   with the certificate and the rating a conclusion gives; a failed `deny` condition: 不予;
 *   anything else: the case goes the normal way, the reason in its history. One automatic
 *   decision in the rule's `sample.oneIn` (by case number, automation/instant.ts) is marked for
 *   复核 by a reviewer of the item's department.
 * - 免证办: a guide material a certificate the portal issued satisfies is filed as that
 *   certificate (source 'certificate'), no upload asked.
 * Reads of other modules (accounts, certificates) happen before the transaction (PGlite has one
 * connection); the decision itself inside it.
 */
import type { Tx } from '../../../db/client.js';
import { BadRequestError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { normalizeIdNumber } from '../../../lib/identity.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import { decideInstantly, type EnterpriseFacts } from '../automation/index.js';
import { heldCertificate } from '../automation/facts.js';
import type { ApplicationsContext, ItemFacts } from '../context.js';
import type { HeldCertificate, ItemDefinition } from '../faces.js';
import type { FormDefinition } from '../form-notation.js';
import { transition } from '../machine.js';
import { msg } from '../messages.js';
import type { StaffView } from '../present.js';
import * as repo from '../repo.js';
import { afterGrant } from './after-grant.js';
import { auditEntry, type CaseRef, changeApplication, eventRow, SYSTEM } from './case.js';
import { grantEffects } from './conclusion.js';
import { automationOfDef, heldBy } from './on-file.js';
import { staffView } from './reads.js';

/** The title of the certificate that stands for an enterprise's registration (存续 while valid). */
export const LICENCE = '营业执照';

/** What the portal holds of an applicant, read before the transaction. */
export interface PortalFacts {
  held: HeldCertificate[];
  enterprise: EnterpriseFacts | null;
  /** the ID number given in the answers, when it is the one the account proved (实名认证) */
  verifiedId: string | null;
}

const idField = (form: FormDefinition | null) => form?.fields.find((f) => f.type === 'idNumber')?.key;

/**
 * What the portal holds of the applicant of a case: their certificates; the enterprise with the
 * status the portal can vouch for (存续 while the 营业执照 it issued is valid, established the day
 * it was issued); the ID number of the answers only if the account proved that very number.
 */
export async function portalFacts(ctx: ApplicationsContext, who: { applicantId: number; enterpriseId: number | null }, answers: Record<string, unknown>, form: FormDefinition | null): Promise<PortalFacts> {
  const held = await heldBy(ctx, who);
  const today = ctx.calendar.localDate(ctx.clock.now());
  let enterprise: EnterpriseFacts | null = null;
  if (who.enterpriseId !== null) {
    const account = await ctx.accounts.account(who.applicantId).catch(() => undefined);
    if (account?.enterprise) {
      const licence = heldCertificate(held, LICENCE, today);
      enterprise = { name: account.enterprise.name, creditCode: account.enterprise.creditCode, ...(licence ? { status: '存续', establishedOn: licence.issuedAt.slice(0, 10) } : {}) };
    }
  }
  const key = idField(form);
  const raw = key ? answers[key] : undefined;
  const id = typeof raw === 'string' ? (normalizeIdNumber(raw) ?? null) : null;
  const verifiedId = id && ctx.accounts.idNumberMatches && (await ctx.accounts.idNumberMatches(who.applicantId, id).catch(() => false)) ? id : null;
  return { held, enterprise, verifiedId };
}

// ---- 秒批 --------------------------------------------------------------------------------------

export interface InstantOutcome {
  row: repo.ApplicationRow;
  /** concluded automatically (准予 or 不予): the caller fires what follows a conclusion after the commit */
  concluded: boolean;
}

/**
 * Decide a just-submitted case by its item's 秒批 rule, inside the submission's transaction. No
 * rule: nothing happens. Otherwise the decision and its explanation are kept on the case and in
 * its history; 准予 and 不予 conclude it at once (certificate, rating, notice), anything else
 * leaves it submitted for the window, the reason noted.
 */
export async function decideAtSubmission(
  ctx: ApplicationsContext,
  tx: Tx,
  row: repo.ApplicationRow,
  input: { def: ItemDefinition; item: ItemFacts; facts: PortalFacts | null; holderName: string; departmentName: string; now: Date },
): Promise<InstantOutcome> {
  const rule = automationOfDef(input.def)?.instant;
  if (!rule || !input.facts || row.status !== 'submitted' || !row.no) return { row, concluded: false };
  const answers = row.answers ?? {};
  const key = idField(row.form as FormDefinition | null);
  const given = key && typeof answers[key] === 'string' ? normalizeIdNumber(answers[key] as string) : undefined;
  const facts = {
    idNumber: given && given === input.facts.verifiedId ? given : null,
    enterprise: input.facts.enterprise,
    certificates: input.facts.held,
    answers,
  };
  const d = decideInstantly(rule, facts, { date: ctx.calendar.localDate(input.now), caseNo: row.no });
  const record = { decision: d.decision, explanation: d.explanation, basis: rule.basis, checks: d.checks.map((c) => ({ label: c.label, ok: c.ok, explanation: c.explanation })) };
  const eventNote = d.explanation;
  if (d.decision === 'manual') {
    const saved = (await repo.updateApplication(tx, row.id, row.version, { instantDecision: record })) ?? row;
    await repo.insertEvents(tx, [eventRow(saved, 'instant', SYSTEM, { note: eventNote })]);
    return { row: saved, concluded: false };
  }
  const step = transition('submitted', d.decision === 'approve' ? 'grant' : 'deny', 'system', { acceptedAt: null });
  if (!step.ok) return { row, concluded: false };
  const to = step.to;
  const reason = d.explanation.split('\n')[0] as string;
  let saved = (await repo.updateApplication(tx, row.id, row.version, {
    status: to,
    acceptedAt: input.now,
    concludedAt: input.now,
    promisedDays: 0,
    reason,
    instantDecision: record,
    reviewSample: d.sampled,
  })) as repo.ApplicationRow;
  await repo.insertEvents(tx, [eventRow(saved, 'instant', SYSTEM, { note: eventNote })]);
  // the item's department owns the decided case (its queue, its 复核); the materials count as accepted (材料复用)
  await repo.setDepartments(tx, saved.id, [{ departmentId: saved.departmentId, role: 'lead', pending: false }]);
  await repo.acceptMaterials(tx, saved.id);
  saved = await grantEffects(ctx, tx, saved, { item: input.item, holderName: input.holderName, departmentName: input.departmentName, now: input.now, validUntil: null, event: (kind, note) => repo.insertEvents(tx, [eventRow(saved, kind, SYSTEM, { note })]) });
  await repo.insertEvents(tx, [eventRow(saved, d.decision === 'approve' ? 'grant' : 'deny', SYSTEM, { from: 'submitted', to, note: reason })]);
  await ctx.audit.record(tx, SYSTEM, [auditEntry(`application.instant.${d.decision}`, row, saved, reason)]);
  await ctx.accounts.notifyAccount(tx, saved.applicantId, 'application-concluded', {
    no: saved.no as string,
    item: input.item.name,
    decision: msg(`status.${to}`),
    reason: to === 'denied' ? `${msg('conclusion.reasonLabel')}${reason}` : '',
  });
  return { row: saved, concluded: true };
}

/** What follows a conclusion, after the commit: the reminders of the item (一件事), never undoing it. */
export async function afterConclusion(ctx: ApplicationsContext, row: repo.ApplicationRow, implCode: string): Promise<void> {
  if (row.status === 'approved' && ctx.journeys && implCode) await ctx.journeys.applicationConcluded(row.applicantId, implCode).catch(() => undefined);
  // 一件事一次办: the parts of its bundle that waited for this one open
  if (row.status === 'approved' && row.bundleNo) await afterGrant(ctx, row);
}

// ---- 复核 (抽查 of automatic decisions) ----------------------------------------------------------

/**
 * A reviewer of the item's department reviews a sampled automatic decision: confirms it, or
 * flags it with a note (the department then acts by its own procedures: 撤销, 更正).
 */
export async function reviewSample(ctx: ApplicationsContext, p: Principal | undefined, input: { id: CaseRef; result: unknown; note?: unknown; version?: number }): Promise<StaffView> {
  if (input.result !== 'confirmed' && input.result !== 'flagged') throw new BadRequestError(t('auto.review.badResult'), 'bad_review_result');
  const note = typeof input.note === 'string' ? cleanText(input.note, { multiline: true, max: 1000 }) : '';
  if (input.result === 'flagged' && [...note].length < 5) throw new BadRequestError(t('auto.review.noteRequired'), 'review_note_required');
  return changeApplication(ctx, p, input.id, 'reviewSample', input.version, async (c) => {
    if (!c.row.reviewSample || !c.row.instantDecision) throw new BadRequestError(t('auto.review.notSampled'), 'not_sampled');
    if (c.row.reviewedAt) throw new BadRequestError(t('auto.review.already'), 'already_reviewed');
    const row = await c.save({ reviewedAt: c.now, reviewedBy: c.by.userId, reviewResult: input.result as 'confirmed' | 'flagged', reviewNote: note || null });
    await c.event('sampleReview', { note: `${t(`auto.review.${input.result as 'confirmed' | 'flagged'}`)}${note ? `：${note}` : ''}`, internal: true });
    await c.audit(`application.review.${input.result as string}`, row, note || undefined);
    return c.later(() => staffView(ctx, ctx.db, row, c.by));
  });
}
