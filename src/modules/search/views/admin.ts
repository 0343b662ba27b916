/** Back office: search settings — the zero-result and hot queries, synonyms and best bets. */
import { adminLayout } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
}

export function searchAdminPage(
  c: Common & {
    zero: { query: string; count: number }[];
    hot: { query: string; count: number }[];
    synonyms: { id: number; terms: string[]; targets: string[] | null }[];
    bestBets: { query: string; docKeys: string[] }[];
    filter: string;
    error?: string;
    form?: 'synonym' | 'bestBet';
    values?: Record<string, string>;
  },
) {
  const shown = c.filter ? c.synonyms.filter((s) => [...s.terms, ...(s.targets ?? [])].some((x) => x.includes(c.filter))) : c.synonyms.slice(-50).reverse();
  const counts = (rows: { query: string; count: number }[]) =>
    rows.length ? html`<ol>${rows.map((z) => html`<li><a href="/search?q=${encodeURIComponent(z.query)}">${z.query}</a> <span class="muted">× ${z.count}</span></li>`)}</ol>` : html`<p>${t('admin.noZeroResults')}</p>`;
  return adminLayout(
    { title: t('admin.nav.search'), principal: c.principal, csrf: c.csrf, current: '/admin/search' },
    html`${notice(c.flash)}
<div class="cards"><section class="card"><h2>${t('admin.zeroResults')}</h2><p class="hint">${t('searchAdmin.zeroHint')}</p>${counts(c.zero)}</section>
<section class="card"><h2>${t('searchAdmin.hot')}</h2>${counts(c.hot)}</section></div>
<section class="card"><h2>${t('searchAdmin.synonyms')}</h2><p class="hint">${t('searchAdmin.synonymsHint', { n: c.synonyms.length })}</p>
${c.form === 'synonym' ? errorSummary(c.error) : ''}
<form method="post" action="/admin/search/synonyms" class="form inline-form" novalidate>${csrfField(c.csrf)}
${input({ name: 'terms', label: t('searchAdmin.terms'), value: c.values?.terms, required: true, maxlength: 400, hint: t('searchAdmin.termsHint') })}
${input({ name: 'targets', label: t('searchAdmin.targets'), value: c.values?.targets, maxlength: 400, hint: t('searchAdmin.targetsHint') })}
<button type="submit" class="primary">${t('searchAdmin.add')}</button></form>
<form method="get" action="/admin/search" class="inline-search" role="search"><label for="sf" class="visually-hidden">${t('searchAdmin.filter')}</label><input id="sf" name="filter" type="search" value="${c.filter}" maxlength="40" placeholder="${t('searchAdmin.filter')}"><button type="submit">${t('search.button')}</button></form>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t('searchAdmin.synonyms')}"><table class="table"><caption class="visually-hidden">${t('searchAdmin.synonyms')}</caption>
<thead><tr><th scope="col">${t('searchAdmin.terms')}</th><th scope="col">${t('searchAdmin.targets')}</th><th scope="col">${t('admin.actions')}</th></tr></thead>
<tbody>${shown.map(
      (s) => html`<tr><td>${s.terms.join('、')}</td><td>${s.targets?.join('、') ?? t('searchAdmin.equivalent')}</td>
<td><form method="post" action="/admin/search/synonyms/${s.id}/delete" class="inline">${csrfField(c.csrf)}<button type="submit" class="link danger">${t('searchAdmin.remove')}</button></form></td></tr>`,
    )}</tbody></table></div></section>
<section class="card"><h2>${t('searchAdmin.bestBets')}</h2><p class="hint">${t('searchAdmin.bestBetsHint')}</p>
${c.form === 'bestBet' ? errorSummary(c.error) : ''}
<form method="post" action="/admin/search/best-bets" class="form inline-form" novalidate>${csrfField(c.csrf)}
${input({ name: 'query', label: t('searchAdmin.query'), value: c.values?.query, required: true, maxlength: 40 })}
${input({ name: 'docKeys', label: t('searchAdmin.docKeys'), value: c.values?.docKeys, maxlength: 200, hint: t('searchAdmin.docKeysHint') })}
<button type="submit" class="primary">${t('form.save')}</button></form>
<ul class="plain">${c.bestBets.map((b) => html`<li><strong>${b.query}</strong> → ${b.docKeys.map((k) => html`<code>${k}</code> `)}</li>`)}</ul></section>`,
  );
}
