/**
 * What the catalogue's drafts put on the work desk (/admin): drafts waiting for review as a to-do,
 * and a card of one's own drafts. The desk takes it by shape (admin/desk.ts).
 */
import { type Principal, can } from '../../lib/principal.js';
import { html } from '../../web/html.js';
import { t } from '../../lib/i18n/index.js';

/** the catalogue's drafts (`DraftService.counts`): a to-do for reviewers and a card for everyone who edits */
export function draftDesk(drafts: { counts(p: Principal): Promise<{ mine: number; waiting: number; rejected: number } | undefined> }){
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
    async todo(p: Principal) {
      const d = can(p, 'catalog.review') ? await counts(p) : undefined;
      return d ? [{ order: 40, n: d.waiting, label: t('todo.reviewDrafts'), href: '/admin/drafts?status=review' }] : [];
    },
    async cards(p: Principal) {
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
