/** The staff message box: the same in-site messages citizens read at /me/messages, in the back office. */
import { adminLayout, formatTime } from '../../../web/admin-layout.js';
import { csrfField, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { pager } from '../../../web/paging.js';
import type { Principal } from '../../../lib/principal.js';
import type { InboxEntry } from '../../accounts/index.js';

export function staffMessagesPage(c: {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
  entries: InboxEntry[];
  total: number;
  unread: number;
  page: number;
  size: number;
}) {
  return adminLayout(
    { title: t('admin.nav.messages'), principal: c.principal, csrf: c.csrf, current: '/admin/messages' },
    html`${notice(c.flash)}<p class="lead">${t('admin.messages.intro')}</p>
<p>${c.unread ? t('admin.messages.unread', { n: c.unread }) : t('me.noUnread')}</p>
${
  c.entries.length
    ? html`<ol class="inbox">${c.entries.map(
        (m) => html`<li class="${m.readAt ? 'read' : 'unread'}"><article aria-labelledby="msg-${m.id}">
<h2 id="msg-${m.id}">${m.readAt ? '' : html`<span class="badge">${t('me.new')}</span> `}${m.title}</h2>
<p class="meta">${formatTime(m.createdAt, c.timeZone)}</p>
<p class="message-body">${m.body}</p>
${m.link ? html`<p><a href="${m.link}">${t('me.openLink')}</a></p>` : ''}
${m.readAt ? '' : html`<form method="post" action="/admin/messages/${m.id}/read" class="inline">${csrfField(c.csrf)}<button type="submit" class="link">${t('me.markRead')}</button></form>`}
</article></li>`,
      )}</ol>`
    : html`<p>${t('me.noMessages')}</p>`
}
${pager('/admin/messages', c.page, c.size, c.total)}`,
  );
}
