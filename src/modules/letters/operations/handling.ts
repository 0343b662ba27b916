/**
 * Handling (办理): the lead department's notes and reply, an assisting department's opinion,
 * and the request for more time.
 */
import { BadRequestError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import type { LettersContext } from '../context.js';
import { LIMITS } from '../model.js';
import * as repo from '../repo.js';
import { changeLetter, reasonOf } from './case.js';

/** Everyone who drafted, edited or submitted the reply: none of them may publish or return it. */
export const contributorsOf = (r: Pick<repo.ReplyRow, 'authorId' | 'contributorIds'>): number[] => [...new Set([...(r.contributorIds ?? []), ...(r.authorId ? [r.authorId] : [])])];

/** An internal note; from an assisting department, its opinion. */
export function addNote(ctx: LettersContext, p: Principal, input: { id: number; note?: string }) {
  return changeLetter(ctx, { principal: p, id: input.id }, 'note', {
    check: () => {
      const note = cleanText(input.note ?? '', { multiline: true, max: LIMITS.noteMax });
      if (!note) throw new BadRequestError(t('letters.error.noteRequired'), 'note_required');
      return note;
    },
    apply: async (c, note) => {
      if (c.role === 'assist') await repo.setOpinion(c.tx, c.letter.id, p.departmentId as number, note);
      await c.event(c.letter, c.role === 'assist' ? 'opinion' : 'note', { note, internal: true });
      return c.letter;
    },
  });
}

/** Draft the reply (or change the draft); `submit` sends it to review. */
export function saveReply(ctx: LettersContext, p: Principal, input: { id: number; version: number; body?: string; submit?: boolean }) {
  return changeLetter(ctx, { principal: p, id: input.id, version: input.version }, input.submit ? 'submitReply' : 'draftReply', {
    check: () => {
      const body = cleanText(input.body ?? '', { multiline: true });
      if (body.length < 10 || body.length > LIMITS.replyMax) throw new BadRequestError(t('letters.error.replyLength', { min: 10, max: LIMITS.replyMax }), 'bad_reply');
      return body;
    },
    apply: async (c, body) => {
      const { letter, tx } = c;
      const current = await repo.currentReply(tx, letter.id);
      const status = input.submit ? 'submitted' : 'draft';
      const updated = await c.save({});
      if (current) await repo.updateReply(tx, current.id, { body, status, authorId: p.userId, authorName: p.name, returnReason: null, contributorIds: [...contributorsOf(current), p.userId] });
      else await repo.insertReply(tx, { letterId: letter.id, departmentId: letter.departmentId as number, body, status, authorId: p.userId, authorName: p.name, contributorIds: [p.userId] });
      await c.event(updated, input.submit ? 'reply_submitted' : 'reply_drafted', { internal: true });
      if (input.submit) {
        await c.audit('letter.reply_submitted', {});
        await c.tellStaff(letter.departmentId, ['reviewer', 'dept_admin'], 'letter-review', updated);
      }
      return updated;
    },
  });
}

/** Ask for more time, once, with the reason; a reviewer of the department decides. */
export function requestExtension(ctx: LettersContext, p: Principal, input: { id: number; version: number; reason?: string }) {
  return changeLetter(ctx, { principal: p, id: input.id, version: input.version }, 'requestExtension', {
    check: () => reasonOf(input.reason, 'letters.error.extensionReason'),
    apply: async (c, reason) => {
      const after = { extensionStatus: 'requested', extensionReason: reason };
      const updated = await c.save(after);
      await c.event(updated, 'extension_requested', { note: reason, internal: true });
      await c.audit('letter.extension_requested', after, reason);
      await c.tellStaff(c.letter.departmentId, ['reviewer', 'dept_admin'], 'letter-extension', updated);
      return updated;
    },
  });
}
