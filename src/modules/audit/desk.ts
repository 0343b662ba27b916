/**
 * The audit log's card on the back office's work desk (the newest changes within the person's
 * reach), in the shape of the admin module's desk slot; app.ts registers it.
 */
import type { Principal } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';
import type { AuditService } from './service.js';
import { recentChangesList } from './views/log.js';

export function auditDesk(audit: AuditService, timeZone: string) {
  return {
    key: 'audit',
    async cards(p: Principal) {
      const entries = await audit.recent(p, 8);
      return entries ? [{ order: 50, title: t('admin.recentChanges'), href: '/admin/audit', body: recentChangesList(entries, timeZone) }] : [];
    },
  };
}
