/**
 * 免申即享: a daily job opens an application on a person's behalf when a published rule makes
 * them eligible (an age reached, a certificate issued: automation/proactive.ts), as a draft filled
 * in from what the portal holds, with a notice; the person confirms it (it is then submitted, and
 * 秒批 may decide it at once) or declines it (the draft is removed). One opening per person and
 * item, ever (unique index): the job may run twice, catch up after missed days, or race another
 * process — it never opens a second.
 *
 * Who the job knows: the people whose ID number the portal holds from a case they submitted and
 * that their account proved (实名认证); the certificates the portal issued them.
 */
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { normalizeIdNumber } from '../../../lib/identity.js';
import type { Principal } from '../../../lib/principal.js';
import { addDays } from '../automation/facts.js';
import { type Person, proactiveOpenings } from '../automation/index.js';
import type { ApplicationsContext } from '../context.js';
import type { ItemDefinition } from '../faces.js';
import type { FormDefinition } from '../form-notation.js';
import * as repo from '../repo.js';
import { auditEntry, eventRow, requireApplicant, SYSTEM } from './case.js';
import { submitApplication } from './intake.js';
import { automationOfDef, heldBy } from './on-file.js';
import { prefillOf } from './reads.js';

/** how far back a run looks for people who became eligible (a job down for days catches up) */
export const CATCH_UP_DAYS = 31;

type Known = Person & { enterpriseId: number | null; name: string };

/** The people the job can know, with their proved ID numbers (and certificates, when a rule needs them). */
async function knownPeople(ctx: ApplicationsContext, withCertificates: boolean): Promise<Known[]> {
  const out: Known[] = [];
  if (!ctx.accounts.idNumberMatches) return out;
  for (const r of await repo.peopleWithIdNumbers(ctx.db)) {
    const key = (r.form as FormDefinition).fields.find((f) => f.type === 'idNumber')?.key;
    const raw = key ? r.answers[key] : undefined;
    const id = typeof raw === 'string' ? normalizeIdNumber(raw) : undefined;
    if (!id || !(await ctx.accounts.idNumberMatches(r.userId, id).catch(() => false))) continue;
    const certificates = withCertificates ? await heldBy(ctx, { applicantId: r.userId, enterpriseId: null }) : [];
    out.push({ userId: r.userId, enterpriseId: null, idNumber: id, certificates, name: '' });
  }
  return out;
}

/**
 * One run of the job for the day of `now`: every online item with a 免申即享 rule, everyone who
 * became eligible in the last CATCH_UP_DAYS and has neither an application nor an opening for
 * it gets a draft opened on their behalf, and a notice. Answers how many were opened.
 */
export async function runProactive(ctx: ApplicationsContext, now: Date = ctx.clock.now()): Promise<{ opened: number }> {
  const defs = ((await ctx.definitions?.automated?.()) ?? []).filter((d) => automationOfDef(d)?.proactive);
  if (!defs.length) return { opened: 0 };
  const today = ctx.calendar.localDate(now);
  const needCertificates = defs.some((d) => automationOfDef(d)?.proactive?.trigger.kind === 'certificate' || automationOfDef(d)?.proactive?.conditions?.some((c) => c.fact === 'certificate'));
  const people = await knownPeople(ctx, needCertificates);
  const openings = proactiveOpenings(
    defs.map((d) => ({ itemId: d.itemId, version: d.version, automation: automationOfDef(d) })),
    people,
    today,
    { since: addDays(today, -CATCH_UP_DAYS) },
  );
  const taken = await repo.alreadyOpened(ctx.db, [...new Set(openings.map((o) => o.itemId))]);
  let opened = 0;
  for (const o of openings) {
    if (taken.has(`${o.person.userId}:${o.itemId}`)) continue;
    const def = defs.find((d) => d.itemId === o.itemId) as ItemDefinition;
    const item = await ctx.item(o.itemId);
    if (!item) continue;
    // the answers the portal can fill in, read before the transaction
    const who = { userId: o.person.userId, name: '', kind: 'citizen', enterpriseId: null } as unknown as Principal;
    const answers: Record<string, unknown> = { ...(await prefillOf(ctx, who, def.form)) };
    const idKey = def.form.fields.find((f) => f.type === 'idNumber')?.key;
    if (idKey && o.person.idNumber) answers[idKey] = o.person.idNumber;
    const done = await ctx.db.transaction(async (tx) => {
      const opening = await repo.insertOpening(tx, { userId: o.person.userId, itemId: o.itemId, since: o.since, reason: o.reason, notice: o.notice });
      if (!opening) return false; // another run opened it first
      const row = (await repo.insertApplication(tx, {
        itemId: item.id,
        departmentId: item.departmentId,
        applicantId: o.person.userId,
        enterpriseId: null,
        status: 'draft',
        form: def.form,
        route: def.route,
        definitionVersion: def.version,
        answers,
        delivery: null,
      })) as repo.ApplicationRow;
      await repo.updateOpening(tx, opening.id, { applicationId: row.id });
      await repo.insertEvents(tx, [eventRow(row, 'proactive', SYSTEM, { note: t('auto.opening.event', { reason: o.reason }) })]);
      await ctx.audit.record(tx, SYSTEM, [auditEntry('application.proactive', row, row, o.reason)]);
      await ctx.accounts.notifyAccount(tx, o.person.userId, 'application-proactive', { item: item.name, notice: o.notice, url: `${ctx.publicUrl}/me/applications` });
      return true;
    });
    if (done) opened++;
  }
  return { opened };
}

export interface OpeningView {
  id: number;
  itemId: number;
  itemName: string;
  since: string;
  reason: string;
  notice: string;
  /** the draft opened for them */
  draftId: number;
}

/** The person's openings waiting for them (/me/applications). */
export async function myOpenings(ctx: ApplicationsContext, p: Principal | undefined): Promise<OpeningView[]> {
  const me = requireApplicant(p);
  const rows = await repo.openOpenings(ctx.db, me.userId);
  const out: OpeningView[] = [];
  for (const r of rows) out.push({ id: r.opening.id, itemId: r.opening.itemId, itemName: (await ctx.item(r.opening.itemId))?.name ?? '', since: r.opening.since, reason: r.opening.reason, notice: r.opening.notice, draftId: r.application.id });
  return out;
}

/** The person's own opening, still waiting; anyone else's is "not found". */
async function ownOpening(ctx: ApplicationsContext, p: Principal, id: number) {
  const opening = Number.isInteger(id) ? await repo.findOpening(ctx.db, id) : undefined;
  if (!opening || opening.userId !== p.userId) throw new NotFoundError(t('auto.opening.notFound'));
  const draft = opening.applicationId ? await repo.findById(ctx.db, opening.applicationId) : undefined;
  if (opening.status !== 'open' || !draft || draft.status !== 'draft') throw new ValidationError(t('auto.opening.closed'), []);
  return { opening, draft };
}

/**
 * Confirm: the draft opened for them is submitted as it stands (秒批 may decide it at once). A
 * draft that still lacks an answer or a material is refused with the problems, and stays open
 * for them to complete.
 */
export async function confirmOpening(ctx: ApplicationsContext, p: Principal | undefined, id: number) {
  const me = requireApplicant(p);
  const { opening, draft } = await ownOpening(ctx, me, id);
  const view = await submitApplication(ctx, me, { id: draft.id });
  await repo.updateOpening(ctx.db, opening.id, { status: 'confirmed', decidedAt: ctx.clock.now() });
  return view;
}

/** Decline: the opening is kept (never opened again), the draft removed. */
export async function declineOpening(ctx: ApplicationsContext, p: Principal | undefined, id: number): Promise<void> {
  const me = requireApplicant(p);
  const { opening, draft } = await ownOpening(ctx, me, id);
  await ctx.db.transaction(async (tx) => {
    const locked = await repo.findOpening(tx, opening.id, true);
    if (locked?.status !== 'open') throw new ValidationError(t('auto.opening.closed'), []);
    await repo.updateOpening(tx, opening.id, { status: 'declined', decidedAt: ctx.clock.now(), applicationId: null });
    await repo.deleteDraft(tx, draft.id);
    await ctx.audit.record(tx, { id: `user:${me.userId}`, name: me.name }, [auditEntry('application.proactive.decline', draft, draft)]);
  });
}
