/**
 * Who is signed in, in the header of every public page. Pages are rendered once for everyone
 * (and the guide and home pages are cached), so the header carries a slot with what a visitor
 * sees (登录 / 个人空间); for a request with a session the slot is filled in on the way out with
 * the person's short name, 我的 (or 工作台 for staff) and 退出 — a POST form with its CSRF token,
 * working without JavaScript. Such a response is private and never answered with 304, so a
 * browser cannot show a page from before sign-in (or after sign-out) from its cache.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskName } from '../lib/identity.js';
import { SESSION_COOKIE } from './cookies.js';
import { isStaff, type Principal } from '../lib/principal.js';
import { csrfField } from './forms.js';
import { html, raw, type SafeHtml } from './html.js';
import { t } from '../lib/i18n/index.js';

const OPEN = '<!--person-->';
const CLOSE = '<!--/person-->';
const OPEN_BYTES = Buffer.from(OPEN);
const CLOSE_BYTES = Buffer.from(CLOSE);

/** The slot in the header, as every page is rendered: what a visitor who is not signed in sees. */
export function personSlot(): SafeHtml {
  return html`${raw(OPEN)}<a href="/me">${t('nav.me')}</a>${raw(CLOSE)}`;
}

/** What a signed-in person sees in the slot. */
export function personLinks(p: Principal, csrf: string): SafeHtml {
  const staff = isStaff(p);
  return html`<span class="person"><span class="person-name">${maskName(p.name)}</span>
<a href="${staff ? '/admin' : '/me'}">${staff ? t('person.desk') : t('person.me')}</a>
<form method="post" action="/logout" class="inline person-logout">${csrfField(csrf)}<button type="submit" class="link light">${t('person.logout')}</button></form></span>`;
}

const hasSession = (request: FastifyRequest) => !!request.cookies()[SESSION_COOKIE];

function fill(payload: string | Buffer, filled: string): string | Buffer | undefined {
  if (typeof payload === 'string') {
    const a = payload.indexOf(OPEN);
    const b = a < 0 ? -1 : payload.indexOf(CLOSE, a);
    return b < 0 ? undefined : payload.slice(0, a) + filled + payload.slice(b + CLOSE.length);
  }
  const a = payload.indexOf(OPEN_BYTES);
  const b = a < 0 ? -1 : payload.indexOf(CLOSE_BYTES, a);
  return b < 0 ? undefined : Buffer.concat([payload.subarray(0, a), Buffer.from(filled), payload.subarray(b + CLOSE_BYTES.length)]);
}

/** Registered after the session and CSRF decorators (accounts/http.ts). */
export function registerPersonLinks(app: FastifyInstance) {
  // a signed-in browser must get the page with its header, never "not modified" from before
  // (callback hooks: a request without a session, nearly every one, costs no promise)
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers['if-none-match'] && hasSession(request)) delete request.headers['if-none-match'];
    done();
  });

  const withLinks = async (request: FastifyRequest, reply: FastifyReply, payload: string | Buffer) => {
    const p = await request.principal();
    if (!p) return payload;
    const filled = fill(payload, personLinks(p, reply.csrfToken()).value);
    if (filled === undefined) return payload;
    reply.removeHeader('etag');
    reply.removeHeader('content-length');
    reply.header('cache-control', 'private, no-store');
    return filled;
  };
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) => {
    if (!hasSession(request) || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return done(null, payload);
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return done(null, payload);
    withLinks(request, reply, payload).then((out) => done(null, out), done);
  });
}
