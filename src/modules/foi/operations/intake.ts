/**
 * Receiving a request: online from a signed-in citizen or enterprise (received the day submitted,
 * or the next working day when submitted on a day off), or a paper request registered by staff
 * with its channel and the day of the channel's event (Art. 31). The applicant's n-th request in
 * the month is counted under a per-applicant lock, and the 2020 fee rules recorded.
 */
import { AppError, BadRequestError, UnauthorizedError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { can, isStaff, type Principal } from '../../../lib/principal.js';
import type { Channel } from '../clock.js';
import { addDays, receiptDate } from '../clock.js';
import type { FoiContext } from '../context.js';
import { checkRegistration, checkRequest, type RequestInput, ValidationErrorFoi } from '../forms.js';
import { feeOf } from '../model.js';
import { notFound, staffReaches } from '../policy.js';
import type { FoiView } from '../present.js';
import * as repo from '../repo.js';
import { actorOf, notifyApplicant, viewFor } from './case.js';
import { sql } from 'drizzle-orm';

export interface SubmitHow {
  idempotencyKey?: string;
  source: 'web' | 'api';
}

const monthBounds = (ymd: string) => {
  const from = `${ymd.slice(0, 7)}-01`;
  const [y, m] = [Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7))];
  const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to };
};

function keyOf(p: Principal | undefined, how: SubmitHow): string | undefined {
  const given = how.idempotencyKey?.trim() || undefined;
  if (!given) return undefined;
  if (given.length > 200 || !/^[\x21-\x7e]+$/.test(given)) throw new BadRequestError(t('foi.error.idempotencyKey'), 'bad_idempotency_key');
  return `${how.source}:${p ? p.userId : 'anon'}:${given}`;
}

async function receive(ctx: FoiContext, p: Principal, input: RequestInput, channel: Channel, eventOn: string, accountId: number | null, key: string | undefined, note: string): Promise<FoiView> {
  const { value, problems } = checkRequest(input);
  const names = await ctx.catalog.departmentNames();
  if (value && !names.has(value.departmentId)) problems.push({ where: '', field: t('foi.field.departmentId'), message: t('foi.error.department') });
  if (problems.length || !value) throw new ValidationErrorFoi(problems);
  if (key) {
    const existing = await repo.byIdempotencyKey(ctx.db, key);
    if (existing) return replay(ctx, existing, value.description);
  }
  const receivedOn = receiptDate(ctx.calendar, channel, eventOn).receivedOn;
  try {
    const row = await ctx.database.db.transaction(async (tx) => {
      await repo.lockApplicant(tx, value.applicantIdNo);
      const month = monthBounds(receivedOn);
      const ordinal = (await repo.countInMonth(tx, value.applicantIdNo, month.from, month.to)) + 1;
      const fee = feeOf(ordinal);
      const code = sql`${`YSQ-${receivedOn.slice(0, 4)}-`} || lpad(nextval('foi_request_no_seq')::text, 6, '0')`;
      const r = await repo.insertRequest(tx, {
        ...value,
        code: code as unknown as string,
        accountId,
        channel,
        eventOn,
        receivedOn,
        status: 'received',
        monthOrdinal: ordinal,
        feeApplies: fee > 0,
        feeYuan: fee,
        idempotencyKey: key ?? null,
      });
      const actor = actorOf(p);
      await repo.addEvent(tx, { requestId: r.id, action: 'received', actor: actor.name, note });
      await ctx.audit.record(tx, actor, [{ action: 'foi.received', entity: 'foi_request', entityId: r.id, after: { code: r.code, channel, eventOn, receivedOn, feeYuan: fee }, departmentId: r.departmentId }]);
      await notifyApplicant(ctx, tx, r, 'foi-received');
      return r;
    });
    return viewFor(ctx, ctx.db, row);
  } catch (e) {
    // the same key sent twice at once: the second insert meets the unique index
    if (key && /duplicate|unique/i.test(String((e as Error)?.message ?? '') + String((e as { cause?: Error })?.cause?.message ?? ''))) {
      const existing = await repo.byIdempotencyKey(ctx.db, key);
      if (existing) return replay(ctx, existing, value.description);
    }
    throw e;
  }
}

async function replay(ctx: FoiContext, existing: repo.FoiRow, description: string): Promise<FoiView> {
  if (existing.description !== description) throw new AppError(422, 'idempotency_key_reused', t('foi.error.idempotencyMismatch'));
  return viewFor(ctx, ctx.db, existing);
}

/**
 * A citizen or enterprise files a request online; or an integration (a token of staff who handle
 * requests, e.g. the provincial platform forwarding what it received) files it for an applicant
 * of its own department, with no account.
 */
export async function submitRequest(ctx: FoiContext, p: Principal | undefined, input: RequestInput, how: SubmitHow): Promise<FoiView> {
  if (!p) throw new UnauthorizedError(t('foi.error.signIn'));
  const key = keyOf(p, how);
  if (isStaff(p)) {
    if (how.source !== 'api' || !can(p, 'foi.handle')) throw new BadRequestError(t('foi.error.staffSubmit'), 'staff_cannot_submit');
    const dept = typeof input.departmentId === 'number' ? input.departmentId : Number(input.departmentId);
    if (Number.isSafeInteger(dept) && dept > 0 && !staffReaches(p, dept)) throw new ValidationErrorFoi([{ where: '', field: t('foi.field.departmentId'), message: t('foi.error.department') }]);
    return receive(ctx, p, input, 'online', ctx.today(), null, key, t('foi.event.online'));
  }
  return receive(ctx, p, input, 'online', ctx.today(), p.userId, key, t('foi.event.online'));
}

/** Staff register a request that came in person, by post or fax, with the day of its channel's event. */
export async function registerRequest(ctx: FoiContext, p: Principal | undefined, input: RequestInput & { channel?: unknown; eventOn?: unknown }): Promise<FoiView> {
  const reg = checkRegistration(input, ctx.today());
  const dept = typeof input.departmentId === 'number' ? input.departmentId : Number(input.departmentId);
  if (!isStaff(p) || !can(p, 'foi.handle') || !staffReaches(p, dept)) {
    if (isStaff(p) && can(p, 'foi.handle')) throw new ValidationErrorFoi([{ where: '', field: t('foi.field.departmentId'), message: t('foi.error.department') }]);
    throw notFound();
  }
  if (reg.problems.length || !reg.channel || !reg.eventOn) throw new ValidationErrorFoi([...reg.problems, ...checkRequest(input).problems]);
  if (reg.eventOn < addDays(ctx.today(), -366)) throw new ValidationErrorFoi([{ where: '', field: t('foi.field.eventOn'), message: t('foi.error.tooOld') }]);
  return receive(ctx, p, input, reg.channel, reg.eventOn, null, undefined, t(`foi.channel.${reg.channel}`));
}
