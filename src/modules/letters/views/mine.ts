/** 我的来信: the letters a signed-in person wrote, in their personal space. */
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { pager } from '../../../web/paging.js';
import { type Account, meFrame } from '../faces.js';
import { statusLabel } from './public.js';

export interface MyLetterRow {
  trackingCode: string;
  title: string;
  status: string;
  receivedAt: Date;
  updatedAt: Date;
}

export function myLettersPage(a: Account, rows: MyLetterRow[], total: number, page: number, size: number, csrf: string, timeZone: string) {
  const day = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium' });
  return meFrame(
    t('me.letters'),
    '/me/letters',
    a,
    csrf,
    html`<p class="hint">${t('me.lettersNote')}</p>
${
  rows.length
    ? html`<div class="table-wrap"><table class="table my-letters"><caption class="visually-hidden">${t('me.letters')}</caption>
<thead><tr><th scope="col">${t('me.letter.code')}</th><th scope="col">${t('me.letter.title')}</th><th scope="col">${t('me.letter.status')}</th><th scope="col">${t('me.letter.received')}</th><th scope="col">${t('me.letter.updated')}</th></tr></thead>
<tbody>${rows.map(
        (r) => html`<tr><td>${r.trackingCode}</td><td><a href="/me/letters/${r.trackingCode}">${r.title}</a></td><td><span class="status status-${r.status}">${statusLabel(r.status)}</span></td><td>${day.format(r.receivedAt)}</td><td>${day.format(r.updatedAt)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('me.lettersEmpty')}</p>`
}
${pager('/me/letters', page, size, total)}
<p><a class="button" href="/letters/new">${t('me.lettersWrite')}</a></p>`,
  );
}
