/**
 * Review (审核): a reviewer of the lead department publishes the reply to the writer (never a
 * reply they worked on) or sends it back with a reason, and decides a request for more time
 * (never their own).
 */
import { BadRequestError, ConflictError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { mayReadCases } from '../policy.js';
import { type CaseView, caseView } from '../present.js';
import { caseForStaff } from './staff.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import type { LettersContext } from '../context.js';
import { EXTENSION_DAYS, LIMITS, type LetterType } from '../model.js';
import * as repo from '../repo.js';
import { changeLetter } from './case.js';
import { contributorsOf } from './handling.js';
import { indexLetters } from './indexing.js';

/** Publish the reply, or send it back; returns the published letter, nothing when sent back. */
export async function reviewReply(ctx: LettersContext, p: Principal, input: { id: number; version: number; approve: boolean; reason?: string }) {
  const published = await changeLetter(ctx, { principal: p, id: input.id, version: input.version }, input.approve ? 'publishReply' : 'returnReply', {
    check: () => {
      const reason = cleanText(input.reason ?? '', { multiline: true, max: LIMITS.noteMax });
      if (!input.approve && reason.length < 2) throw new BadRequestError(t('letters.error.reviewReason'), 'reason_required');
      return reason;
    },
    apply: async (c, reason) => {
      const { letter, tx } = c;
      const reply = await repo.currentReply(tx, letter.id);
      if (reply?.status !== 'submitted') throw new ConflictError(t('letters.error.wrongState'));
      if (contributorsOf(reply).includes(p.userId)) throw new ConflictError(t('letters.error.ownReply'));
      if (!input.approve) {
        const updated = await c.save({});
        await repo.updateReply(tx, reply.id, { status: 'returned', reviewerId: p.userId, returnReason: reason });
        await c.event(updated, 'reply_returned', { note: reason, internal: true });
        await c.audit('letter.reply_returned', {}, reason);
        if (reply.authorId)
          await ctx.accounts.notifyAccount(tx, reply.authorId, 'letter-reply-returned', { trackingCode: letter.trackingCode, title: letter.title, reason, link: `/admin/letters/${letter.id}` });
        return undefined;
      }
      const now = ctx.clock.now();
      const first = !letter.repliedAt;
      const after = {
        repliedAt: letter.repliedAt ?? now,
        ...(first ? { replyWorkingDays: ctx.calendar.workingDaysBetween(letter.receivedAt, now), repliedOnTime: now <= letter.dueAt } : {}),
      };
      const updated = await c.save(after);
      await repo.updateReply(tx, reply.id, { status: 'published', reviewerId: p.userId, publishedAt: now });
      await c.event(updated, 'replied', { departmentId: letter.departmentId });
      await c.audit('letter.replied', after);
      await c.tellWriter(updated, 'letter-replied', { trackingCode: letter.trackingCode, link: `/letters/track?code=${letter.trackingCode}` });
      if (updated.isPublic) await indexLetters(ctx, tx, [updated], c.names);
      return updated;
    },
  });
  if (published?.isPublic) await ctx.changes.publish('search');
  return published;
}

/** Approve (the deadline moves, once) or refuse a request for more time. */
export function decideExtension(ctx: LettersContext, p: Principal, input: { id: number; version: number; approve: boolean }) {
  return changeLetter(ctx, { principal: p, id: input.id, version: input.version }, input.approve ? 'approveExtension' : 'rejectExtension', {
    apply: async (c) => {
      const { letter, tx } = c;
      const requested = (await repo.events(tx, letter.id, true)).filter((e) => e.kind === 'extension_requested').at(-1);
      if (requested?.actorId === p.userId) throw new ConflictError(t('letters.error.ownExtension'));
      const dueAt = input.approve ? ctx.calendar.addWorkingDays(letter.dueAt, EXTENSION_DAYS[letter.type as LetterType]) : letter.dueAt;
      const after = input.approve ? { extensionStatus: 'approved', dueAt, remindedAt: null } : { extensionStatus: 'rejected' };
      const updated = await c.save(after);
      await c.event(updated, input.approve ? 'extended' : 'extension_rejected', {
        note: input.approve ? t('letters.extendedTo', { due: ctx.formatDue(dueAt) }) : undefined,
        internal: !input.approve,
      });
      await c.audit(input.approve ? 'letter.extended' : 'letter.extension_rejected', after);
      if (input.approve)
        await c.tellWriter(updated, 'letter-extended', { trackingCode: letter.trackingCode, due: ctx.formatDue(dueAt), link: `/letters/track?code=${letter.trackingCode}` });
      return updated;
    },
  });
}

/**
 * Review for the API: the case after it. A reply sent back leaves nothing to return from the
 * review itself: then the case as it is now, when the caller may read cases, or what the review
 * did to it (back to handling, one version on).
 */
export async function reviewCase(ctx: LettersContext, p: Principal, input: { id: number; version: number; approve: boolean; reason?: string }): Promise<CaseView | Pick<CaseView, 'id' | 'status' | 'version'>> {
  const published = await reviewReply(ctx, p, input);
  if (published) return caseView(published);
  return mayReadCases(p) ? caseView(await caseForStaff(ctx, p, input.id)) : { id: input.id, status: 'handling', version: input.version + 1 };
}
