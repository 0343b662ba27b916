/**
 * 补正: one notice listing everything to correct (一次性告知), at most once per case unless the
 * reviewer justifies a second. Before acceptance it is the window's (the clock has not started);
 * during review it pauses the clock until the applicant resubmits — only a case in 补正 can be
 * resubmitted — and the deadline moves by the working days it was paused.
 */
import { BadRequestError, ConflictError, ValidationError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import type { RouteDefinition } from '../approval.js';
import { readClock } from '../clock.js';
import type { ApplicationsContext } from '../context.js';
import type { FormDefinition } from '../form-notation.js';
import type { CorrectionInput } from '../forms.js';
import { correctionRefusal } from '../machine.js';
import { msg } from '../messages.js';
import type { ApplicantView, StaffView } from '../present.js';
import * as repo from '../repo.js';
import { checkSubmission } from '../submission.js';
import { type CaseRef, changeApplication, dayOf, requireApplicant, staffLink } from './case.js';
import { applicantView, caseSlots, staffView } from './reads.js';

function correctionItems(input: CorrectionInput) {
  const items = (Array.isArray(input.items) ? input.items : []).map((i) => ({
    ...(i.field ? { field: cleanText(i.field, { max: 120 }) } : {}),
    ...(i.material ? { material: cleanText(i.material, { max: 120 }) } : {}),
    what: cleanText(i.what ?? '', { multiline: true, max: 500 }),
  }));
  if (!items.length || items.length > 30 || items.some((i) => [...i.what].length < 2)) throw new BadRequestError(msg('error.correctionItems'), 'bad_correction');
  return items;
}

/** Ask the applicant to correct: the window before acceptance, a reviewer of the current stage during review. */
export async function requestCorrection(ctx: ApplicationsContext, p: Principal | undefined, input: CorrectionInput & { id: CaseRef }): Promise<StaffView> {
  return changeApplication(ctx, p, input.id, 'requestCorrection', input.version, async (c) => {
    // the list is read once the case is found and the policy allowed it: another department's case is "not found", whatever was sent
    const items = correctionItems(input);
    const justification = input.justification?.trim() ? cleanText(input.justification, { multiline: true, max: 1000 }) : undefined;
    const refusal = correctionRefusal(c.row.correctionCount, justification);
    if (refusal) throw new ConflictError(refusal);
    const pauses = c.row.acceptedAt !== null;
    const to = c.next('requestCorrection', pauses ? 'reviewer' : 'window');
    await repo.insertCorrection(c.tx, { applicationId: c.row.id, requestedAt: c.now, requestedBy: c.by.userId, departmentId: c.by.departmentId, items, justification: justification ?? null, pausesClock: pauses });
    const row = await c.save({ status: to, correctionCount: c.row.correctionCount + 1, ...(pauses ? { dueAt: null } : {}) });
    const list = items.map((i, n) => `${n + 1}. ${i.field || i.material ? `${i.field ?? i.material}：` : ''}${i.what}`).join('；');
    await c.event('requestCorrection', { from: c.row.status, to, note: justification ? `${list}（${justification}）` : list });
    await c.audit('application.correction', row, justification);
    await c.tellApplicant('application-correction', { no: row.no as string, item: (await ctx.item(row.itemId))?.name ?? '', items: list });
    return c.later(() => staffView(ctx, ctx.db, row, c.by));
  });
}

/** The applicant resubmits (only a case in 补正): answers and materials checked again, the clock resumes. */
export async function resubmitCorrection(ctx: ApplicationsContext, principal: Principal | undefined, input: { id: CaseRef; answers?: unknown; version?: number }): Promise<ApplicantView> {
  const p = requireApplicant(principal);
  return changeApplication(ctx, p, input.id, 'resubmit', input.version, async (c) => {
    const form = c.row.form as FormDefinition;
    const materials = await repo.materialsOf(c.tx, c.row.id);
    const slots = await caseSlots(ctx, c.row);
    const raw = input.answers === undefined ? c.row.answers : input.answers;
    const { answers, problems } = checkSubmission(form, slots, raw, materials, ctx.calendar.localDate(c.now));
    if (problems.length) throw new ValidationError(msg('error.invalid'), problems);
    const to = c.next('resubmit', 'applicant');
    await repo.closeCorrections(c.tx, c.row.id, c.now);
    let dueAt: Date | null = c.row.dueAt;
    if (c.row.acceptedAt && c.row.promisedDays !== null) {
      const corrections = await repo.correctionsOf(c.tx, c.row.id);
      const reading = readClock(ctx.calendar, {
        promisedDays: c.row.promisedDays,
        acceptedAt: c.row.acceptedAt,
        pauses: corrections.filter((x) => x.pausesClock).map((x) => ({ from: x.requestedAt, to: x.resubmittedAt })),
        now: c.now,
      });
      dueAt = reading.dueAt;
    }
    const row = await c.save({ status: to, answers, dueAt, remindedAt: null });
    await c.event('resubmit', { from: c.row.status, to });
    await c.audit('application.resubmit', row);
    const item = (await ctx.item(row.itemId))?.name ?? '';
    const route = row.route as RouteDefinition | null;
    const pending = c.departments.filter((d) => d.pending).map((d) => d.departmentId);
    if (c.row.acceptedAt && pending.length)
      await c.tellStaff(pending, ['handler', 'reviewer', 'dept_admin'], 'application-review', {
        no: row.no as string,
        item,
        stage: route?.stages[(row.routeState as { stage: number } | null)?.stage ?? 0]?.name ?? '',
        due: dayOf(ctx, dueAt),
        link: staffLink(ctx, row.no),
      });
    return c.later(() => applicantView(ctx, ctx.db, row, p));
  });
}
