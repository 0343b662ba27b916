/**
 * The back office shell at /admin: staff sign-in, the work desk, and the message box. The
 * desk's counts and cards come from the modules through its slot (desk.ts); staff accounts and
 * tokens are in people-routes.ts, the audit log and delivery in their own modules. Every handler
 * finds the signed-in staff member first; every operation checks the role in its module.
 */
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { flashFrom, handleForm, safeNext } from '../../web/forms.js';
import { t } from '../../lib/i18n/index.js';
import { intParam, paging } from '../../web/paging.js';
import type { AccountService } from '../accounts/index.js';
import { StaffLoginForm, readForm } from '../accounts/index.js';
import type { NotifyService } from '../notify/index.js';
import type { WorkDesk } from './desk.js';
import { peopleRoutes } from './people-routes.js';
import { dashboardPage, inboxCard, staffLoginPage } from './views/home.js';
import { staffMessagesPage } from './views/messages.js';

export interface AdminRouteDeps {
  accounts: AccountService;
  notify: NotifyService;
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

export async function adminRoutes(app: FastifyInstance, deps: AdminRouteDeps) {
  const { accounts, notify, desk, timeZone } = deps;
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
}
