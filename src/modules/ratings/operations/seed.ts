/**
 * The demo's ratings (data/demo/ratings/ratings.json): concluded applications of the demo
 * catalogue's items, rated or awaiting a rating, bad ones with open and closed rectifications,
 * so /satisfaction shows real figures. Dates are relative to today; loaded once, without
 * notifications. The subjects are the applications demo's concluded cases (opened by their
 * conclusion; cli/seed.ts hands them over with the ratings from data/demo/applications/cases.json).
 */
import type { RatingsContext } from '../context.js';
import { CALLBACK_METHODS, CALLBACK_RESULTS, isBad, LEVELS, RECTIFY_WORKING_DAYS, reasonsFor } from '../model.js';
import * as repo from '../repo.js';

export interface DemoRatings {
  subjects: {
    subjectRef: string;
    /** the item's implementation code (implCode) in the demo catalogue */
    item: string;
    /** the demo account (phone) that applied */
    rater: string;
    concludedDaysAgo: number;
    rating: {
      level: string;
      reasons: string[];
      comment: string | null;
      afterDays: number;
      followUp?: string;
      rectification?: {
        measures: string;
        callbackMethod: string;
        callbackResult: string;
        callbackNote: string;
        /** working days after the bad rating it was closed */
        closedAfterWorkingDays: number;
      };
    } | null;
    invited?: boolean;
  }[];
}

const DAY = 86_400_000;

/** That day (in the portal's time zone) at the hour given (9.5 = 09:30). */
const atHour = (ctx: RatingsContext, day: Date, hour: number) => new Date(ctx.calendar.startOfDay(ctx.calendar.localDate(day)).getTime() + hour * 3_600_000);

export async function seedRatings(ctx: RatingsContext, content: DemoRatings, raterOf: (phone: string) => Promise<number | undefined>) {
  const codes = [...new Set(content.subjects.map((s) => s.item))];
  const items = new Map((await ctx.catalog.itemRefs({ codes })).map((i) => [i.implCode, i]));
  const raters = new Map<string, number>();
  for (const phone of new Set(content.subjects.map((s) => s.rater))) {
    const id = await raterOf(phone);
    if (id) raters.set(phone, id);
  }
  const now = ctx.clock.now();
  let subjects = 0;
  let ratings = 0;
  let rectifications = 0;
  await ctx.db.transaction(async (tx) => {
    for (const s of content.subjects) {
      const item = items.get(s.item);
      const raterUserId = raters.get(s.rater);
      if (!item || !raterUserId) throw new Error(`ratings demo: unknown item ${s.item} or account ${s.rater}`);
      // in office hours: concluded mid-afternoon, rated in the morning
      // a subject its concluding module opened already (the applications demo) is rated as it is, once
      const existing = await repo.findRatable(tx, 'application', s.subjectRef);
      if (existing && existing.level !== null) continue;
      const concludedAt = existing?.concludedAt ?? atHour(ctx, new Date(now.getTime() - s.concludedDaysAgo * DAY), 15.5);
      if (existing && !s.rating && s.invited && !existing.invitedAt) await repo.markInvited(tx, existing.id, new Date(concludedAt.getTime() + 3 * DAY));
      const row = existing ?? await repo.insertRatable(tx, {
        kind: 'application',
        subjectRef: s.subjectRef,
        title: `${item.name} — 受理编号 ${s.subjectRef}`,
        itemId: item.id,
        itemName: item.name,
        departmentId: item.departmentId,
        raterUserId,
        detailUrl: `/me/applications/${s.subjectRef}`,
        concludedAt,
        invitedAt: s.invited ? new Date(concludedAt.getTime() + 3 * DAY) : null,
      });
      if (!row) continue;
      subjects++;
      const r = s.rating;
      if (!r) continue;
      if (!(LEVELS as readonly string[]).includes(r.level) || r.reasons.some((c) => !reasonsFor(r.level).some((x) => x.code === c)))
        throw new Error(`ratings demo: bad level or reason in ${s.subjectRef}`);
      const ratedAt = atHour(ctx, new Date(concludedAt.getTime() + r.afterDays * DAY), r.afterDays ? 9.75 : 18.25);
      if (ratedAt > now) ratedAt.setTime(now.getTime());
      await repo.saveRating(tx, row.id, { level: r.level, reasons: r.reasons, comment: r.comment, ratedAt, ratingKey: null });
      if (r.followUp) await repo.saveFollowUp(tx, row.id, r.followUp, new Date(ratedAt.getTime() + 2 * DAY));
      ratings++;
      if (!isBad(r.level)) continue;
      const dueAt = ctx.calendar.addWorkingDays(ratedAt, RECTIFY_WORKING_DAYS);
      const opened = await repo.insertRectification(tx, { ratableId: row.id, departmentId: row.departmentId, openedAt: ratedAt, dueAt });
      rectifications++;
      const c = r.rectification;
      if (!opened || !c) continue;
      if (!(CALLBACK_METHODS as readonly string[]).includes(c.callbackMethod) || !(CALLBACK_RESULTS as readonly string[]).includes(c.callbackResult))
        throw new Error(`ratings demo: bad callback in ${s.subjectRef}`);
      const closedAt = ctx.calendar.addWorkingDays(ratedAt, c.closedAfterWorkingDays);
      closedAt.setTime(Math.min(closedAt.getTime() - 7 * 3_600_000, now.getTime()));
      await repo.closeRectification(tx, opened.id, opened.version, {
        measures: c.measures,
        callbackDate: ctx.calendar.localDate(closedAt),
        callbackMethod: c.callbackMethod,
        callbackResult: c.callbackResult,
        callbackNote: c.callbackNote,
        closedAt,
        closedByName: '部门整改专员',
      });
    }
  });
  return { subjects, ratings, rectifications };
}
