/**
 * The periodic work of ratings (a cluster job, registered in src/jobs/index.ts): one invitation
 * to rate, through the rater's account, for a subject still unrated 3 days after conclusion —
 * never twice (the row is claimed with `invited_at` in the same transaction as the outbox row);
 * and rectifications past their due date flagged overdue, once, their department told.
 */
import type { RatingsContext } from '../context.js';
import { INVITE_AFTER_MS } from '../model.js';
import * as repo from '../repo.js';
import { SYSTEM } from './open.js';

export async function runRatingJobs(ctx: RatingsContext, now = ctx.clock.now()) {
  let invited = 0;
  let flagged = 0;
  for (const candidate of await repo.dueForInvitation(ctx.db, new Date(now.getTime() - INVITE_AFTER_MS))) {
    await ctx.db.transaction(async (tx) => {
      const row = await repo.markInvited(tx, candidate.id, now);
      if (!row) return;
      await ctx.accounts.notifyAccount(tx, row.raterUserId, 'rating-invitation', {
        title: row.title,
        concluded: ctx.formatDate(row.concludedAt),
        link: `/me/ratings/${row.kind}/${encodeURIComponent(row.subjectRef)}`,
      });
      await ctx.audit.record(tx, SYSTEM, [{ action: 'rating.invited', entity: 'ratable', entityId: `${row.kind}:${row.subjectRef}`, departmentId: row.departmentId }]);
      invited++;
    });
  }
  for (const candidate of await repo.overdueUnflagged(ctx.db, now)) {
    await ctx.db.transaction(async (tx) => {
      const r = await repo.markOverdue(tx, candidate.id, now);
      if (!r) return;
      const subject = await repo.ratableById(tx, r.ratableId);
      await ctx.audit.record(tx, SYSTEM, [{ action: 'rectification.overdue', entity: 'rectification', entityId: r.id, departmentId: r.departmentId }]);
      const staff = await ctx.accounts.contactsFor(tx, { departmentIds: [r.departmentId], roles: ['dept_admin', 'handler'] });
      await ctx.notify.enqueueMany(
        tx,
        staff.map((s) => ({
          template: 'rectification-overdue' as const,
          vars: { title: subject?.title ?? '', due: ctx.formatDate(r.dueAt), link: `/admin/rectifications/${r.id}` },
          to: s.to,
          channels: s.channels,
        })),
      );
      flagged++;
    });
  }
  return { invited, flagged };
}
