/** The page frame every public page shares: header with search, main, footer. */
import { t } from '../lib/i18n/index.js';
import { html, type Renderable, type SafeHtml } from './html.js';
import { personSlot } from './person-links.js';
import { columnTypeOf, currentPath, metaTags, type PageMeta, publicBase } from './site-meta.js';
import { careClass, htmlLang, prefsHead, switchBar } from './switches.js';

export interface PageOptions {
  title: string;
  /** a short description for search engines and link previews */
  description?: string;
  /** breadcrumb trail, the current page last (without a link) */
  crumbs?: { label: string; href?: string }[];
  /** the search box in the header is hidden on the home page, which has its own big one */
  headerSearch?: boolean;
  query?: string;
  bodyClass?: string;
  /** page-specific scripts under /static (progressive enhancement only) */
  scripts?: string[];
  /**
   * the page's 政府网站网页设计规范 metadata: its column (default: the first breadcrumb, and a
   * type from the address) and, for a page that is one article or guide, the article's
   */
  meta?: PageMeta;
  /** the page's canonical path, when the page is rendered once for every address that shows it (a cached page) */
  canonical?: string;
  /** the 手机扫码阅读 QR code of the page in the footer; off for a page that shows its own */
  qr?: boolean;
}

export function layout(opts: PageOptions, body: Renderable): string {
  const site = t('site.name');
  const title = opts.title === site ? site : `${opts.title} - ${site}`;
  const care = careClass();
  const path = opts.canonical ?? currentPath();
  const meta = metaTags({
    columnName: opts.meta?.columnName || (path === '/' ? t('meta.type.home') : opts.crumbs?.[0]?.label || opts.title),
    columnType: opts.meta?.columnType || columnTypeOf(path),
    article: opts.meta?.article,
  }, undefined, publicBase() + path);
  return `<!doctype html>${html`<html lang="${htmlLang()}"${care ? html` class="${care}"` : ''}>
<head>
<meta charset="utf-8">
${meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${opts.description ? html`<meta name="description" content="${opts.description}">` : ''}
<link rel="stylesheet" href="/static/site.css">
<link rel="stylesheet" href="/static/frontdoor.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<script src="/static/search.js" defer></script>
${(opts.scripts ?? []).map((src) => html`<script src="/static/${src}" defer></script>`)}
${prefsHead()}
</head>
<body class="${[opts.bodyClass, care].filter(Boolean).join(' ')}">
<a class="skip" href="#main">${t('nav.skip')}</a>
<header class="site-header">
  ${switchBar()}
  <div class="wrap header-row">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">门</span><span class="brand-text"><strong>${site}</strong><small>${t('site.tagline')}</small></span></a>
    ${opts.headerSearch !== false ? searchForm(opts.query, 'header-search') : ''}
    <nav class="top-nav" aria-label="${t('nav.main')}">
      <a href="/themes?audience=citizen">${t('nav.citizen')}</a>
      <a href="/themes?audience=enterprise">${t('nav.enterprise')}</a>
      <a href="/journeys">${t('nav.journeys')}</a>
      <a href="/departments">${t('nav.departments')}</a>
      <a href="/letters">${t('nav.letters')}</a>
      <a href="/groups">${t('nav.groups')}</a>
      ${personSlot()}
    </nav>
  </div>
</header>
${opts.crumbs?.length ? breadcrumbs(opts.crumbs) : ''}
<main id="main" class="wrap">
${body}
<p class="print-url">${t('meta.printedFrom')}${publicBase()}${path}</p>
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>${t('footer.hotline')}</p>
    <p>${t('footer.owner')}</p>
    <p><a href="/satisfaction">${t('footer.satisfaction')}</a></p>
    <p><a href="/api/docs">${t('footer.api')}</a></p>
    ${opts.qr === false ? '' : html`<figure class="page-qr"><img src="/qr?u=${encodeURIComponent(path)}" alt="${t('meta.qr.alt')}" width="96" height="96" loading="lazy" decoding="async"><figcaption>${t('meta.qr.caption')}</figcaption></figure>`}
  </div>
</footer>
</body>
</html>`}`;
}

export function searchForm(query: string | undefined, cls: string, big = false): SafeHtml {
  return html`<form class="search-form ${cls}" action="/search" method="get" role="search">
  <label for="q-${cls}" class="${big ? 'search-label' : 'visually-hidden'}">${t('search.label')}</label>
  <div class="search-row">
    <input id="q-${cls}" name="q" type="search" value="${query ?? ''}" maxlength="200" placeholder="${t('search.placeholder')}" autocomplete="off" data-suggest data-suggest-label="${t('search.suggestions')}">
    <button type="submit">${t('search.button')}</button>
  </div>
</form>`;
}

function breadcrumbs(crumbs: { label: string; href?: string }[]): SafeHtml {
  return html`<nav class="wrap crumbs" aria-label="${t('nav.breadcrumb')}"><ol>
<li><a href="/">${t('nav.home')}</a></li>
${crumbs.map((c) => (c.href ? html`<li><a href="${c.href}">${c.label}</a></li>` : html`<li aria-current="page">${c.label}</li>`))}
</ol></nav>`;
}
