/**
 * The writer's side, opened by both codes: follow the case, download one's attachments, rate
 * the reply (which closes the case), and reopen an unsatisfactory case once.
 */
import { BadRequestError } from '../../../lib/errors.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import { openAttachment } from '../attachments.js';
import { departmentsOf, type LettersContext } from '../context.js';
import { LIMITS, type LetterType, RATINGS, REPLY_DAYS } from '../model.js';
import { writerCase } from '../present.js';
import * as repo from '../repo.js';
import { changeLetter, notFound, reasonOf } from './case.js';
import { forWriter, type WriterKey } from './writer-key.js';

export type { WriterKey } from './writer-key.js';

/** The writer's view of a letter already opened (by both codes, or by the writer's session). */
export async function writerView(ctx: LettersContext, letter: repo.LetterRow) {
  const names = await departmentsOf(ctx);
  const target = letter.mergedIntoId ? await repo.findById(ctx.db, letter.mergedIntoId) : undefined;
  const replies = (await repo.replies(ctx.db, target?.id ?? letter.id)).filter((r) => r.status === 'published');
  return writerCase(letter, {
    names,
    target,
    events: await repo.events(ctx.db, letter.id, false),
    replies,
    attachments: await repo.attachmentList(ctx.db, letter.id),
  });
}

/** The whole case, for whoever holds both codes. */
export async function trackLetter(ctx: LettersContext, key: WriterKey) {
  return writerView(ctx, await forWriter(ctx, key));
}

export async function writerAttachment(ctx: LettersContext, key: WriterKey, attachmentId: number) {
  const letter = await forWriter(ctx, key);
  const row = Number.isInteger(attachmentId) ? await repo.attachment(ctx.db, letter.id, attachmentId) : undefined;
  const file = row && (await openAttachment(ctx.files, row));
  if (!file) throw notFound();
  return file;
}

/** The writer rates the reply; an unsatisfactory one may be reopened afterwards, once. */
export function rateLetter(ctx: LettersContext, key: WriterKey, input: { rating?: string; comment?: string }) {
  return changeLetter(ctx, { writer: key }, 'rate', {
    check: () => {
      const rating = RATINGS.find((r) => r === input.rating);
      if (!rating) throw new BadRequestError(t('letters.error.rating'), 'bad_rating');
      return { rating, comment: cleanText(input.comment ?? '', { multiline: true, max: LIMITS.noteMax }) || null };
    },
    apply: async (c, { rating, comment }) => {
      const after = { rating, ratingComment: comment, closedAt: ctx.clock.now() };
      const updated = await c.save(after);
      await c.event(updated, 'rated', { note: t(`letters.rating.${rating}`) + (comment ? `：${comment}` : '') });
      await c.audit('letter.rated', after, rating);
      return updated;
    },
  });
}

export function reopenLetter(ctx: LettersContext, key: WriterKey, input: { reason?: string }) {
  return changeLetter(ctx, { writer: key }, 'reopen', {
    check: () => reasonOf(input.reason, 'letters.error.reopenReason'),
    apply: async (c, reason) => {
      const after = {
        reopenCount: c.letter.reopenCount + 1,
        dueAt: ctx.calendar.addWorkingDays(ctx.clock.now(), REPLY_DAYS[c.letter.type as LetterType]),
        remindedAt: null,
        supervisedAt: null,
        closedAt: null,
        rating: null,
        ratingComment: null,
      };
      const updated = await c.save(after);
      await c.event(updated, 'reopened', { note: reason });
      await c.audit('letter.reopened', after, reason);
      await c.tellStaff(updated.departmentId, ['handler', 'dept_admin'], 'letter-reopened', updated);
      return updated;
    },
  });
}
