/**
 * HTTP for accounts: sign-up, sign-in, reset and the identity platform here; the personal
 * space in me-routes.ts, the token endpoint in api.ts. Handlers read the form, call one
 * operation, redirect.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { maskContact } from '../../lib/identity.js';
import { field, handleForm, safeNext } from '../../web/forms.js';
import { t } from '../../lib/i18n/index.js';
import type { NotifyService } from '../notify/index.js';
import type { OidcClaims, OidcClient } from './oidc.js';
import { CodeLoginForm, CodeRequestForm, LoginForm, ResetForm, SignupForm, accountKind, parseContactOrThrow, flashOf, readForm } from './forms.js';
import { accountApiRoutes } from './api.js';
import { meRoutes } from './me-routes.js';
import type { AccountService } from './service.js';
import type { StartedRegistry } from './started.js';
import { codeLoginVerifyPage, codeRequestPage, loginPage, messagePage, resetVerifyPage, signupVerifyPage } from './views/auth.js';

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
    const form = readForm(LoginForm, body);
    const next = safeNext(form.next, '/me');
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signIn(form.identifier, form.password, request.ip);
        await reply.signIn(p.userId);
        return reply.redirect(next, 303);
      },
      (e) => loginPage({ csrf: reply.csrfToken(), next, error: e.message, values: { identifier: form.identifier }, oidc: deps.oidc?.name }),
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
      const form = readForm(CodeRequestForm, body);
      const next = safeNext(form.next, '/me');
      return handleForm(
        reply,
        async () => {
          const sent = await accounts.sendCode(flow.purpose, form.contact);
          return reply.redirect(`${flow.verify}?contact=${encodeURIComponent(sent.contact)}&next=${encodeURIComponent(next)}`, 303);
        },
        (e) => codeRequestPage({ csrf: reply.csrfToken(), purpose: flow.purpose, next, error: e.message, code: e.code, values: { contact: form.contact } }),
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
    const { contact, code, password, ...values } = readForm(SignupForm, body);
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signUp({ ...values, kind: accountKind(values.kind), contact, code, password });
        await reply.signIn(p.userId);
        return reply.redirect('/me?done=signup', 303);
      },
      (e) => signupVerifyPage({ csrf: reply.csrfToken(), ...verifyContact(body), error: e.message, code: e.code, values }),
    );
  });

  app.post('/login/code/verify', { ...hidden, config: limited(deps.loginRateLimit) }, async (request, reply) => {
    const body = request.body;
    const form = readForm(CodeLoginForm, body);
    const next = safeNext(form.next, '/me');
    return handleForm(
      reply,
      async () => {
        const p = await accounts.signInWithCode(form.contact, form.code, request.ip);
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
        const form = readForm(ResetForm, body);
        await accounts.resetPassword(form.contact, form.code, form.password);
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

  await meRoutes(app, deps);
  await accountApiRoutes(app, deps);
}
