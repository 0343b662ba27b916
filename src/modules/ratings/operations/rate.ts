/**
 * The rater's side: see the subjects awaiting a rating and those rated, rate one once (a bad
 * rating opens its rectification case in the same transaction), and add one 追评.
 */
import { BadRequestError, ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import type { RatingsContext } from '../context.js';
import type { Actor } from '../faces.js';
import type { FollowUpInput, RateInput } from '../forms.js';
import { isBad, KINDS, type Level, LEVELS, LIMITS, RECTIFY_WORKING_DAYS, reasonsFor } from '../model.js';
import { nextRatingState, notFound, requireRater } from '../policy.js';
import { levelLabel, raterView } from '../present.js';
import * as repo from '../repo.js';
import { forgetTally } from './public.js';

const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });

/** The subject by its address, if it is the principal's to rate; anyone else: "not found". */
async function subjectOf(_ctx: RatingsContext, db: RatingsContext['db'], p: Principal | undefined, kind: string, subjectRef: string) {
  if (!(KINDS as readonly string[]).includes(kind) || typeof subjectRef !== 'string' || subjectRef.length > LIMITS.subjectRefMax) throw notFound();
  const row = p && p.kind !== 'staff' ? await repo.findRatable(db, kind, subjectRef) : undefined;
  requireRater(p, row);
  return row;
}

export async function ratingView(ctx: RatingsContext, p: Principal | undefined, kind: string, subjectRef: string) {
  const row = await subjectOf(ctx, ctx.db, p, kind, subjectRef);
  const [names, rectification] = await Promise.all([ctx.catalog.departmentNames(), repo.rectificationOf(ctx.db, row.id)]);
  return raterView(row, names, rectification, ctx.clock.now());
}

/** The input checked: a level, reasons of that level's list, the text; a bad rating needs a reason or text. */
export function checkRating(input: RateInput) {
  const level = LEVELS.find((l) => l === input.level) as Level | undefined;
  if (!level) throw new BadRequestError(t('ratings.error.level'), 'bad_level');
  const allowed = reasonsFor(level).map((r) => r.code);
  const reasons = [...new Set(Array.isArray(input.reasons) ? input.reasons : [])];
  if (reasons.some((r) => typeof r !== 'string' || !allowed.includes(r))) throw new BadRequestError(t('ratings.error.reason', { level: levelLabel(level) }), 'bad_reason');
  const raw = typeof input.comment === 'string' ? input.comment : '';
  const comment = cleanText(raw, { multiline: true });
  if (comment.length > LIMITS.commentMax) throw new BadRequestError(t('ratings.error.comment', { max: LIMITS.commentMax }), 'bad_comment');
  if (isBad(level) && reasons.length === 0 && !comment) throw new BadRequestError(t('ratings.error.badNeedsReason', { level: levelLabel(level) }), 'reason_required');
  // in the order of the list, whatever order they came in
  return { level, reasons: allowed.filter((c) => reasons.includes(c)), comment: comment || null };
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Rate a subject, once. With an Idempotency-Key, the same request again answers as the first
 * did (`created: false`); any other second rating is refused (409) and changes nothing.
 */
export async function rateSubject(ctx: RatingsContext, p: Principal | undefined, input: RateInput, idempotencyKey?: string) {
  if (idempotencyKey !== undefined && !KEY.test(idempotencyKey)) throw new BadRequestError(t('ratings.error.idempotencyKey'), 'bad_idempotency_key');
  const kind = typeof input.kind === 'string' ? input.kind : '';
  const subjectRef = typeof input.subjectRef === 'string' ? input.subjectRef : '';
  // who may rate is asked before the input: to anyone else the subject does not exist
  await subjectOf(ctx, ctx.db, p, kind, subjectRef);
  const rating = checkRating(input);
  const names = await ctx.catalog.departmentNames();
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const row = await subjectOf(ctx, tx, p, kind, subjectRef);
    if (row.level && idempotencyKey && row.ratingKey === idempotencyKey) {
      if (row.level !== rating.level) throw new ConflictError(t('ratings.error.idempotencyMismatch'));
      return { row, rectification: await repo.rectificationOf(tx, row.id), created: false };
    }
    nextRatingState(row, 'rate', { level: row.level ? levelLabel(row.level) : '' });
    const rated = await repo.saveRating(tx, row.id, { ...rating, ratedAt: now, ratingKey: idempotencyKey ?? null });
    if (!rated) throw new ConflictError(t('ratings.error.alreadyRated', { level: '' }));
    const actor = actorOf(p as Principal);
    const entityId = `${rated.kind}:${rated.subjectRef}`;
    await ctx.audit.record(tx, actor, [
      { action: 'rating.given', entity: 'ratable', entityId, after: { level: rated.level, reasons: rated.reasons }, departmentId: rated.departmentId },
    ]);
    let rectification: repo.RectificationRow | undefined;
    if (isBad(rating.level)) {
      const dueAt = ctx.calendar.addWorkingDays(now, RECTIFY_WORKING_DAYS);
      rectification = await repo.insertRectification(tx, { ratableId: rated.id, departmentId: rated.departmentId, openedAt: now, dueAt });
      if (rectification) {
        await ctx.audit.record(tx, actor, [
          { action: 'rectification.opened', entity: 'rectification', entityId: rectification.id, after: { ratable: entityId, dueAt }, departmentId: rated.departmentId },
        ]);
        const staff = await ctx.accounts.contactsFor(tx, { departmentIds: [rated.departmentId], roles: ['dept_admin', 'handler'] });
        await ctx.notify.enqueueMany(
          tx,
          staff.map((s) => ({
            template: 'rectification-opened' as const,
            vars: { title: rated.title, level: levelLabel(rating.level), due: ctx.formatDate(dueAt), link: `/admin/rectifications/${rectification?.id}` },
            to: s.to,
            channels: s.channels,
          })),
        );
      }
    }
    return { row: rated, rectification, created: true };
  });
  if (result.created) forgetTally(ctx);
  return { view: raterView(result.row, names, result.rectification, now), created: result.created };
}

/** One 追评 after the rating: it changes neither the level nor the figures. */
export async function followUpSubject(ctx: RatingsContext, p: Principal | undefined, kind: string, subjectRef: string, input: FollowUpInput) {
  await subjectOf(ctx, ctx.db, p, kind, subjectRef);
  const text = cleanText(typeof input.followUp === 'string' ? input.followUp : '', { multiline: true });
  if (!text || text.length > LIMITS.followUpMax) throw new BadRequestError(t('ratings.error.followUpEmpty', { max: LIMITS.followUpMax }), 'bad_follow_up');
  const names = await ctx.catalog.departmentNames();
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const found = await subjectOf(ctx, tx, p, kind, subjectRef);
    nextRatingState(found, 'followUp');
    const saved = await repo.saveFollowUp(tx, found.id, text, now);
    if (!saved) throw new ConflictError(t('ratings.error.followUpOnce'));
    await ctx.audit.record(tx, actorOf(p as Principal), [
      { action: 'rating.followUp', entity: 'ratable', entityId: `${saved.kind}:${saved.subjectRef}`, departmentId: saved.departmentId },
    ]);
    return saved;
  });
  return raterView(row, names, await repo.rectificationOf(ctx.db, row.id), now);
}

/** 办件评价: the person's subjects awaiting a rating, and those rated. */
export async function myRatings(ctx: RatingsContext, p: Principal, pages: { awaiting: { limit: number; offset: number }; rated: { limit: number; offset: number } }) {
  if (p.kind === 'staff') return { awaiting: { total: 0, rows: [] }, rated: { total: 0, rows: [] } };
  const [names, awaiting, rated] = await Promise.all([
    ctx.catalog.departmentNames(),
    repo.raterList(ctx.db, p.userId, false, pages.awaiting),
    repo.raterList(ctx.db, p.userId, true, pages.rated),
  ]);
  const now = ctx.clock.now();
  const view = (r: { ratable: repo.RatableRow; rectification: repo.RectificationRow | null }) => raterView(r.ratable, names, r.rectification, now);
  return { awaiting: { total: awaiting.total, rows: awaiting.rows.map(view) }, rated: { total: rated.total, rows: rated.rows.map(view) } };
}
