/**
 * The back office shell at /admin: staff sign-in, the work desk, and the message box. The
 * desk's counts and cards come from the modules through its slot (desk.ts); staff accounts and
 * tokens are in people-routes.ts, the audit log and delivery in their own modules. Every handler
 * finds the signed-in staff member first; every operation checks the role in its module.
 */
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { requirePermission } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { field, flashFrom, handleForm, safeNext } from '../../web/forms.js';
import { t } from '../../web/i18n/index.js';
import { intParam, paging } from '../../web/paging.js';
import type { AccountService } from '../accounts/index.js';
import { StaffLoginForm, actorOf, readForm } from '../accounts/index.js';
import type { NotifyService } from '../notify/index.js';
import type { SearchService } from '../search/index.js';
import type { WorkDesk } from './desk.js';
import { peopleRoutes } from './people-routes.js';
import { dashboardPage, inboxCard, staffLoginPage } from './views/home.js';
import { staffMessagesPage } from './views/messages.js';
import { searchAdminPage } from './views/ops.js';

export interface AdminRouteDeps {
  accounts: AccountService;
  notify: NotifyService;
  search: SearchService;
  /** the catalogue's face: the desk names the person's department */
  departments: { departmentNames(): Promise<ReadonlyMap<number, { name: string }>> };
  /** what the modules put on the work desk (to-do counts, cards) */
  desk: WorkDesk;
  timeZone: string;
  loginRateLimit: number;
}

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FLASH = { saved: 'admin.flash.saved', created: 'admin.flash.created', revoked: 'admin.flash.revoked', retried: 'admin.flash.retried', removed: 'admin.flash.removed' } as const;
const flashOf = (q: unknown) => flashFrom(q, FLASH);

const splitTerms = (s: string) =>
  s
    .split(/[,，、;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export async function adminRoutes(app: FastifyInstance, deps: AdminRouteDeps) {
  const { accounts, notify, search, desk, timeZone } = deps;
  const limited: FastifyContextConfig = deps.loginRateLimit ? { rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } } : { rateLimit: false };

  // ---- sign-in and the work desk --------------------------------------------------------------

  app.get('/admin/login', hidden, async (request, reply) => {
    const next = safeNext((request.query as Record<string, string>).next, '/admin');
    return reply.type(HTML).send(staffLoginPage({ csrf: reply.csrfToken(), next }));
  });

  app.post('/admin/login', { ...hidden, config: limited }, async (request, reply) => {
    const body = request.body;
    const form = readForm(StaffLoginForm, body);
    const next = safeNext(form.next, '/admin');
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signInStaff(form.username, form.password, request.ip);
        await reply.signIn(p.userId);
        return reply.redirect(next.startsWith('/admin') ? next : '/admin', 303);
      },
      (e) => staffLoginPage({ csrf: reply.csrfToken(), next, error: e.message, username: form.username }),
    );
  });

  app.get('/admin', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const [inbox, todo, cards, names] = await Promise.all([
      notify.inbox(p.userId, 1, 0),
      desk.todo(p),
      desk.cards(p),
      p.departmentId ? deps.departments.departmentNames() : undefined,
    ]);
    const departmentName = (p.departmentId && names?.get(p.departmentId)?.name) || null;
    const all = [inboxCard(inbox.unread), ...cards].sort((a, b) => a.order - b.order);
    return reply.type(HTML).send(dashboardPage(p, reply.csrfToken(), { departmentName, unread: inbox.unread, todo, cards: all }));
  });

  // ---- the message box: the in-site messages addressed to this member of staff ----------------

  app.get('/admin/messages', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const pg = paging(request.query, 20);
    const inbox = await notify.inbox(p.userId, pg.limit, pg.offset);
    return reply.type(HTML).send(
      staffMessagesPage({ principal: p, csrf: reply.csrfToken(), timeZone, flash: flashOf(request.query), entries: inbox.rows, total: inbox.total, unread: inbox.unread, page: pg.page, size: pg.size }),
    );
  });

  app.post('/admin/messages/:id/read', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id || !(await notify.markRead(p.userId, id))) throw new NotFoundError(t('me.messageNotFound'));
    return reply.redirect('/admin/messages', 303);
  });

  await peopleRoutes(app, { accounts, timeZone });

  // ---- search settings ------------------------------------------------------------------------

  const searchPage = async (p: NonNullable<Awaited<ReturnType<typeof staffOrRedirect>>>, csrf: string, extra: Partial<Parameters<typeof searchAdminPage>[0]> = {}) => {
    const [zero, hot, synonyms, bestBets] = await Promise.all([search.zeroResultQueries(30, 50), search.topQueries(30, 20), search.listSynonyms(), search.listBestBets()]);
    return searchAdminPage({ principal: p, csrf, timeZone, zero, hot, synonyms, bestBets, filter: '', ...extra });
  };

  app.get('/admin/search', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'search.manage');
    const filter = String((request.query as Record<string, string>).filter ?? '').slice(0, 40);
    return reply.type(HTML).send(await searchPage(p, reply.csrfToken(), { filter, flash: flashOf(request.query) }));
  });

  app.post('/admin/search/synonyms', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'search.manage');
    const values = { terms: field(request.body, 'terms'), targets: field(request.body, 'targets') };
    return handleForm(
      reply,
      async () => {
        await search.addSynonym({ terms: splitTerms(values.terms), targets: splitTerms(values.targets) }, actorOf(p));
        return reply.redirect('/admin/search?done=saved', 303);
      },
      async (e) => searchPage(p, reply.csrfToken(), { error: e.message, form: 'synonym', values }),
    );
  });

  app.post('/admin/search/synonyms/:id/delete', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'search.manage');
    const id = intParam((request.params as { id: string }).id);
    if (!id) throw new NotFoundError(t('searchAdmin.synonymNotFound'));
    await search.removeSynonym(id, actorOf(p));
    return reply.redirect('/admin/search?done=removed', 303);
  });

  app.post('/admin/search/best-bets', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'search.manage');
    const values = { query: field(request.body, 'query'), docKeys: field(request.body, 'docKeys') };
    return handleForm(
      reply,
      async () => {
        await search.setBestBets(values.query, splitTerms(values.docKeys), actorOf(p));
        return reply.redirect('/admin/search?done=saved', 303);
      },
      async (e) => searchPage(p, reply.csrfToken(), { error: e.message, form: 'bestBet', values }),
    );
  });
}
