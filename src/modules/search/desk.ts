/**
 * What search puts on the work desk (/admin) for those who manage it: the queries that found
 * nothing. The desk takes it by shape (admin/desk.ts).
 */
import type { Principal } from '../../lib/principal.js';
import { searchAbilities } from './policy.js';
import { html } from '../../web/html.js';
import { t } from '../../lib/i18n/index.js';

/** search's queries that found nothing (`SearchService.zeroResultQueries`), for those who manage search */
export function searchDesk(search: { zeroResultQueries(days?: number, limit?: number): Promise<{ query: string; count: number }[]> }){
  return {
    key: 'search',
    async cards(p: Principal) {
      if (!searchAbilities(p).manage) return [];
      const zero = await search.zeroResultQueries(30, 8);
      const body = zero.length
        ? html`<ol>${zero.map((z) => html`<li>${z.query} <span class="muted">× ${z.count}</span></li>`)}</ol>`
        : html`<p>${t('admin.noZeroResults')}</p>`;
      return [{ order: 40, title: t('admin.zeroResults'), href: '/admin/search', body }];
    },
  };
}
