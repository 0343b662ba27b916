/** Notification delivery in the back office, /admin/notifications: the operations check who may manage it. */
import type { FastifyInstance } from 'fastify';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { flashFrom } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import type { NotifyService } from './service.js';
import { notificationsPage } from './views/outbox.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FLASH = { retried: 'admin.flash.retried' } as const;

export async function notifyAdminRoutes(app: FastifyInstance, deps: { notify: NotifyService; timeZone: string }) {
  const { notify, timeZone } = deps;

  app.get('/admin/notifications', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const { dead, pending } = await notify.outboxOverview(p);
    return reply.type(HTML).send(notificationsPage({ principal: p, csrf: reply.csrfToken(), timeZone, flash: flashFrom(request.query, FLASH), dead, pending }));
  });

  app.post('/admin/notifications/:id/retry', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    await notify.retryDelivery(p, id);
    return reply.redirect('/admin/notifications?done=retried', 303);
  });
}
