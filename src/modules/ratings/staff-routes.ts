/** The back-office pages of 整改: the department's queue and one case with its close form (POST → 303, CSRF, no script). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { field, flashFrom, handleForm } from '../../web/forms.js';
import { intParam, paging } from '../../web/paging.js';
import { closeFromForm } from './forms.js';
import { QUEUE_FILTERS, type QueueFilter } from './operations/rectify.js';
import type { RatingsService } from './service.js';
import { casePage, queuePage } from './views/staff.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } } as const;

export async function ratingStaffRoutes(app: FastifyInstance, deps: { ratings: RatingsService; timeZone: string }) {
  const { ratings, timeZone } = deps;
  const idOf = (params: unknown) => {
    const id = intParam((params as { id: string }).id);
    if (!id) throw new NotFoundError(t('ratings.error.rectificationNotFound'));
    return id;
  };

  app.get('/admin/rectifications', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const raw = (request.query as Record<string, unknown>).status;
    const filter: QueueFilter = (QUEUE_FILTERS as readonly unknown[]).includes(raw) ? (raw as QueueFilter) : 'open';
    const pg = paging(request.query, 30);
    const list = await ratings.queue(p, filter, pg);
    return reply.type(HTML).send(queuePage({ principal: p, csrf: reply.csrfToken(), timeZone, filter, rows: list.rectifications, total: list.total, counts: list.counts, page: pg.page, size: pg.size }));
  });

  async function show(p: Principal, reply: FastifyReply, id: number, query: unknown, error?: { message: string }, body?: unknown) {
    const posted = body ? Object.fromEntries(['measures', 'callbackDate', 'callbackMethod', 'callbackResult', 'callbackNote'].map((k) => [k, field(body, k)])) : undefined;
    return casePage({ principal: p, csrf: reply.csrfToken(), timeZone, r: await ratings.rectification(p, id), flash: flashFrom(query, { closed: 'ratings.staff.done.closed' }), error, posted });
  }

  app.get('/admin/rectifications/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(await show(p, reply, idOf(request.params), request.query));
  });

  app.post('/admin/rectifications/:id/close', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = idOf(request.params);
    return handleForm(
      reply,
      async () => {
        await ratings.close(p, id, closeFromForm(request.body));
        return reply.redirect(`/admin/rectifications/${id}?done=closed`, 303);
      },
      (error) => show(p, reply, id, {}, error, request.body),
    );
  });
}
