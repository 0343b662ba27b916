/**
 * Back office: staff accounts and roles (/admin/users) and API tokens (/admin/tokens). Who may
 * manage whom is accounts' policy, checked by its operations; these handlers read the form,
 * call one operation and show the result.
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { field, fields, flashFrom, handleForm } from '../../web/forms.js';
import { t } from '../../lib/i18n/index.js';
import { intParam, paging } from '../../web/paging.js';
import type { Principal } from '../../lib/principal.js';
import { type AccountService, StaffForm, TokenForm, readForm, staffStatus, tokenDays } from '../accounts/index.js';
import { tokensPage, userFormPage, usersPage } from './views/people.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FLASH = { saved: 'admin.flash.saved', created: 'admin.flash.created', revoked: 'admin.flash.revoked' } as const;
const flashOf = (q: unknown) => flashFrom(q, FLASH);

export async function peopleRoutes(app: FastifyInstance, deps: { accounts: AccountService; timeZone: string }) {
  const { accounts, timeZone } = deps;
  const staffAdmin = accounts.staff;

  // ---- staff accounts -------------------------------------------------------------------------

  /** the departments and the roles this administrator may grant (the operation checks they manage staff) */
  const formOptions = (p: Principal) => staffAdmin.staffForm(p);

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
    return reply.type(HTML).send(userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, ...(await formOptions(p)) }));
  });

  /** the form as typed, to show again (the password never is) */
  const userValues = (body: unknown) => {
    const { password: _password, ...values } = readForm(StaffForm, body);
    return values;
  };

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
      async (e) => userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, ...(await formOptions(p)), error: e.message, values }),
    );
  });

  app.get('/admin/users/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) throw new NotFoundError(t('account.notFound'));
    const user = await staffAdmin.getStaff(p, id);
    return reply.type(HTML).send(userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, user, ...(await formOptions(p)), flash: flashOf(request.query) }));
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
        const status = staffStatus(values.status);
        await staffAdmin.updateStaff(p, id, { displayName: values.displayName, role: values.role, department: values.department, status, password: field(request.body, 'password') || undefined });
        return reply.redirect(`/admin/users/${id}?done=saved`, 303);
      },
      async (e) => userFormPage({ principal: p, csrf: reply.csrfToken(), timeZone, user, ...(await formOptions(p)), error: e.message, values }),
    );
  });

  // ---- API tokens -----------------------------------------------------------------------------


  app.get('/admin/tokens', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(tokensPage({ principal: p, csrf: reply.csrfToken(), timeZone, flash: flashOf(request.query), ...(await accounts.tokenList(p)) }));
  });

  app.post('/admin/tokens', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const body = request.body;
    const values = { ...readForm(TokenForm, body), scopes: fields(body, 'scopes').join(',') };
    return handleForm(
      reply,
      async () => {
        const days = tokenDays(values.days);
        const created = await accounts.createToken(p, { name: values.name, scopes: fields(body, 'scopes'), days });
        // shown once, in this response only (never in a URL or a log)
        return reply.type(HTML).send(
          tokensPage({ principal: p, csrf: reply.csrfToken(), timeZone, ...(await accounts.tokenList(p)), created: { token: created.token, name: created.name } }),
        );
      },
      async (e) => tokensPage({ principal: p, csrf: reply.csrfToken(), timeZone, ...(await accounts.tokenList(p)), error: e.message, values }),
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
}
