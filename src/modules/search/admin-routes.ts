/**
 * The back office's search settings at /admin/search: the zero-result and hot queries, synonyms
 * and best bets. Every handler finds the signed-in staff member; the operations check
 * `search.manage` (operations/settings.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { flashFrom, handleForm } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import { bestBetForm, synonymForm } from './forms.js';
import type { SearchService } from './service.js';
import { searchAdminPage } from './views/admin.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FLASH = { saved: 'admin.flash.saved', removed: 'admin.flash.removed' } as const;
const flashOf = (q: unknown) => flashFrom(q, FLASH);

export async function searchAdminRoutes(app: FastifyInstance, deps: { search: SearchService; timeZone: string }) {
  const { search, timeZone } = deps;

  const page = async (p: Principal, csrf: string, extra: Partial<Parameters<typeof searchAdminPage>[0]> = {}) =>
    searchAdminPage({ principal: p, csrf, timeZone, ...(await search.manage.settings(p)), filter: '', ...extra });

  app.get('/admin/search', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const filter = String((request.query as Record<string, string>).filter ?? '').slice(0, 40);
    return reply.type(HTML).send(await page(p, reply.csrfToken(), { filter, flash: flashOf(request.query) }));
  });

  app.post('/admin/search/synonyms', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const { values, entry } = synonymForm(request.body);
    return handleForm(
      reply,
      async () => {
        await search.manage.addSynonym(p, entry);
        return reply.redirect('/admin/search?done=saved', 303);
      },
      async (e) => page(p, reply.csrfToken(), { error: e.message, form: 'synonym', values }),
    );
  });

  app.post('/admin/search/synonyms/:id/delete', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    await search.manage.removeSynonym(p, intParam((request.params as { id: string }).id));
    return reply.redirect('/admin/search?done=removed', 303);
  });

  app.post('/admin/search/best-bets', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const { values, input } = bestBetForm(request.body);
    return handleForm(
      reply,
      async () => {
        await search.manage.setBestBets(p, input);
        return reply.redirect('/admin/search?done=saved', 303);
      },
      async (e) => page(p, reply.csrfToken(), { error: e.message, form: 'bestBet', values }),
    );
  });
}
