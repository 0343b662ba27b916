/** The personal space's letters: the list of one's own letters and each one's case page, by session. */
import type { FastifyInstance } from 'fastify';
import { paging } from '../../web/paging.js';
import { citizenOrRedirect } from '../../web/guards.js';
import type { AccountService } from './faces.js';
import type { MyLetters } from './mine.js';
import { myLettersPage } from './views/mine.js';
import { casePage } from './views/public.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };

export async function letterMeRoutes(app: FastifyInstance, deps: { mine: MyLetters; accounts: AccountService; timeZone: string }) {
  const { mine, accounts, timeZone } = deps;


  app.get('/me/letters', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const pg = paging(request.query, 20);
    const [account, list] = await Promise.all([accounts.account(p.userId), mine.list(p, pg)]);
    return reply.type(HTML).send(myLettersPage(account, list.rows, list.total, pg.page, pg.size, reply.csrfToken(), timeZone));
  });

  app.get<{ Params: { code: string } }>('/me/letters/:code', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const { view, queryCode } = await mine.open(p, request.params.code, request.ip);
    return reply.type(HTML).send(casePage(view, queryCode, reply.csrfToken(), timeZone));
  });
}
