/**
 * The personal space over HTTP (/me): the overview with what the person started, the message
 * box, settings (profile, channels, password) and an enterprise's people. Handlers read the
 * form, call one operation, redirect.
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { handleForm } from '../../web/forms.js';
import { citizenOrRedirect } from '../../web/guards.js';
import { t } from '../../lib/i18n/index.js';
import { intParam, paging } from '../../web/paging.js';
import { MemberForm, MemberStatusForm, PasswordForm, ProfileForm, flashOf, readForm, readList } from './forms.js';
import type { NotifyService } from '../notify/index.js';
import type { AccountService } from './service.js';
import type { StartedRegistry } from './started.js';
import { enterprisePage, messagesPage, overviewPage, settingsPage } from './views/me.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };

export interface MeRouteDeps {
  accounts: AccountService;
  notify: NotifyService;
  timeZone: string;
  /** what people started (letters, later applications and bookings), for the overview of /me */
  started?: StartedRegistry;
}

export async function meRoutes(app: FastifyInstance, deps: MeRouteDeps) {
  const { accounts, notify } = deps;

  app.get('/me', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const [account, inbox, sections] = await Promise.all([accounts.account(p.userId), notify.inbox(p.userId, 1, 0), deps.started?.overview(p)]);
    const started = sections ? { sections, timeZone: deps.timeZone } : undefined;
    return reply.type(HTML).send(overviewPage(account, inbox.unread, reply.csrfToken(), flashOf(request.query), started));
  });

  app.get('/me/messages', hidden, async (request, reply) => {
    // staff read the same messages in the back office
    if ((await request.principal())?.kind === 'staff') return reply.redirect('/admin/messages', 303);
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const pg = paging(request.query, 20);
    const [account, inbox] = await Promise.all([accounts.account(p.userId), notify.inbox(p.userId, pg.limit, pg.offset)]);
    return reply.type(HTML).send(messagesPage(account, inbox.rows, inbox.total, pg.page, pg.size, reply.csrfToken(), deps.timeZone));
  });

  app.post('/me/messages/:id/read', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id || !(await notify.markRead(p.userId, id))) throw new NotFoundError(t('me.messageNotFound'));
    return reply.redirect('/me/messages', 303);
  });

  app.get('/me/settings', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(settingsPage(await accounts.account(p.userId), { csrf: reply.csrfToken(), flash: flashOf(request.query) }));
  });

  const settingsForms = {
    profile: (p: Principal, body: unknown) => accounts.updateProfile(p, readForm(ProfileForm, body)),
    channels: (p: Principal, body: unknown) => accounts.setChannels(p, readList(body, 'channels')),
    password: (p: Principal, body: unknown) => {
      const f = readForm(PasswordForm, body);
      return accounts.changePassword(p, f.current, f.password);
    },
  };
  for (const [form, operation] of Object.entries(settingsForms) as [keyof typeof settingsForms, (typeof settingsForms)['profile']][]) {
    app.post(`/me/settings/${form}`, hidden, async (request, reply) => {
      const p = await citizenOrRedirect(request, reply);
      if (!p) return reply;
      return handleForm(
        reply,
        async () => {
          await operation(p, request.body);
          // a new password ends every session, this one too: sign in again on this device
          if (form === 'password') await reply.signIn(p.userId);
          return reply.redirect(`/me/settings?done=${form}`, 303);
        },
        async (e) =>
          settingsPage(await accounts.account(p.userId), { csrf: reply.csrfToken(), form, error: e.message, values: { displayName: readForm(ProfileForm, request.body).displayName } }),
      );
    });
  }

  app.get('/me/enterprise', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const [account, members] = await Promise.all([accounts.account(p.userId), accounts.members(p)]);
    return reply.type(HTML).send(enterprisePage(account, members, { csrf: reply.csrfToken(), flash: flashOf(request.query) }));
  });

  app.post('/me/enterprise/members', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const values = readForm(MemberForm, request.body);
    return handleForm(
      reply,
      async () => {
        await accounts.addMember(p, values);
        return reply.redirect('/me/enterprise?done=member', 303);
      },
      async (e) => enterprisePage(await accounts.account(p.userId), await accounts.members(p), { csrf: reply.csrfToken(), error: e.message, values }),
    );
  });

  app.post('/me/enterprise/members/:id', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    const { status } = readForm(MemberStatusForm, request.body);
    if (!id || (status !== 'active' && status !== 'disabled')) throw new NotFoundError(t('account.notFound'));
    await accounts.setMemberStatus(p, id, status);
    return reply.redirect('/me/enterprise?done=member', 303);
  });
}
