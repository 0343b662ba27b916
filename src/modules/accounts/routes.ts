/**
 * HTTP for accounts: sign-up, sign-in, reset, the identity platform, the personal space, and
 * the token endpoint of the API. Handlers read the form, call one operation, redirect.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { maskContact } from '../../lib/identity.js';
import { field, fields, flashFrom, handleForm, safeNext } from '../../web/forms.js';
import { type MessageKey, t } from '../../web/i18n/index.js';
import { intParam, paging } from '../../web/paging.js';
import type { NotifyService } from '../notify/index.js';
import { citizenOrRedirect } from '../../web/guards.js';
import type { OidcClaims, OidcClient } from './oidc.js';
import { type Principal, type StaffRole, scopesFor } from '../../lib/principal.js';
import { TokenRequest, accountKind, parseContactOrThrow } from './forms.js';
import type { AccountService } from './service.js';
import type { StartedRegistry } from './started.js';
import { codeLoginVerifyPage, codeRequestPage, loginPage, messagePage, resetVerifyPage, signupVerifyPage } from './views/auth.js';
import { enterprisePage, messagesPage, overviewPage, settingsPage } from './views/me.js';

export interface AccountRouteDeps {
  accounts: AccountService;
  notify: NotifyService;
  timeZone: string;
  secret: string;
  secure: boolean;
  /** sign-in attempts per minute per address; 0 turns the limit off */
  loginRateLimit: number;
  /** the public base URL, to rebuild the identity platform's callback URL */
  publicUrl: string;
  oidc?: { name: string; client: OidcClient };
  /** what people started (letters, later applications and bookings), for the overview of /me */
  started?: StartedRegistry;
}

const HTML = 'text/html; charset=utf-8';
const OIDC_COOKIE = 'yimen_oidc';
const FLASH: Record<string, MessageKey> = {
  signup: 'flash.signup',
  login: 'flash.login',
  profile: 'flash.profile',
  channels: 'flash.channels',
  password: 'flash.password',
  reset: 'flash.reset',
  member: 'flash.member',
};
const flashOf = (q: unknown) => flashFrom(q, FLASH);

export async function accountRoutes(app: FastifyInstance, deps: AccountRouteDeps) {
  const { accounts, notify } = deps;
  const limited = (max: number): FastifyContextConfig => (deps.loginRateLimit ? { rateLimit: { max, timeWindow: '1 minute' } } : { rateLimit: false });
  const hidden = { schema: { hide: true } };
  /** outside production, the channel a code to this contact goes to the development inbox by */
  const devInboxFor = (contact: string) => {
    const channel: 'sms' | 'email' = contact.includes('@') ? 'email' : 'sms';
    return notify.devInbox?.captures(channel) ? channel : undefined;
  };


  // ---- sign in --------------------------------------------------------------------------------

  app.get('/login', hidden, async (request, reply) => {
    const q = request.query as Record<string, string>;
    const next = safeNext(q.next, '/me');
    return reply.type(HTML).send(loginPage({ csrf: reply.csrfToken(), next, notice: flashOf(q), oidc: deps.oidc?.name }));
  });

  app.post('/login', { ...hidden, config: limited(deps.loginRateLimit) }, async (request, reply) => {
    const body = request.body;
    const next = safeNext(field(body, 'next'), '/me');
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signIn(field(body, 'identifier'), field(body, 'password'), request.ip);
        await reply.signIn(p.userId);
        return reply.redirect(next, 303);
      },
      (e) => loginPage({ csrf: reply.csrfToken(), next, error: e.message, values: { identifier: field(body, 'identifier') }, oidc: deps.oidc?.name }),
    );
  });

  app.post('/logout', hidden, async (request, reply) => {
    const p = await request.principal();
    await reply.signOut();
    return reply.redirect(p?.kind === 'staff' ? '/admin/login' : '/', 303);
  });

  // ---- one-time codes: sign-up, sign-in by code, reset -----------------------------------------

  const flows = [
    { purpose: 'signup', path: '/signup', verify: '/signup/verify' },
    { purpose: 'login', path: '/login/code', verify: '/login/code/verify' },
    { purpose: 'reset', path: '/reset', verify: '/reset/verify' },
  ] as const;

  for (const flow of flows) {
    app.get(flow.path, hidden, async (request, reply) => {
      const next = safeNext((request.query as Record<string, string>).next, '/me');
      return reply.type(HTML).send(codeRequestPage({ csrf: reply.csrfToken(), purpose: flow.purpose, next }));
    });
    app.post(flow.path, { ...hidden, config: limited(Math.max(1, Math.floor(deps.loginRateLimit / 2))) }, async (request, reply) => {
      const body = request.body;
      const next = safeNext(field(body, 'next'), '/me');
      return handleForm(
        reply,
        async () => {
          const sent = await accounts.sendCode(flow.purpose, field(body, 'contact'));
          return reply.redirect(`${flow.verify}?contact=${encodeURIComponent(sent.contact)}&next=${encodeURIComponent(next)}`, 303);
        },
        (e) => codeRequestPage({ csrf: reply.csrfToken(), purpose: flow.purpose, next, error: e.message, code: e.code, values: { contact: field(body, 'contact') } }),
      );
    });
    app.get(flow.verify, hidden, async (request, reply) => {
      const q = request.query as Record<string, string>;
      const contact = (() => {
        try {
          return parseContactOrThrow(q.contact ?? '');
        } catch {
          return undefined;
        }
      })();
      if (!contact) return reply.redirect(flow.path, 303);
      const common = { csrf: reply.csrfToken(), contact: contact.value, masked: maskContact(contact), devInbox: devInboxFor(contact.value) };
      if (flow.purpose === 'signup') return reply.type(HTML).send(signupVerifyPage(common));
      if (flow.purpose === 'login') return reply.type(HTML).send(codeLoginVerifyPage({ ...common, next: safeNext(q.next, '/me') }));
      return reply.type(HTML).send(resetVerifyPage(common));
    });
  }

  const verifyContact = (body: unknown) => {
    const contact = parseContactOrThrow(field(body, 'contact'));
    return { contact: contact.value, masked: maskContact(contact), devInbox: devInboxFor(contact.value) };
  };

  app.post('/signup/verify', { ...hidden, config: limited(deps.loginRateLimit) }, async (request, reply) => {
    const body = request.body;
    const values = { kind: field(body, 'kind'), name: field(body, 'name'), enterpriseName: field(body, 'enterpriseName'), creditCode: field(body, 'creditCode') };
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signUp({ ...values, kind: accountKind(values.kind), contact: field(body, 'contact'), code: field(body, 'code'), password: field(body, 'password') });
        await reply.signIn(p.userId);
        return reply.redirect('/me?done=signup', 303);
      },
      (e) => signupVerifyPage({ csrf: reply.csrfToken(), ...verifyContact(body), error: e.message, code: e.code, values }),
    );
  });

  app.post('/login/code/verify', { ...hidden, config: limited(deps.loginRateLimit) }, async (request, reply) => {
    const body = request.body;
    const next = safeNext(field(body, 'next'), '/me');
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signInWithCode(field(body, 'contact'), field(body, 'code'), request.ip);
        await reply.signIn(p.userId);
        return reply.redirect(next, 303);
      },
      (e) => codeLoginVerifyPage({ csrf: reply.csrfToken(), ...verifyContact(body), next, error: e.message, code: e.code }),
    );
  });

  app.post('/reset/verify', { ...hidden, config: limited(deps.loginRateLimit) }, async (request, reply) => {
    const body = request.body;
    return handleForm(
      reply,
      async () => {
        await accounts.resetPassword(field(body, 'contact'), field(body, 'code'), field(body, 'password'));
        return reply.redirect('/login?done=reset', 303);
      },
      (e) => resetVerifyPage({ csrf: reply.csrfToken(), ...verifyContact(body), error: e.message, code: e.code }),
    );
  });

  // ---- the city's identity platform -----------------------------------------------------------

  const oidc = deps.oidc;
  if (oidc) {
    const sign = (payload: string) => createHmac('sha256', deps.secret).update(`oidc|${payload}`).digest('base64url');
    app.get('/login/oidc', hidden, async (request, reply) => {
      const next = safeNext((request.query as Record<string, string>).next, '/me');
      try {
        const start = await oidc.client.start();
        const payload = Buffer.from(JSON.stringify({ s: start.state, n: start.nonce, v: start.codeVerifier, x: next, e: Date.now() + 600_000 })).toString('base64url');
        reply.header('set-cookie', `${OIDC_COOKIE}=${payload}.${sign(payload)}; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age=600${deps.secure ? '; Secure' : ''}`);
        return reply.redirect(start.url, 303);
      } catch (e) {
        request.log.warn({ err: e }, 'identity platform unavailable');
        return reply.code(503).type(HTML).send(messagePage(t('auth.oidcFailedTitle'), t('auth.oidcUnavailable'), { href: '/login', label: t('auth.backToLogin') }));
      }
    });
    app.get('/login/oidc/callback', hidden, async (request, reply) => {
      const failed = (message: string) =>
        reply.code(400).type(HTML).send(messagePage(t('auth.oidcFailedTitle'), message, { href: '/login', label: t('auth.backToLogin') }));
      const raw = request.cookies()[OIDC_COOKIE] ?? '';
      const [payload = '', mac = ''] = raw.split('.');
      const expected = Buffer.from(sign(payload));
      if (!payload || Buffer.byteLength(mac) !== expected.length || !timingSafeEqual(Buffer.from(mac), expected)) return failed(t('auth.oidcExpired'));
      let checks: { s: string; n: string; v: string; x: string; e: number };
      try {
        checks = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return failed(t('auth.oidcExpired'));
      }
      if (!(checks.e > Date.now())) return failed(t('auth.oidcExpired'));
      let claims: OidcClaims;
      try {
        const callback = new URL(request.url, deps.publicUrl);
        claims = await oidc.client.finish(callback, { state: checks.s, nonce: checks.n, codeVerifier: checks.v });
      } catch (e) {
        request.log.warn({ err: e }, 'identity platform login failed');
        return failed(t('auth.oidcFailed'));
      }
      const p = await accounts.signInWithIdentity(claims);
      reply.header('set-cookie', `${OIDC_COOKIE}=; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age=0`);
      await reply.signIn(p.userId);
      return reply.redirect(safeNext(checks.x, '/me'), 303);
    });
  }

  // ---- the personal space ---------------------------------------------------------------------

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
    profile: (p: Principal, body: unknown) =>
      accounts.updateProfile(p, { displayName: field(body, 'displayName'), idNumber: field(body, 'idNumber') }),
    channels: (p: Principal, body: unknown) => accounts.setChannels(p, fields(body, 'channels')),
    password: (p: Principal, body: unknown) => accounts.changePassword(p, field(body, 'current'), field(body, 'password')),
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
          settingsPage(await accounts.account(p.userId), { csrf: reply.csrfToken(), form, error: e.message, values: { displayName: field(request.body, 'displayName') } }),
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
    const values = { name: field(request.body, 'name'), contact: field(request.body, 'contact') };
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
    const status = field(request.body, 'status');
    if (!id || (status !== 'active' && status !== 'disabled')) throw new NotFoundError(t('account.notFound'));
    await accounts.setMemberStatus(p, id, status);
    return reply.redirect('/me/enterprise?done=member', 303);
  });

  // ---- API ------------------------------------------------------------------------------------

  /** a token from POST /api/v1/auth/token (scripts): a day; longer ones are made in the back office */
  const TOKEN_DAYS = 1;

  app.post(
    '/api/v1/auth/token',
    {
      config: limited(deps.loginRateLimit),
      schema: {
        tags: ['auth'],
        summary: `用工作人员账号换取 API 令牌（${TOKEN_DAYS * 24} 小时有效）`,
        body: TokenRequest,
      },
    },
    async (request, reply) => {
      const body = request.body as TokenRequest;
      const p = await accounts.signInStaff(body.username, body.password, request.ip);
      const scopes = body.scopes ?? scopesFor(p.role as StaffRole);
      const token = await accounts.createToken(p, { name: body.name ?? t('token.scriptName'), scopes, days: TOKEN_DAYS });
      return reply.code(201).send({ token: token.token, tokenType: 'Bearer', scopes: token.scopes, expiresAt: token.expiresAt.toISOString() });
    },
  );

  app.get('/api/v1/me', { schema: { tags: ['auth'], summary: '当前令牌代表的工作人员', security: [{ bearer: [] }] } }, async (request) => {
    const p = await request.apiPrincipal();
    return { id: p.userId, username: p.username, name: p.name, role: p.role, departmentId: p.departmentId, scopes: p.scopes ?? [] };
  });
}
