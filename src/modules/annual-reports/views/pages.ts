/** The public report page (and its print view), the organisation's list of reports, and the back office's list and edit page. */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, type FormError, input, notice, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import { ENTERED_KEYS, SECTIONS } from '../model.js';
import type { ReportView } from '../operations/report.js';
import { allows, type ReportAction, TRANSITIONS } from '../policy.js';
import { reportBody } from './report.js';

/** home › 政府信息公开 › the organisation (when the page is one organisation's) › the page */
const crumbs = (org: { slug: string; name: string } | undefined, label: string) => [
  { label: t('nav.home'), href: '/' },
  { label: t('proposals.public.xxgk'), href: '/xxgk' },
  ...(org ? [{ label: org.name, href: `/xxgk/${org.slug}` }] : []),
  { label },
];

export function publicReportPage(r: ReportView, print = false) {
  return layout(
    { title: t('reports.title', { org: r.org.name, year: r.year }), crumbs: crumbs(r.org, t('reports.shortTitle', { year: r.year })), bodyClass: print ? 'print-view' : '' },
    html`${reportBody(r)}
<p class="hint">${t('reports.publishedAt', { on: (r.publishedAt ?? '').slice(0, 10) })}</p>
${print ? '' : html`<p><a href="${r.url}/print">${t('reports.print')}</a> · <a href="/xxgk/${r.org.slug}/annual-report">${t('reports.all')}</a></p>`}`,
  );
}

export function publicListPage(l: { org: { slug: string; name: string }; reports: ReportView[] }) {
  return layout(
    { title: t('reports.listTitle', { org: l.org.name }), crumbs: crumbs(l.org, t('reports.list')) },
    html`<h1>${t('reports.listTitle', { org: l.org.name })}</h1>
${l.reports.length ? html`<ul>${l.reports.map((r) => html`<li><a href="${r.url}">${t('reports.title', { org: r.org.name, year: r.year })}</a></li>`)}</ul>` : html`<p>${t('reports.none')}</p>`}`,
  );
}

/** Every organisation's published reports, a section a year (newest first). */
export function publicIndexPage(years: { year: number; reports: ReportView[] }[]) {
  return layout(
    { title: t('reports.list'), crumbs: crumbs(undefined, t('reports.list')) },
    html`<h1>${t('reports.list')}</h1>
<p class="lead">${t('reports.indexLead')}</p>
${
  years.length
    ? years.map(
        (y) => html`<section aria-labelledby="h-year-${y.year}"><h2 id="h-year-${y.year}">${t('reports.shortTitle', { year: y.year })}</h2>
<ul>${y.reports.map((r) => html`<li><a href="${r.url}">${t('reports.title', { org: r.org.name, year: r.year })}</a> <span class="meta">${t('reports.publishedAt', { on: (r.publishedAt ?? '').slice(0, 10) })}</span></li>`)}</ul></section>`,
      )
    : html`<p>${t('reports.none')}</p>`
}`,
  );
}

export function staffListPage(p: Principal, csrf: string, l: { orgs: { slug: string; name: string }[]; reports: ReportView[] }, year: number, error?: FormError) {
  return adminLayout(
    { title: t('reports.staff.title'), principal: p, csrf, current: '/admin/reports' },
    html`<h1>${t('reports.staff.title')}</h1>
${errorSummary(error?.message, error?.problems)}
<form method="post" action="/admin/reports/generate" class="form">${csrfField(csrf)}
${select({ name: 'org', label: t('reports.field.org'), options: l.orgs.map((o) => ({ value: o.slug, label: o.name })) })}
${input({ name: 'year', label: t('reports.field.year'), value: String(year), type: 'number', inputmode: 'numeric', required: true, maxlength: 4 })}
<button type="submit" class="button">${t('reports.action.generate')}</button></form>
${
  l.reports.length
    ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${t('reports.staff.title')}</caption><thead><tr><th scope="col">${t('reports.field.org')}</th><th scope="col">${t('reports.field.year')}</th><th scope="col">${t('reports.field.status')}</th></tr></thead>
<tbody>${l.reports.map((r) => html`<tr><td><a href="/admin/reports/${r.id}">${r.org.name}</a></td><td>${r.year}</td><td>${t(`reports.status.${r.status}`)}</td></tr>`)}</tbody></table></div>`
    : html`<p>${t('reports.none')}</p>`
}`,
  );
}

export function staffReportPage(p: Principal, csrf: string, r: ReportView, o: { error?: FormError; flash?: string; values?: Record<string, string> } = {}) {
  const can = (a: ReportAction) => !!TRANSITIONS[r.status][a] && allows(p, a, r.org, r.contributors);
  const v = o.values;
  const small = (a: ReportAction) =>
    html`<form method="post" action="/admin/reports/${r.id}/${a}" class="form inline">${csrfField(csrf)}<input type="hidden" name="version" value="${r.version}"><button type="submit" class="button">${t(`reports.action.${a}`)}</button></form>`;
  return adminLayout(
    { title: t('reports.title', { org: r.org.name, year: r.year }), principal: p, csrf, current: '/admin/reports', crumbs: [{ label: t('reports.staff.title'), href: '/admin/reports' }, { label: `${r.org.name} ${r.year}` }] },
    html`${notice(o.flash)}
${errorSummary(o.error?.message, o.error?.problems)}
<p>${t('reports.field.status')}：${t(`reports.status.${r.status}`)}${r.status === 'published' ? html` · <a href="${r.url}">${t('reports.publicPage')}</a>` : ''}</p>
<p class="hint">${t('reports.generatedOn', { on: r.figures.generatedOn })}</p>
${
  can('save')
    ? html`<form method="post" action="/admin/reports/${r.id}/save" class="form">${csrfField(csrf)}<input type="hidden" name="version" value="${r.version}">
${SECTIONS.map((k) => input({ name: `section.${k}`, label: t(`reports.section.${k}`), value: v?.[`section.${k}`] ?? r.sections[k], rows: 8 }))}
<fieldset><legend>${t('reports.entered')}</legend><p class="hint">${t('reports.entered.hint')}</p>
${ENTERED_KEYS.map((k) => input({ name: `entered.${k}`, label: t(`reports.entered.${k}`), value: v?.[`entered.${k}`] ?? String(r.figures.entered[k]), inputmode: k === 'charges' ? 'text' : 'numeric', maxlength: 12 }))}
</fieldset>
<button type="submit" class="button">${t('reports.action.save')}</button></form>`
    : ''
}
<p>${can('submit') ? small('submit') : ''}${can('publish') ? small('publish') : ''}${can('reject') ? small('reject') : ''}</p>
${r.status !== 'published' && allows(p, 'save', r.org, []) ? html`<form method="post" action="/admin/reports/generate" class="form inline">${csrfField(csrf)}<input type="hidden" name="org" value="${r.org.slug}"><input type="hidden" name="year" value="${r.year}"><button type="submit" class="button secondary">${t('reports.action.regenerate')}</button></form>` : ''}
<section aria-labelledby="ar-preview"><h2 id="ar-preview">${t('reports.preview')}</h2>${reportBody(r)}</section>`,
  );
}
