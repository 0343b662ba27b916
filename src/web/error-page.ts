/**
 * The error page of the whole site: what went wrong, what to do, and on a 404 the search box and
 * the services people use most (given by the caller, so this layer needs no catalogue).
 */
import { html } from './html.js';
import { t } from '../lib/i18n/index.js';
import { layout, searchForm } from './layout.js';

/** a link to one of the services people use most */
export interface HotLink {
  name: string;
  url: string;
}

export function errorPage(status: number, title: string, message: string, hot: readonly HotLink[]): string {
  return layout(
    { title, qr: false },
    html`<div class="error-page"><h1>${title}</h1><p class="lead">${message}</p>
${status === 404 ? html`${searchForm(undefined, 'error-search', true)}
${hot.length ? html`<h2>${t('home.hot')}</h2><ol class="hot-list">${hot.map((h) => html`<li><a href="${h.url}">${h.name}</a></li>`)}</ol>` : ''}` : ''}
<p><a href="/">${t('error.backHome')}</a> · ${t('error.hotline')}</p></div>`,
  );
}
