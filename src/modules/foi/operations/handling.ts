/**
 * Working a request: the one 补正 notice (within 7 working days), the applicant's correction
 * (the clock restarts from its receipt), the one extension (approved, before the 20 days run out),
 * third-party consultations (not counted), and the reply with its type, legal ground and
 * document. A reply after the limit without an extension is refused.
 */
import { ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { cleanText } from '../../../lib/text.js';
import type { Principal } from '../../../lib/principal.js';
import { explainClock, lateWithoutExtension, mayExtend, receiptDate } from '../clock.js';
import type { FoiContext } from '../context.js';
import { checkNote, checkReply, type ReplyInput, validation } from '../forms.js';
import { documentTypeOf, LIMITS } from '../model.js';
import { nextStatus } from '../policy.js';
import { factsOf, type FoiView } from '../present.js';
import * as repo from '../repo.js';
import { lockFor, viewFor, writeChange } from './case.js';

interface Target {
  id: unknown;
  version?: unknown;
}

export async function noticeCorrection(ctx: FoiContext, p: Principal | undefined, input: Target & { note?: unknown }): Promise<FoiView> {
  const row = await ctx.database.db.transaction(async (tx) => {
    const r = await lockFor(tx, p, input.id, input.version, 'noticeCorrection');
    const note = checkNote(input.note, t('foi.field.correctionNote'));
    if (r.correctionNoticeOn) throw new ConflictError(t('foi.error.correctionOnce'));
    const status = nextStatus(r.status as never, 'noticeCorrection');
    const today = ctx.today();
    const c = explainClock(ctx.calendar, factsOf(r, await repo.pausesOf(tx, [r.id])), today);
    if (today > c.correctionNoticeDue) throw new ConflictError(t('foi.error.correctionLate', { due: c.correctionNoticeDue }));
    return writeChange(ctx, tx, p!, r, { action: 'correctionNotice', status, set: { correctionNoticeOn: today, correctionNote: note }, note, notify: 'foi-correction' });
  });
  return viewFor(ctx, ctx.db, row);
}

/** The applicant answers the 补正 notice: received the day sent (next working day on a day off). */
export async function correctRequest(ctx: FoiContext, p: Principal | undefined, input: Target & { text?: unknown }): Promise<FoiView> {
  const row = await ctx.database.db.transaction(async (tx) => {
    const r = await lockFor(tx, p, input.id, input.version, 'correct');
    const text = checkNote(input.text, t('foi.field.correctedText'), 5, LIMITS.description);
    const status = nextStatus(r.status as never, 'correct');
    const correctedOn = receiptDate(ctx.calendar, 'online', ctx.today()).receivedOn;
    return writeChange(ctx, tx, p!, r, { action: 'corrected', status, set: { correctedOn, correctedText: text }, note: text });
  });
  return viewFor(ctx, ctx.db, row);
}

export async function extendRequest(ctx: FoiContext, p: Principal | undefined, input: Target & { reason?: unknown }): Promise<FoiView> {
  const row = await ctx.database.db.transaction(async (tx) => {
    const r = await lockFor(tx, p, input.id, input.version, 'extend');
    const reason = checkNote(input.reason, t('foi.field.extensionReason'));
    const status = nextStatus(r.status as never, 'extend');
    const today = ctx.today();
    const may = mayExtend(ctx.calendar, factsOf(r, await repo.pausesOf(tx, [r.id])), today);
    if (may !== 'ok') throw new ConflictError(t(`foi.error.extend.${may}`));
    return writeChange(ctx, tx, p!, r, { action: 'extended', status, set: { extended: true, extensionReason: reason, extensionApprovedBy: p!.name, extendedOn: today }, note: reason, notify: 'foi-extended' });
  });
  return viewFor(ctx, ctx.db, row);
}

export async function startConsultation(ctx: FoiContext, p: Principal | undefined, input: Target & { party?: unknown }): Promise<FoiView> {
  const row = await ctx.database.db.transaction(async (tx) => {
    const r = await lockFor(tx, p, input.id, input.version, 'startConsultation');
    const party = checkNote(input.party, t('foi.field.party'), 2, 200);
    const status = nextStatus(r.status as never, 'startConsultation');
    await repo.openPause(tx, r.id, 'thirdParty', party, ctx.today());
    return writeChange(ctx, tx, p!, r, { action: 'consultationStarted', status, set: {}, note: party, notify: 'foi-consulting' });
  });
  return viewFor(ctx, ctx.db, row);
}

export async function endConsultation(ctx: FoiContext, p: Principal | undefined, input: Target & { note?: unknown }): Promise<FoiView> {
  const row = await ctx.database.db.transaction(async (tx) => {
    const r = await lockFor(tx, p, input.id, input.version, 'endConsultation');
    const status = nextStatus(r.status as never, 'endConsultation');
    await repo.closePause(tx, r.id, ctx.today());
    const note = typeof input.note === 'string' ? input.note.slice(0, LIMITS.note) : null;
    return writeChange(ctx, tx, p!, r, { action: 'consultationEnded', status, set: {}, note });
  });
  return viewFor(ctx, ctx.db, row);
}

export interface ReplyDocument {
  name: string;
  data: Buffer;
}

export async function replyRequest(ctx: FoiContext, p: Principal | undefined, input: Target & ReplyInput & { document?: ReplyDocument }): Promise<FoiView> {
  // reach, version and state are checked before the input and before the document is kept
  const first = await ctx.database.db.transaction(async (tx) => {
    const r = await lockFor(tx, p, input.id, input.version, 'reply');
    nextStatus(r.status as never, 'reply');
    return r;
  });
  const reply = checkReply(input);
  let file: { key: string; name: string; type: string } | undefined;
  if (input.document?.data.length) {
    const doc = input.document;
    if (doc.data.length > LIMITS.fileBytes) throw validation(t('foi.field.document'), t('foi.error.fileTooBig', { mb: LIMITS.fileBytes / 1024 / 1024 }));
    const type = documentTypeOf(doc.data);
    if (!type) throw validation(t('foi.field.document'), t('foi.error.fileType'));
    file = { key: '', name: cleanText(doc.name || `reply.${type.ext}`, { max: 200 }).replace(/[\\/]/g, '_').slice(0, 200), type: type.type };
  }
  if (file) file.key = await ctx.files.put(input.document!.data);
  const row = await ctx.database.db.transaction(async (tx) => {
    const r = await lockFor(tx, p, input.id, first.version, 'reply');
    const status = nextStatus(r.status as never, 'reply');
    const today = ctx.today();
    if (lateWithoutExtension(ctx.calendar, factsOf(r, await repo.pausesOf(tx, [r.id])), today)) throw new ConflictError(t('foi.error.lateReply'));
    return writeChange(ctx, tx, p!, r, {
      action: 'replied',
      status,
      set: { replyType: reply.type, replyGround: reply.ground, replyBody: reply.body, repliedOn: today, replyFileKey: file?.key ?? null, replyFileName: file?.name ?? null, replyFileType: file?.type ?? null },
      note: t(`foi.replyType.${reply.type}`),
      notify: 'foi-replied',
    });
  });
  return viewFor(ctx, ctx.db, row);
}
