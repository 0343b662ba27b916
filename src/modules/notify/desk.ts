/**
 * Delivery's card on the back office's work desk (dead letters and messages waiting), in the
 * shape of the admin module's desk slot; app.ts registers it.
 */
import type { Principal } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';
import type { NotifyService } from './service.js';
import { outboxStats } from './views/outbox.js';

export function notifyDesk(notify: NotifyService) {
  return {
    key: 'notify',
    async cards(p: Principal) {
      const counts = await notify.outboxCounts(p);
      return counts ? [{ order: 30, title: t('admin.nav.notifications'), href: '/admin/notifications', body: outboxStats(counts) }] : [];
    },
  };
}
