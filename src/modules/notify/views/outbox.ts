/** Back office: notification delivery (/admin/notifications) and its card on the work desk. */
import { adminLayout, formatTime } from '../../../web/admin-layout.js';
import { csrfField, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { OutboxView } from '../operations/outbox.js';

export type { OutboxView } from '../operations/outbox.js';

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
}

export function notificationsPage(c: Common & { dead: OutboxView[]; pending: OutboxView[] }) {
  const table = (rows: OutboxView[], caption: string, retry: boolean) =>
    rows.length
      ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}"><table class="table"><caption>${caption}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${t('outbox.channel')}</th><th scope="col">${t('outbox.recipient')}</th><th scope="col">${t('outbox.template')}</th><th scope="col">${t('outbox.attempts')}</th><th scope="col">${t('outbox.error')}</th><th scope="col">${t('outbox.created')}</th>${retry ? html`<th scope="col">${t('admin.actions')}</th>` : html`<th scope="col">${t('outbox.next')}</th>`}</tr></thead>
<tbody>${rows.map(
          (r) => html`<tr><td>${r.id}</td><td>${t(`channel.${r.channel}` as 'channel.sms')}</td><td>${r.recipient}</td><td>${r.template}</td><td>${r.attempts}</td><td class="error-text">${r.lastError ?? ''}</td><td>${formatTime(r.createdAt, c.timeZone)}</td>
${retry ? html`<td><form method="post" action="/admin/notifications/${r.id}/retry" class="inline">${csrfField(c.csrf)}<button type="submit" class="link">${t('outbox.retry')}</button></form></td>` : html`<td>${formatTime(r.nextAttemptAt, c.timeZone)}</td>`}</tr>`,
        )}</tbody></table></div>`
      : html`<h2>${caption}</h2><p>${t('outbox.none')}</p>`;
  return adminLayout(
    { title: t('admin.nav.notifications'), principal: c.principal, csrf: c.csrf, current: '/admin/notifications' },
    html`${notice(c.flash)}<p class="lead">${t('outbox.intro')}</p>
${table(c.dead, t('admin.deadLetters'), true)}
${table(c.pending, t('admin.pendingMessages'), false)}`,
  );
}

/** The work desk's delivery counts. */
export const outboxStats = (c: { dead: number; pending: number }) =>
  html`<ul class="stats"><li class="${c.dead ? 'alert' : ''}"><strong>${c.dead}</strong> ${t('admin.deadLetters')}</li><li><strong>${c.pending}</strong> ${t('admin.pendingMessages')}</li></ul>`;
