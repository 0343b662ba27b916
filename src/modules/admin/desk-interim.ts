/**
 * Desk providers for letters, catalogue drafts and search, written here until those modules
 * offer their own (each belongs on its module's face: `letters`, `catalog`, `search`). They take
 * the services by shape, so admin imports none of those modules.
 */
import { type Principal, can } from '../../lib/principal.js';
import { html } from '../../web/html.js';
import { t } from '../../web/i18n/index.js';
import type { DeskProvider } from './desk.js';

/** letters' to-do counts (`createLetterTodo`) */
export function letterDesk(todo: {
  counts(p: Principal): Promise<{ dispatch?: number; handle?: number; review?: number; dueSoon: number; overdue: number } | undefined>;
}): DeskProvider {
  return {
    key: 'letters',
    async todo(p) {
      const l = await todo.counts(p);
      if (!l) return [];
      const rows = [];
      if (l.dispatch !== undefined) rows.push({ order: 10, n: l.dispatch, label: t('todo.dispatch'), href: '/admin/letters?status=dispatching' });
      if (l.handle !== undefined) rows.push({ order: 20, n: l.handle, label: t('todo.handle'), href: '/admin/letters?status=handling' });
      if (l.review !== undefined) rows.push({ order: 30, n: l.review, label: t('todo.review'), href: '/admin/letters?status=reviewing' });
      rows.push({ order: 50, n: l.dueSoon, label: t('todo.dueSoon'), href: '/admin/letters?status=all&due=soon', alert: l.dueSoon > 0 });
      rows.push({ order: 60, n: l.overdue, label: t('todo.overdue'), href: '/admin/letters?status=all&overdue=1', alert: l.overdue > 0 });
      return rows;
    },
  };
}

/** the catalogue's drafts (`DraftService.counts`): a to-do for reviewers and a card for everyone who edits */
export function draftDesk(drafts: { counts(p: Principal): Promise<{ mine: number; waiting: number; rejected: number } | undefined> }): DeskProvider {
  // one count per page: the to-do and the card ask for the same principal
  const asked = new WeakMap<Principal, ReturnType<typeof drafts.counts>>();
  const counts = (p: Principal) => {
    const known = asked.get(p);
    if (known) return known;
    const c = drafts.counts(p);
    asked.set(p, c);
    return c;
  };
  return {
    key: 'drafts',
    async todo(p) {
      const d = can(p, 'catalog.review') ? await counts(p) : undefined;
      return d ? [{ order: 40, n: d.waiting, label: t('todo.reviewDrafts'), href: '/admin/drafts?status=review' }] : [];
    },
    async cards(p) {
      const d = await counts(p);
      if (!d) return [];
      const body = html`<ul class="stats">
<li><a href="/admin/drafts?status=review"><strong>${d.waiting}</strong> ${t('admin.draftsWaiting')}</a></li>
<li><a href="/admin/drafts?mine=1&status=draft"><strong>${d.mine}</strong> ${t('admin.draftsMine')}</a></li>
<li><a href="/admin/drafts?mine=1&status=rejected"><strong>${d.rejected}</strong> ${t('admin.draftsRejected')}</a></li>
</ul>`;
      return [{ order: 20, title: t('admin.nav.drafts'), href: '/admin/drafts', body }];
    },
  };
}

/** search's queries that found nothing (`SearchService.zeroResultQueries`), for those who manage search */
export function searchDesk(search: { zeroResultQueries(days?: number, limit?: number): Promise<{ query: string; count: number }[]> }): DeskProvider {
  return {
    key: 'search',
    async cards(p) {
      if (!can(p, 'search.manage')) return [];
      const zero = await search.zeroResultQueries(30, 8);
      const body = zero.length
        ? html`<ol>${zero.map((z) => html`<li>${z.query} <span class="muted">× ${z.count}</span></li>`)}</ol>`
        : html`<p>${t('admin.noZeroResults')}</p>`;
      return [{ order: 40, title: t('admin.zeroResults'), href: '/admin/search', body }];
    },
  };
}
