/**
 * The back office shell at /admin: staff sign-in, the dashboard, staff accounts and roles, API
 * tokens, the audit log, notification delivery and search settings. Every handler finds the
 * signed-in staff member first; every operation checks the role again in its service.
 */
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { intParam, paging } from '../../web/paging.js';
import { field, fields, flashFrom, handleForm, safeNext } from '../../web/forms.js';
import { t } from '../../web/i18n/index.js';
import { departmentScope, requirePermission, scopesFor, can } from '../../lib/principal.js';
import type { AccountService } from '../accounts/index.js';
import { actorOf } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { DraftService } from '../catalog/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { NotifyService } from '../notify/index.js';
import type { SearchService } from '../search/index.js';
import type { LetterTodoService } from '../letters/index.js';
import { dashboardPage, staffLoginPage } from './views/home.js';
import { staffMessagesPage } from './views/messages.js';
import { auditPage, notificationsPage, searchAdminPage } from './views/ops.js';
import { tokensPage, userFormPage, usersPage } from './views/people.js';

export interface AdminRouteDeps {
  accounts: AccountService;
  audit: AuditService;
  notify: NotifyService;
  search: SearchService;
  catalog: CatalogService;
  drafts: DraftService;
  timeZone: string;
  loginRateLimit: number;
  /** the to-do counts of letters on the dashboard */
  letterTodo?: LetterTodoService;
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
  const { accounts, audit, notify, search, catalog, drafts, timeZone } = deps;
  const staffAdmin = accounts.staff;
  const limited: FastifyContextConfig = deps.loginRateLimit ? { rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } } : { rateLimit: false };

  // ---- sign-in and dashboard ------------------------------------------------------------------

  app.get('/admin/login', hidden, async (request, reply) => {
    const next = safeNext((request.query as Record<string, string>).next, '/admin');
    return reply.type(HTML).send(staffLoginPage({ csrf: reply.csrfToken(), next }));
  });

  app.post('/admin/login', { ...hidden, config: limited }, async (request, reply) => {
    const body = request.body;
    const next = safeNext(field(body, 'next'), '/admin');
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signInStaff(field(body, 'username'), field(body, 'password'), request.ip);
        await reply.signIn(p.userId);
        return reply.redirect(next.startsWith('/admin') ? next : '/admin', 303);
      },
      (e) => staffLoginPage({ csrf: reply.csrfToken(), next, error: e.message, username: field(body, 'username') }),
    );
  });

  app.get('/admin', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const scope = departmentScope(p);
    const [inbox, draftCounts, letterTodo] = await Promise.all([notify.inbox(p.userId, 1, 0), drafts.counts(p), deps.letterTodo?.counts(p)]);
    const depts = p.departmentId ? await catalog.listDepartments() : [];
    return reply.type(HTML).send(
      dashboardPage(
        p,
        reply.csrfToken(),
        {
          departmentName: depts.find((d) => d.id === p.departmentId)?.name ?? null,
          unread: inbox.unread,
          drafts: draftCounts,
          letters: letterTodo,
          reviewsDrafts: can(p, 'catalog.review'),
          outbox: can(p, 'notify.manage') ? await notify.counts() : undefined,
          zeroResults: can(p, 'search.manage') ? (await search.zeroResultQueries(30, 8)).map((z) => ({ query: z.query, count: z.count })) : undefined,
          audit: can(p, 'audit.read') ? (await audit.search({ departmentId: scope, limit: 8, offset: 0 })).entries : undefined,
        },
        timeZone,
      ),
    );
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

  // ---- staff accounts -------------------------------------------------------------------------

  const deptList = async () => (await catalog.listDepartments()).map((d) => ({ slug: d.slug, name: d.name, id: d.id }));

  app.get('/admin/users', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const q = String((request.query as Record<string, string>).q ?? '').slice(0, 40);
    const pg = paging(request.query);
    const r = await staffAdmin.listStaff(p, { q: q || undefined, limit: pg.limit, offset: pg.offset });
    return reply.type(HTML).send(usersPage({ principal: p, csrf: reply.csrfToken(), timeZone, flash: flashOf(request.query), staff: r.staff, total: r.total, page: pg.page, size: pg.size, q }));
  });

  app.get('/admin/users/new', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'users.manage');
    return reply.type(HTML).send(userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, depts: await deptList() }));
  });

  const userValues = (body: unknown) => ({
    username: field(body, 'username'),
    displayName: field(body, 'displayName'),
    role: field(body, 'role'),
    department: field(body, 'department'),
    status: field(body, 'status'),
  });

  app.post('/admin/users', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const values = userValues(request.body);
    return handleForm(
      reply,
      async () => {
        const u = await staffAdmin.createStaff({ ...values, password: field(request.body, 'password') }, p);
        return reply.redirect(`/admin/users/${u.id}?done=created`, 303);
      },
      async (e) => userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, depts: await deptList(), error: e.message, values }),
    );
  });

  app.get('/admin/users/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) throw new NotFoundError(t('account.notFound'));
    const user = await staffAdmin.getStaff(p, id);
    return reply.type(HTML).send(userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, user, depts: await deptList(), flash: flashOf(request.query) }));
  });

  app.post('/admin/users/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) throw new NotFoundError(t('account.notFound'));
    const user = await staffAdmin.getStaff(p, id);
    const values = userValues(request.body);
    return handleForm(
      reply,
      async () => {
        const status = values.status === 'disabled' ? 'disabled' : values.status === 'active' ? 'active' : undefined;
        if (!status) throw new BadRequestError(t('admin.badStatus'));
        await staffAdmin.updateStaff(p, id, { displayName: values.displayName, role: values.role, department: values.department, status, password: field(request.body, 'password') || undefined });
        return reply.redirect(`/admin/users/${id}?done=saved`, 303);
      },
      async (e) => userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, user, depts: await deptList(), error: e.message, values }),
    );
  });

  // ---- API tokens -----------------------------------------------------------------------------

  const tokensView = async (p: Parameters<typeof accounts.sessions.listTokens>[0]) => (await accounts.sessions.listTokens(p)).map((tk) => ({ ...tk, owner: `${tk.owner}（${tk.ownerUsername}）` }));

  app.get('/admin/tokens', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(tokensPage({ principal: p, csrf: reply.csrfToken(), timeZone, flash: flashOf(request.query), tokens: await tokensView(p), allowed: scopesFor(p.role) }));
  });

  app.post('/admin/tokens', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const body = request.body;
    const values = { name: field(body, 'name'), scopes: fields(body, 'scopes').join(','), days: field(body, 'days') };
    return handleForm(
      reply,
      async () => {
        const days = /^\d{1,4}$/.test(values.days) ? Number(values.days) : Number.NaN;
        if (!Number.isInteger(days) || days < 1) throw new BadRequestError(t('token.badDays', { max: 366 }));
        const created = await accounts.createToken(p, { name: values.name, scopes: fields(body, 'scopes'), days });
        // shown once, in this response only (never in a URL or a log)
        return reply.type(HTML).send(
          tokensPage({ principal: p, csrf: reply.csrfToken(), timeZone, tokens: await tokensView(p), allowed: scopesFor(p.role), created: { token: created.token, name: created.name } }),
        );
      },
      async (e) => tokensPage({ principal: p, csrf: reply.csrfToken(), timeZone, tokens: await tokensView(p), allowed: scopesFor(p.role), error: e.message, values }),
    );
  });

  app.post('/admin/tokens/:id/revoke', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) throw new NotFoundError(t('token.notFound'));
    await accounts.revokeToken(p, id);
    return reply.redirect('/admin/tokens?done=revoked', 303);
  });

  // ---- audit log ------------------------------------------------------------------------------

  app.get('/admin/audit', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'audit.read');
    const q = request.query as Record<string, string>;
    const filters = Object.fromEntries(['actor', 'action', 'entity', 'entityId', 'from', 'to'].map((k) => [k, typeof q[k] === 'string' ? q[k].slice(0, 80) : ''])) as Record<string, string>;
    const date = (s: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? new Date(`${s}T${end ? '23:59:59.999' : '00:00:00'}+08:00`) : undefined);
    const pg = paging(request.query, 50);
    const actor = filters.actor ? (/^\d+$/.test(filters.actor) ? `user:${filters.actor}` : filters.actor) : undefined;
    const r = await audit.search({
      actor,
      action: filters.action || undefined,
      entity: filters.entity || undefined,
      entityId: filters.entityId || undefined,
      from: date(filters.from ?? '', false),
      to: date(filters.to ?? '', true),
      departmentId: departmentScope(p),
      limit: pg.limit,
      offset: pg.offset,
    });
    return reply.type(HTML).send(auditPage({ principal: p, csrf: reply.csrfToken(), timeZone, entries: r.entries, total: r.total, page: pg.page, size: pg.size, filters }));
  });

  // ---- notification delivery ------------------------------------------------------------------

  app.get('/admin/notifications', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'notify.manage');
    const [dead, pending] = await Promise.all([notify.deadLetters(200), notify.pending(200)]);
    return reply.type(HTML).send(notificationsPage({ principal: p, csrf: reply.csrfToken(), timeZone, flash: flashOf(request.query), dead, pending }));
  });

  app.post('/admin/notifications/:id/retry', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    requirePermission(p, 'notify.manage');
    const id = intParam((request.params as { id: string }).id);
    if (!id || !(await notify.retry(id, actorOf(p)))) throw new NotFoundError(t('outbox.notFound'));
    return reply.redirect('/admin/notifications?done=retried', 303);
  });

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
