/**
 * Receiving a letter: the writer's submission checked at once (every problem reported), the
 * phone proven by a code (or the account's proven phone, or an integration's token), the lead
 * department found by the writer's choice or the dispatch rules, the attachments kept, and the
 * letter written by the group-commit intake. The receipt (201 or redirect) is given only after
 * the letter, its history, its attachments and its notifications are committed; the same
 * Idempotency-Key gives the same letter back.
 */
import { AppError, BadRequestError, TooManyError, ValidationError } from '../../../lib/errors.js';
import { isStaff, type Principal } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import { keepAttachments } from '../attachments.js';
import { departmentsOf, type LettersContext, nameIn } from '../context.js';
import { type AttachmentInput, checkAttachments, checkSubmission, DISPATCH_DAYS, REPLY_DAYS, type SubmissionInput } from '../model.js';
import { isIntegration } from '../policy.js';
import { type Receipt, receiptOf } from '../present.js';
import * as repo from '../repo.js';
import { matchRule } from '../rules.js';
import { actorOf, notFound, WRITER } from './case.js';

export interface SubmitContext {
  principal?: Principal;
  /** the code sent to the phone, when the writer is not signed in */
  code?: string;
  files?: AttachmentInput[];
  idempotencyKey?: string;
  source: 'web' | 'api' | 'open311';
}

/** how long the receipt page (with the query code) can be opened again after writing */
const RECEIPT_MINUTES = 30;

/** A repeat of a key: the same letter back, or a conflict when the key came with another letter. */
function replayOf(existing: repo.LetterRow, submission: { title: string; body: string }): Receipt {
  if (existing.title !== submission.title || existing.body !== submission.body)
    throw new AppError(422, 'idempotency_key_reused', t('letters.error.idempotencyMismatch'));
  return receiptOf(existing, false);
}

export async function submitLetter(ctx: LettersContext, principal: Principal | undefined, input: SubmissionInput, how: Omit<SubmitContext, 'principal'>): Promise<Receipt> {
  const p = principal;
  const given = how.idempotencyKey?.trim() || undefined;
  if (given && (given.length > 200 || !/^[\x21-\x7e]+$/.test(given))) throw new BadRequestError(t('letters.error.idempotencyKey'), 'bad_idempotency_key');
  // keys belong to who sent them: the same key from someone else is another letter
  const key = given && (how.source === 'web' ? `form:${given}` : `${p ? `user:${p.userId}` : 'anon'}:${given}`);
  // an integration's token needs no phone code: its repeats are settled where letters are
  // written; anyone else's repeat must not spend a second code
  const integration = isIntegration(p);
  // a signed-in citizen who leaves the phone empty writes with the account's proven phone
  const ownPhone = p && !isStaff(p) ? await ctx.accounts.verifiedPhone(p.userId) : undefined;
  if (ownPhone && !input.phone?.trim() && !input.anonymous) input = { ...input, phone: ownPhone };
  const { submission, problems } = checkSubmission(input);
  if (key && submission && !integration) {
    const existing = await repo.findByIdempotencyKey(ctx.db, key);
    if (existing) return replayOf(existing, submission);
  }
  const files = checkAttachments(how.files ?? []);
  problems.push(...files.problems);
  const names = await departmentsOf(ctx);
  if (submission?.departmentId && !names.has(submission.departmentId))
    problems.push({ where: '', field: t('letters.field.department'), message: t('letters.error.department') });
  if (problems.length || !submission) throw new ValidationError(t('letters.error.invalid'), problems);

  let phoneVerified = false;
  if (submission.phone && ownPhone === submission.phone) phoneVerified = true;
  else if (submission.phone && !integration) {
    if (!how.code) throw new BadRequestError(t('letters.error.codeRequired'), 'code_required');
    if (!(await ctx.accounts.checkCode('letter', submission.phone, how.code))) {
      // the same form posted twice at once: the first used the code and wrote the letter
      const existing = key ? await repo.findByIdempotencyKey(ctx.db, key) : undefined;
      if (existing) return replayOf(existing, submission);
      throw new BadRequestError(t('letters.error.code'), 'bad_code');
    }
    phoneVerified = true;
  }
  if (submission.phone && !integration && ctx.perPhonePerDay > 0) {
    const recent = await repo.lettersFromPhoneSince(ctx.db, submission.phone, new Date(ctx.clock.now().getTime() - 86_400_000));
    if (recent >= ctx.perPhonePerDay) throw new TooManyError(t('letters.error.tooManyFromPhone', { n: ctx.perPhonePerDay }));
  }

  const receivedAt = ctx.clock.now();
  const dueAt = ctx.calendar.addWorkingDays(receivedAt, REPLY_DAYS[submission.type]);
  const dispatchDueAt = ctx.calendar.addWorkingDays(receivedAt, DISPATCH_DAYS);
  const matched = submission.departmentId ?? matchRule(await ctx.rules(), submission)?.departmentId ?? null;
  const lead = matched && names.has(matched) ? matched : null;

  // the files are kept (durably) before the letter that names them is committed
  const attachments = await keepAttachments(ctx.files, files.attachments);
  const written = await ctx.intake.write({
    row: {
      ...submission,
      addressedDepartmentId: submission.departmentId,
      departmentId: lead,
      phoneVerified,
      accountId: p && !isStaff(p) ? p.userId : null,
      source: how.source === 'open311' ? 'open311' : integration ? 'hotline' : how.source,
      status: lead ? 'handling' : 'dispatching',
      receivedAt,
      dispatchDueAt,
      dispatchedAt: lead ? receivedAt : null,
      dueAt,
      idempotencyKey: key ?? null,
    },
    lead: lead ? { id: lead, name: nameIn(names, lead) } : null,
    attachments,
    actor: p ? actorOf(p) : WRITER,
  });
  return receiptOf(written.letter, written.created);
}

/** The receipt again, for the browser that submitted the form (it holds the form's key). */
export async function receiptFor(ctx: LettersContext, input: { trackingCode: string; formKey: string }) {
  const letter = input.formKey ? await repo.findByIdempotencyKey(ctx.db, `form:${input.formKey}`) : undefined;
  // the receipt page shows the query code: only for a while, to the browser that wrote
  if (!letter || letter.trackingCode !== input.trackingCode || ctx.clock.now().getTime() - letter.receivedAt.getTime() > RECEIPT_MINUTES * 60_000) throw notFound();
  return { ...receiptOf(letter, false), channel: letter.channel };
}

/** Send the code that proves the writer's phone number. */
export const sendPhoneCode = (ctx: LettersContext, phone: string) => ctx.accounts.sendCode('letter', phone);

/** A signed-in citizen's proven phone number, which then needs no code. */
export const verifiedPhoneOf = (ctx: LettersContext, p: Principal) => ctx.accounts.verifiedPhone(p.userId);
