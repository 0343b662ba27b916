/**
 * What ratings put on the back office's work desk (/admin): the person's department's bad ratings
 * awaiting rectification, and those overdue. The desk takes it by shape (admin/desk.ts).
 */
import type { Principal } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';
import { mayRectify } from './policy.js';
import type { RatingsService } from './service.js';

export function ratingsDesk(ratings: Pick<RatingsService, 'counts'>) {
  return {
    key: 'ratings',
    async todo(p: Principal) {
      if (!mayRectify(p)) return [];
      const c = await ratings.counts(p);
      return [
        { order: 40, n: c.open, label: t('todo.rectify'), href: '/admin/rectifications?status=open' },
        { order: 65, n: c.overdue, label: t('todo.rectifyOverdue'), href: '/admin/rectifications?status=overdue', alert: c.overdue > 0 },
      ];
    },
  };
}
