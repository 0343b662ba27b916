/**
 * What applications put on the back office's work desk (/admin): the cases waiting for the
 * 综合窗口 to accept, those waiting for the person's department's opinion, and those due soon or
 * overdue — each count a link to the queue so filtered. The desk takes it by shape (admin/desk.ts);
 * a member of staff who may not see applications gets nothing.
 */
import { AppError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import type { ApplicationsContext } from './context.js';
import { type StaffQueueQuery, staffQueue } from './operations/reads.js';

export function applicationDesk(ctx: ApplicationsContext) {
  const count = async (p: Principal, q: StaffQueueQuery) => (await staffQueue(ctx, p, { ...q, limit: 1 })).total;
  return {
    key: 'applications',
    async todo(p: Principal) {
      try {
        const [submitted, pending, dueSoon, overdue] = await Promise.all([
          count(p, { status: 'submitted' }),
          count(p, { status: 'accepted,reviewing', pending: true }),
          count(p, { status: 'accepted,reviewing', due: 'soon' }),
          count(p, { status: 'accepted,reviewing', due: 'overdue' }),
        ]);
        return [
          { order: 12, n: submitted, label: t('applications.page.desk.submitted'), href: '/admin/applications?status=submitted' },
          { order: 22, n: pending, label: t('applications.page.desk.pending'), href: '/admin/applications?status=reviewing' },
          { order: 52, n: dueSoon, label: t('applications.page.desk.dueSoon'), href: '/admin/applications?status=reviewing&due=soon', alert: dueSoon > 0 },
          { order: 62, n: overdue, label: t('applications.page.desk.overdue'), href: '/admin/applications?status=reviewing&due=overdue', alert: overdue > 0 },
        ];
      } catch (e) {
        if (e instanceof AppError && e.status === 403) return [];
        throw e;
      }
    },
  };
}
