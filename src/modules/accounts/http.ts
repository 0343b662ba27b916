/**
 * Accounts on the HTTP side: the session cookie, CSRF protection for every form, and bearer
 * tokens for the API. Pages ask `request.principal()` (resolved once, and only when asked, so
 * public pages cost no database query); a form post without a valid CSRF token is refused
 * before its handler runs.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, cookie, parseCookies } from '../../web/cookies.js';
import type { Sessions } from './sessions.js';
import { SESSION_HOURS } from './sessions.js';

const STAFF_API = '/api/v1/staff/';
const isApiUrl = (url: string) => url.startsWith('/api/') || url.startsWith('/open311/');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAuth(app: FastifyInstance, deps: { sessions: Sessions; secret: string; secure: boolean }) {
  const { sessions, secret, secure } = deps;
  const tokenFor = (anchor: string) => createHmac('sha256', secret).update(`csrf|${anchor}`).digest('base64url');

  const principals = new WeakMap<FastifyRequest, Promise<Principal | undefined>>();
  const cookieJars = new WeakMap<FastifyRequest, Record<string, string>>();
  const anchors = new WeakMap<FastifyRequest, string>();

  app.decorateRequest('cookies', function (this: FastifyRequest) {
    let jar = cookieJars.get(this);
    if (!jar) {
      jar = parseCookies(this.headers.cookie);
      cookieJars.set(this, jar);
    }
    return jar;
  });

  app.decorateRequest('principal', function (this: FastifyRequest) {
    let p = principals.get(this);
    if (!p) {
      p = sessions.resolve(this.cookies()[SESSION_COOKIE]);
      principals.set(this, p);
    }
    return p;
  });

  const apiPrincipals = new WeakMap<FastifyRequest, Promise<Principal>>();
  app.decorateRequest('apiPrincipal', function (this: FastifyRequest) {
    let p = apiPrincipals.get(this);
    if (!p) {
      p = sessions.resolveToken(this.headers.authorization);
      apiPrincipals.set(this, p);
    }
    return p;
  });

  // The staff API authenticates before it reads anything: an anonymous caller gets 401, never a
  // 400 that lists the fields a route expects.
  // A hook of the staff API's own routes (added as each is declared), so no other request pays
  // for asking which route it is; it runs before a route's rate limit, as an app-wide one did.
  // (The app-wide hooks below are callback hooks: on a request they do not concern, nearly every
  // one, they cost no promise and no microtask.)
  const authenticateFirst = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    request.apiPrincipal().then(() => done(), done);
  };
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(STAFF_API)) return;
    const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [authenticateFirst as never, ...own];
  });

  // Fastify appends to set-cookie itself: passing the cookies already set would send them twice
  function setCookie(reply: FastifyReply, value: string) {
    reply.header('set-cookie', value);
  }

  app.decorateReply('csrfToken', function (this: FastifyReply) {
    const request = this.request;
    let anchor = anchors.get(request) ?? request.cookies()[CSRF_COOKIE];
    if (!anchor || !/^[A-Za-z0-9_-]{16,64}$/.test(anchor)) {
      anchor = randomBytes(18).toString('base64url');
      setCookie(this, cookie(CSRF_COOKIE, anchor, { secure }));
    }
    anchors.set(request, anchor);
    // a form carrying a token must not be served from a shared cache
    this.header('cache-control', 'private, no-store');
    return tokenFor(anchor);
  });

  app.decorateReply('signIn', async function (this: FastifyReply, userId: number) {
    await sessions.end(this.request.cookies()[SESSION_COOKIE]);
    const token = await sessions.start(userId);
    setCookie(this, cookie(SESSION_COOKIE, token, { secure, maxAge: SESSION_HOURS * 3600 }));
    const anchor = randomBytes(18).toString('base64url');
    anchors.set(this.request, anchor);
    setCookie(this, cookie(CSRF_COOKIE, anchor, { secure }));
    principals.delete(this.request);
  });

  app.decorateReply('signOut', async function (this: FastifyReply) {
    await sessions.end(this.request.cookies()[SESSION_COOKIE]);
    setCookie(this, cookie(SESSION_COOKIE, '', { secure, maxAge: 0 }));
    setCookie(this, cookie(CSRF_COOKIE, '', { secure, maxAge: 0 }));
    principals.set(this.request, Promise.resolve(undefined));
  });

  const checkedEarly = new WeakSet<FastifyRequest>();
  app.decorateRequest('csrfValid', function (this: FastifyRequest, given: string) {
    const anchor = this.cookies()[CSRF_COOKIE];
    if (!anchor || !given) return false;
    const expected = Buffer.from(tokenFor(anchor));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
  app.decorateRequest('csrfChecked', function (this: FastifyRequest) {
    return checkedEarly.has(this);
  });

  // A form with files carries its token in its URL (or an X-CSRF-Token header), checked here,
  // before a byte of the body is read: a forged upload is refused without being received.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!UNSAFE.has(request.method) || isApiUrl(request.url) || !/^multipart\//i.test(request.headers['content-type'] ?? '')) return done();
    const q = (request.query as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const h = request.headers['x-csrf-token'];
    const given = typeof q === 'string' ? q : typeof h === 'string' ? h : undefined;
    if (given === undefined) return done(); // an older page: the token is the form's first field (checked before any file)
    if (!request.csrfValid(given)) return done(new ForbiddenError(t('auth.csrf'), 'csrf'));
    checkedEarly.add(request);
    done();
  });

  // Every form post must carry the token derived from this browser's anchor cookie. The API
  // authenticates by bearer token, never by cookie, so it needs none.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!UNSAFE.has(request.method) || isApiUrl(request.url) || checkedEarly.has(request)) return done();
    const body = request.body as Record<string, unknown> | undefined;
    const given = typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : '';
    done(request.csrfValid(given) ? undefined : new ForbiddenError(t('auth.csrf'), 'csrf'));
  });
}
