/**
 * The personal space's overview lists what people started through providers (accounts/started.ts);
 * ratings offers one: the subjects awaiting the person's rating, linking to 办件评价 (/me/ratings),
 * so the personal space reaches the page without knowing this module.
 */
import type { Principal } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';
import type { StartedProvider } from './faces.js';
import type { RatingsService } from './service.js';

export function ratingsStarted(ratings: Pick<RatingsService, 'mine'>): StartedProvider {
  return {
    kind: 'ratings',
    label: t('ratings.me.title'),
    href: '/me/ratings',
    async list(p: Principal, page: { limit: number; offset: number }) {
      const mine = await ratings.mine(p, { awaiting: page, rated: { limit: 1, offset: 0 } });
      return {
        total: mine.awaiting.total,
        entries: mine.awaiting.rows.map((r) => ({
          reference: r.subjectRef,
          title: r.itemName ?? r.title,
          status: t('ratings.me.awaiting'),
          startedAt: r.concludedAt,
          updatedAt: r.concludedAt,
          href: r.href,
        })),
      };
    },
  };
}
