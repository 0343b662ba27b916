/**
 * The two display switches in the header of every page, public and back office:
 *   长辈版 (care mode, per the MIIT 互联网网站适老化通用设计规范): bigger text (大 / 特大), high
 *     contrast, large targets, no motion, simpler navigation and 朗读本页 (speech synthesis);
 *   简 / 繁: traditional characters, converted from the simplified page when it is sent.
 * Each switch is a plain link to /prefs that sets a cookie and comes back to the same page, so
 * it works without JavaScript. Layouts call `switchBar`, `prefsHead`, `htmlLang` and `careClass`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestError } from '../lib/errors.js';
import { cookie } from './cookies.js';
import { safeNext } from './forms.js';
import { toHantHtml } from './hant.js';
import { html, type SafeHtml } from './html.js';
import { t } from '../lib/i18n/index.js';
import { CARE_COOKIE, type CareSize, LANG_COOKIE, type Prefs, prefs, prefsFromCookies, withPrefs } from '../lib/prefs.js';

const YEAR = 365 * 24 * 3600;

/** `<html lang>` of the page being rendered. */
export const htmlLang = () => (prefs().hant ? 'zh-Hant' : 'zh-Hans');

/** Classes for `<html>` and `<body>` in care mode ('' otherwise). */
export function careClass(): string {
  const { care } = prefs();
  return care ? `care care-${care}` : '';
}

/** Care mode's own style sheet and its 朗读本页 script: loaded only in care mode. */
export function prefsHead(): SafeHtml | '' {
  return prefs().care
    ? html`<link rel="stylesheet" href="/static/care.css">
<script src="/static/care.js" defer></script>`
    : '';
}

const link = (q: string) => `/prefs?${q}&next=${encodeURIComponent(prefs().here)}`;

/** The switches for the header: 长辈版 (with its text sizes and 朗读本页) and 简/繁. */
export function switchBar(): SafeHtml {
  const { care, hant } = prefs();
  const size = (value: CareSize, label: string) =>
    value === care
      ? html`<a class="pref-size" href="${link(`care=${value}`)}" aria-current="true">${label}</a>`
      : html`<a class="pref-size" href="${link(`care=${value}`)}">${label}</a>`;
  return html`<div class="site-prefs" role="group" aria-label="${t('prefs.label')}">
${
  care
    ? html`<span class="pref-sizes" role="group" aria-label="${t('prefs.careSize')}">${size('l', t('prefs.careLarge'))}${size('xl', t('prefs.careXLarge'))}</span><a class="pref-care" href="${link('care=off')}">${t('prefs.careOff')}</a><button type="button" class="pref-speak" data-speak data-stop-label="${t('prefs.speakStop')}" hidden>${t('prefs.speak')}</button>`
    : html`<a class="pref-care" href="${link('care=l')}" title="${t('prefs.careTitle')}">${t('prefs.care')}</a>`
}
${
  hant
    ? html`<a class="pref-lang" href="${link('lang=hans')}" lang="zh-Hans" title="${t('prefs.hansTitle')}"><span lang="zh-Hans">${t('prefs.hans')}</span></a>`
    : html`<a class="pref-lang" href="${link('lang=hant')}" lang="zh-Hant" title="${t('prefs.hantTitle')}">${t('prefs.hant')}</a>`
}
</div>`;
}

/** An invitation to care mode, e.g. on the 老年人 green-channel page that promises 大字版和语音播报. */
export function careInvite(): SafeHtml {
  if (prefs().care) return html``;
  return html`<p class="care-invite">${t('prefs.careInvite')} <a href="${link('care=l')}">${t('prefs.careInviteLink')}</a></p>`;
}

/**
 * Where to return after a switch: the page the reader was on, told by the browser (Referer, same
 * site only), else `next`. A cached page carries the `next` of the request that filled the cache
 * (its query string included), so the browser's word comes first.
 */
function backTo(request: FastifyRequest, next: unknown): string {
  const fallback = safeNext(next, '/');
  const referer = request.headers.referer;
  if (typeof referer === 'string' && request.headers.host) {
    try {
      const from = new URL(referer);
      if (from.host === request.headers.host && !from.pathname.startsWith('/prefs')) return safeNext(from.pathname + from.search, fallback);
    } catch {}
  }
  return fallback;
}

/** requests that never show a page (the API reference at /api/docs is a page) */
const isApi = (url: string) =>
  (url.startsWith('/api/') && !url.startsWith('/api/docs')) || url.startsWith('/open311/') || url === '/healthz' || url.startsWith('/static/');

export function registerSwitches(app: FastifyInstance, opts: { secure: boolean }) {
  const of = new WeakMap<FastifyRequest, Prefs>();

  // every page request runs with its reader's preferences, so the layouts, the catalogue and the page cache see them
  app.addHook('onRequest', (request, _reply, done) => {
    if (isApi(request.url)) return done();
    const p = prefsFromCookies(request.headers.cookie, request.url.slice(0, 2000));
    of.set(request, p);
    withPrefs(p, done);
  });

  // a cached page is the same Buffer every time: its traditional version is converted once
  const converted = new WeakMap<Buffer, Buffer>();
  const shown = (request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown => {
    const p = of.get(request);
    if (!p) return payload;
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !type.startsWith('text/html')) return payload;
    // the same address shows different pages to readers with different switches
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${vary}, Cookie` : 'Cookie');
    if (!p.hant) return payload;
    if (typeof payload === 'string') return toHantHtml(payload);
    if (Buffer.isBuffer(payload)) {
      let out = converted.get(payload);
      if (!out) {
        out = Buffer.from(toHantHtml(payload.toString('utf8')));
        converted.set(payload, out);
      }
      return out;
    }
    return payload;
  };
  // (a callback hook: it runs on every page, so it costs no promise)
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) => {
    let out: unknown;
    try {
      out = shown(request, reply, payload);
    } catch (e) {
      return done(e as Error);
    }
    done(null, out);
  });

  const setting = (name: string, value: string) => cookie(name, value, { secure: opts.secure, maxAge: value ? YEAR : 0 });

  app.get<{ Querystring: { care?: string; lang?: string; next?: string } }>('/prefs', { schema: { hide: true } }, async (request, reply) => {
    const { care, lang } = request.query;
    const cookies: string[] = [];
    if (care !== undefined) {
      if (care !== 'l' && care !== 'xl' && care !== 'off') throw new BadRequestError(t('prefs.badValue'));
      cookies.push(setting(CARE_COOKIE, care === 'off' ? '' : care));
    }
    if (lang !== undefined) {
      if (lang !== 'hant' && lang !== 'hans') throw new BadRequestError(t('prefs.badValue'));
      cookies.push(setting(LANG_COOKIE, lang === 'hans' ? '' : 'hant'));
    }
    if (cookies.length === 0) throw new BadRequestError(t('prefs.badValue'));
    return reply.header('set-cookie', cookies).header('cache-control', 'no-store').redirect(backTo(request, request.query.next), 303);
  });
}
