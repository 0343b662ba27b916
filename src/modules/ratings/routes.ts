/**
 * The citizen's and the public's pages of ratings: 办件评价 in the personal space (the list, one
 * subject's rating page, rate and 追评 forms: POST → 303 → GET, errors shown again with their
 * status), and 政务服务满意度 (/satisfaction, per department, per item) with its charts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { field, fields, handleForm } from '../../web/forms.js';
import { citizenOrRedirect } from '../../web/guards.js';
import { intParam, paging } from '../../web/paging.js';
import { departmentsChart, levelsChart } from './charts.js';
import type { AccountService } from './faces.js';
import { followUpFromForm, rateFromForm } from './forms.js';
import type { RaterView } from './present.js';
import type { RatingsService } from './service.js';
import { myRatingsPage, ratePage } from './views/me.js';
import { satisfactionPage } from './views/public.js';

export interface RatingRouteDeps {
  ratings: RatingsService;
  accounts: Pick<AccountService, 'account'>;
  timeZone: string;
}

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } } as const;
const SVG = 'image/svg+xml; charset=utf-8';

export async function ratingRoutes(app: FastifyInstance, deps: RatingRouteDeps) {
  const { ratings, accounts, timeZone } = deps;

  app.get('/me/ratings', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const q = request.query as Record<string, unknown>;
    const pg = paging(request.query, 20);
    const first = { limit: pg.size, offset: 0 };
    const pages = q.which === 'rated' ? { awaiting: first, rated: pg } : { awaiting: pg, rated: first };
    const [account, mine] = await Promise.all([accounts.account(p.userId), ratings.mine(p, pages)]);
    return reply.type(HTML).send(
      myRatingsPage({
        account,
        csrf: reply.csrfToken(),
        timeZone,
        size: pg.size,
        awaiting: { ...mine.awaiting, page: q.which === 'rated' ? 1 : pg.page },
        rated: { ...mine.rated, page: q.which === 'rated' ? pg.page : 1 },
      }),
    );
  });

  const subject = (params: unknown) => params as { kind: string; ref: string };

  function flashOf(query: unknown, v: RaterView): string | undefined {
    const done = (query as { done?: unknown }).done;
    if (done === 'followUp') return t('ratings.rate.followUpDone');
    if (done !== 'rated') return undefined;
    if (v.rectification)
      return t('ratings.rate.doneBad', { department: v.department, due: new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long' }).format(v.rectification.dueAt) });
    return t('ratings.rate.done');
  }

  async function page(p: Principal, reply: FastifyReply, kind: string, ref: string, extra: { query?: unknown; error?: { message: string }; body?: unknown } = {}) {
    const [account, view] = await Promise.all([accounts.account(p.userId), ratings.view(p, kind, ref)]);
    const posted = extra.body
      ? { level: field(extra.body, 'level'), reasons: fields(extra.body, 'reasons'), comment: field(extra.body, 'comment'), followUp: field(extra.body, 'followUp') }
      : undefined;
    return ratePage({ account, csrf: reply.csrfToken(), timeZone, view, flash: extra.query ? flashOf(extra.query, view) : undefined, error: extra.error, posted });
  }

  app.get('/me/ratings/:kind/:ref', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const { kind, ref } = subject(request.params);
    return reply.type(HTML).send(await page(p, reply, kind, ref, { query: request.query }));
  });

  app.post('/me/ratings/:kind/:ref', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const { kind, ref } = subject(request.params);
    return handleForm(
      reply,
      async () => {
        await ratings.rate(p, rateFromForm(kind, ref, request.body));
        return reply.redirect(`/me/ratings/${kind}/${encodeURIComponent(ref)}?done=rated`, 303);
      },
      (error) => page(p, reply, kind, ref, { error, body: request.body }),
    );
  });

  app.post('/me/ratings/:kind/:ref/follow-up', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const { kind, ref } = subject(request.params);
    return handleForm(
      reply,
      async () => {
        await ratings.followUp(p, kind, ref, followUpFromForm(request.body));
        return reply.redirect(`/me/ratings/${kind}/${encodeURIComponent(ref)}?done=followUp`, 303);
      },
      (error) => page(p, reply, kind, ref, { error, body: request.body }),
    );
  });

  // ---- public satisfaction ------------------------------------------------------------------------

  const scopeOf = (query: unknown) => {
    const q = query as Record<string, unknown>;
    return { department: intParam(q.department), item: intParam(q.item) };
  };
  const idOf = (raw: unknown, message: 'ratings.error.department' | 'ratings.error.item') => {
    const id = intParam(raw);
    if (!id) throw new NotFoundError(t(message));
    return id;
  };

  app.get('/satisfaction', hidden, async (_request, reply) => reply.type(HTML).send(satisfactionPage(await ratings.satisfaction())));
  app.get('/satisfaction/departments/:id', hidden, async (request, reply) => {
    const department = idOf((request.params as { id: string }).id, 'ratings.error.department');
    return reply.type(HTML).send(satisfactionPage(await ratings.satisfaction({ department })));
  });
  app.get('/satisfaction/items/:id', hidden, async (request, reply) => {
    const item = idOf((request.params as { id: string }).id, 'ratings.error.item');
    return reply.type(HTML).send(satisfactionPage(await ratings.satisfaction({ item })));
  });
  app.get('/satisfaction/:chart', hidden, async (request, reply) => {
    const { chart } = request.params as { chart: string };
    if (chart !== 'levels.svg' && chart !== 'departments.svg') return reply.callNotFound();
    const s = await ratings.satisfaction(chart === 'levels.svg' ? scopeOf(request.query) : {});
    const svg = chart === 'levels.svg' ? levelsChart(s) : departmentsChart(s);
    return reply.type(SVG).header('cache-control', 'public, max-age=60').send(svg);
  });
}
