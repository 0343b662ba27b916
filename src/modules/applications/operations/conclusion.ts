/**
 * 办结: the item's department decides once the route has run its course — 准予许可 (only when
 * the route approved) or 不予许可 with its legal basis. On 准予 the certificates module issues the
 * certificate or approval letter (when wired); the ratings module opens the case for 好差评 (when
 * wired); both in the same transaction. After it commits, journeys fires the reminders that follow
 * the item (一件事一次办).
 */
import { BadRequestError, ConflictError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import type { RouteState } from '../approval.js';
import type { Tx } from '../../../db/client.js';
import type { ApplicationsContext, ItemFacts } from '../context.js';
import type { CertificateInput } from '../faces.js';
import type { Answers } from '../form-answers.js';
import type { ConcludeInput } from '../forms.js';
import { msg } from '../messages.js';
import type { StaffView } from '../present.js';
import * as repo from '../repo.js';
import { afterGrant } from './after-grant.js';
import { type CaseRef, changeApplication } from './case.js';
import { staffView } from './reads.js';

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** What the certificate says of its holder: the answers' name, ID number and credit code. */
function holderOf(row: repo.ApplicationRow, answers: Answers, fallbackName: string): CertificateInput['holder'] {
  const form = (row.form as { fields?: { key: string; type: string; prefill?: string }[] } | null)?.fields ?? [];
  const byType = (type: string) => form.find((f) => f.type === type)?.key;
  const nameKey = form.find((f) => f.type === 'text' && (f.prefill === 'enterpriseName' || f.prefill === 'name'))?.key;
  const idKey = byType('idNumber');
  const codeKey = byType('creditCode');
  return {
    userId: row.applicantId,
    enterpriseId: row.enterpriseId,
    name: (nameKey && text(answers[nameKey])) || fallbackName,
    idNumber: (idKey && text(answers[idKey])) || null,
    creditCode: (codeKey && text(answers[codeKey])) || null,
  };
}

/**
 * What a conclusion brings besides the status, in its transaction: on 准予 the certificate or
 * approval letter (certificates face), on either outcome the case opened for 好差评 (ratings
 * face). Shared by a department's decision and 秒批 (automation.ts).
 */
export async function grantEffects(
  ctx: ApplicationsContext,
  tx: Tx,
  concluded: repo.ApplicationRow,
  o: { item: ItemFacts | undefined; holderName: string; departmentName: string; now: Date; validUntil: string | null; event: (kind: string, note: string) => Promise<void> },
): Promise<repo.ApplicationRow> {
  let row = concluded;
  const item = o.item;
  if (row.status === 'approved' && ctx.certificates && row.no) {
    const answers = row.answers as Answers;
    const issued = await ctx.certificates.issue(tx, {
      kind: 'approval_letter',
      title: item?.name ?? '',
      holder: holderOf(row, answers, o.holderName),
      itemId: row.itemId,
      itemName: item?.name ?? '',
      departmentId: row.departmentId,
      departmentName: o.departmentName,
      sourceNo: row.no,
      facts: [
        { label: msg('conclusion.fact.item'), value: item?.name ?? '' },
        { label: msg('conclusion.fact.no'), value: row.no },
        { label: msg('conclusion.fact.decision'), value: msg('status.approved') },
      ],
      validFrom: ctx.calendar.localDate(o.now),
      validUntil: o.validUntil,
    });
    // a second write in the same change: the version has moved on by one
    row = (await repo.updateApplication(tx, row.id, row.version, { certificateCode: issued.code, certificateUrl: issued.verifyUrl })) ?? row;
    await o.event('certificate', msg('event.certificate', { code: issued.code }));
  }
  if (ctx.ratings && row.no)
    await ctx.ratings.openRatable(tx, {
      kind: 'application',
      subjectRef: row.no,
      title: `${item?.name ?? ''} — ${msg('conclusion.fact.no')} ${row.no}`,
      itemId: row.itemId,
      itemName: item?.name ?? null,
      departmentId: row.departmentId,
      raterUserId: row.applicantId,
      detailUrl: `/me/applications/${row.no}`,
      concludedAt: o.now,
    });
  return row;
}

export async function concludeApplication(ctx: ApplicationsContext, p: Principal | undefined, input: ConcludeInput & { id: CaseRef }): Promise<StaffView> {
  if (input.decision !== 'grant' && input.decision !== 'deny') throw new BadRequestError(msg('error.decision'), 'bad_decision');
  const reason = cleanText(typeof input.reason === 'string' ? input.reason : '', { multiline: true, max: 2000 });
  if ([...reason].length < 2) throw new BadRequestError(msg('error.reasonRequired', { min: 2 }), 'reason_required');
  const basis = input.legalBasis?.trim() ? cleanText(input.legalBasis, { max: 500 }) : '';
  if (input.decision === 'deny' && [...basis].length < 2) throw new BadRequestError(msg('error.legalBasis'), 'legal_basis_required');
  let concluded: repo.ApplicationRow | undefined;
  const seen = typeof input.id === 'string' ? await repo.findByNo(ctx.db, input.id) : await repo.findById(ctx.db, input.id);
  const people = seen ? await ctx.accounts.userNames([seen.applicantId]) : new Map<number, string>();
  let implCode = '';
  const view = await changeApplication(ctx, p, input.id, 'conclude', input.version, async (c) => {
    const state = c.row.routeState as RouteState;
    if (input.decision === 'grant' && state.outcome !== 'approved') throw new ConflictError(msg('error.grantAfterDenied'));
    const to = c.next(input.decision, 'reviewer');
    const item = await ctx.item(c.row.itemId);
    implCode = item?.implCode ?? '';
    const fullReason = basis ? `${reason}（${msg('conclusion.basis', { basis })}）` : reason;
    let row = await c.save({ status: to, concludedAt: c.now, decidedBy: c.by.userId, reason: fullReason });
    row = await grantEffects(ctx, c.tx, row, {
      item,
      holderName: people.get(row.applicantId) ?? '',
      departmentName: c.names.byId.get(row.departmentId)?.name ?? '',
      now: c.now,
      validUntil: input.validUntil ?? null,
      event: (kind, note) => c.event(kind, { note }),
    });
    await c.event(input.decision, { from: c.row.status, to, note: fullReason });
    await c.audit(`application.${input.decision}`, row, fullReason);
    await c.tellApplicant('application-concluded', { no: row.no as string, item: item?.name ?? '', decision: msg(`status.${to}`), reason: to === 'denied' ? `${msg('conclusion.reasonLabel')}${fullReason}。` : '' });
    concluded = row;
    return c.later(() => staffView(ctx, ctx.db, row, c.by));
  });
  // the reminders that follow the item (after the commit; a failure there does not undo the decision)
  if (concluded?.status === 'approved' && ctx.journeys && implCode) await ctx.journeys.applicationConcluded(concluded.applicantId, implCode).catch(() => undefined);
  // 一件事一次办: the parts of its bundle that waited for this one open (operations/bundles.ts)
  if (concluded?.status === 'approved' && concluded.bundleNo) await afterGrant(ctx, concluded);
  return view;
}
