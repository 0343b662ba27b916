/**
 * /dev/inbox: what the portal would have sent by SMS or e-mail, readable in the browser, so the
 * demo (a letter with its phone code, a sign-up) can be walked with no gateway. Registered only
 * outside production, and only when a channel has no gateway; otherwise the address is a 404.
 */
import type { FastifyInstance } from 'fastify';
import { html } from '../../web/html.js';
import { t } from '../../lib/i18n/index.js';
import { layout } from '../../web/layout.js';
import type { DevMessage } from './dev-inbox.js';
import type { NotifyService } from './service.js';

export async function devInboxRoutes(app: FastifyInstance, deps: { notify: NotifyService; timeZone: string }) {
  const inbox = deps.notify.devInbox;
  if (!inbox) return;
  app.get('/dev/inbox', { schema: { hide: true } }, async (_request, reply) => {
    // deliver what is waiting first, so a code asked for a moment ago is already here
    await deps.notify.deliverDue();
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(devInboxPage(inbox.list(50), deps.timeZone));
  });
}

function devInboxPage(messages: DevMessage[], timeZone: string) {
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  return layout(
    { title: t('dev.inbox.title'), crumbs: [{ label: t('dev.inbox.title') }] },
    html`<h1>${t('dev.inbox.title')}</h1>
<p class="lead">${t('dev.inbox.intro')}</p>
<p><a href="/dev/inbox">${t('dev.inbox.refresh')}</a></p>
${
  messages.length
    ? html`<ol class="dev-inbox">${messages.map(
        (m) => html`<li><article aria-labelledby="dev-msg-${m.id}">
<h2 id="dev-msg-${m.id}">${t(`channel.${m.channel}`)} · ${t('dev.inbox.to')} ${m.to}</h2>
<p class="meta"><time datetime="${m.at.toISOString()}">${when.format(m.at)}</time>${m.channel === 'email' ? html` · ${m.title}` : ''}</p>
<p class="message-body">${m.body}</p>
</article></li>`,
      )}</ol>`
    : html`<p>${t('dev.inbox.empty')}</p>`
}`,
  );
}
