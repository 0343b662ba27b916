/**
 * What certificates put on the back office's work desk (/admin): a card with the department's
 * issued documents, valid and revoked, linking to the list. The desk takes it by shape.
 */
import { html } from '../../web/html.js';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { listAbilities } from './policy.js';
import type { CertificatesService } from './service.js';

export function certificateDesk(certificates: Pick<CertificatesService, 'listIssued'>) {
  return {
    key: 'certificates',
    async cards(p: Principal) {
      if (!listAbilities(p).list) return [];
      const [valid, revoked] = await Promise.all([
        certificates.listIssued(p, { status: 'valid', limit: 1, offset: 0 }),
        certificates.listIssued(p, { status: 'revoked', limit: 1, offset: 0 }),
      ]);
      return [
        {
          order: 70,
          title: t('certificates.staff.title'),
          href: '/admin/certificates',
          body: html`<p>${t('certificates.desk.counts', { valid: valid.total, revoked: revoked.total })}</p>`,
        },
      ];
    },
  };
}
