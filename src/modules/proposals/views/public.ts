/** The public pages: the list of published replies by year, kind and department with the counts, and one proposal with its reply. */
import { t } from '../../../lib/i18n/index.js';
import { filterFold, scrollTable } from '../../../web/components.js';
import { html } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import type { PublicList } from '../operations/read.js';
import { KINDS } from '../model.js';
import type { CountRow, PublicProposal } from '../present.js';

const crumbs = (label: string, mid?: { label: string; href: string }) => [{ label: t('nav.home'), href: '/' }, { label: t('proposals.public.xxgk'), href: '/xxgk' }, ...(mid ? [mid] : []), { label }];

const listHref = (f: { year?: number | null; kind?: string | null; department?: number | null }) => {
  const q = new URLSearchParams();
  if (f.year) q.set('year', String(f.year));
  if (f.kind) q.set('kind', f.kind);
  if (f.department) q.set('department', String(f.department));
  const s = q.toString();
  return s ? `/proposals?${s}` : '/proposals';
};

function countsTable(counts: CountRow[], year: number | null, kind: string | null) {
  const rows = year ? counts.filter((c) => c.year === year) : counts;
  if (!rows.length) return '';
  const byYear = new Map<number, { total: number; replied: number; published: number; overdue: number }>();
  for (const c of counts) {
    const y = byYear.get(c.year) ?? { total: 0, replied: 0, published: 0, overdue: 0 };
    y.total += c.total;
    y.replied += c.replied;
    y.published += c.published;
    y.overdue += c.overdue;
    byYear.set(c.year, y);
  }
  const head = html`<tr><th scope="col">${t('proposals.count.total')}</th><th scope="col">${t('proposals.count.replied')}</th><th scope="col">${t('proposals.count.published')}</th><th scope="col">${t('proposals.count.overdue')}</th></tr>`;
  return html`<section aria-labelledby="pr-counts-h"><h2 id="pr-counts-h">${t('proposals.count.title')}</h2>
${scrollTable(
  t('proposals.count.byYear'),
  html`<table class="table"><caption>${t('proposals.count.byYear')}</caption><thead><tr><th scope="col">${t('proposals.field.year')}</th>${head}</tr></thead>
<tbody>${[...byYear.entries()].map(([y, c]) => html`<tr><th scope="row"><a href="${listHref({ year: y, kind })}">${t('proposals.yearLabel', { year: y })}</a></th><td>${c.total}</td><td>${c.replied}</td><td>${c.published}</td><td>${c.overdue}</td></tr>`)}</tbody></table>`,
)}
${scrollTable(
  t('proposals.count.byDepartment'),
  html`<table class="table"><caption>${t('proposals.count.byDepartment')}${year ? t('proposals.count.inYear', { year }) : ''}</caption><thead><tr><th scope="col">${t('proposals.field.mainDepartmentId')}</th><th scope="col">${t('proposals.field.year')}</th>${head}</tr></thead>
<tbody>${rows.map((c) => html`<tr><th scope="row"><a href="${listHref({ year: c.year, kind, department: c.departmentId })}">${c.departmentName}</a></th><td>${c.year}</td><td>${c.total}</td><td>${c.replied}</td><td>${c.published}</td><td>${c.overdue}</td></tr>`)}</tbody></table>`,
)}</section>`;
}

export function proposalListPage(l: PublicList, departments: { id: number; name: string }[], page: number) {
  const f = l.filter;
  const active = [f.year, f.kind, f.departmentId].filter(Boolean).length;
  const pages = Math.max(1, Math.ceil(l.total / 20));
  const base = listHref({ year: f.year, kind: f.kind, department: f.departmentId });
  const pageHref = (n: number) => `${base}${base.includes('?') ? '&' : '?'}page=${n}`;
  return layout(
    { title: t('proposals.public.title'), description: t('proposals.public.intro'), crumbs: crumbs(t('proposals.public.title')) },
    html`<h1>${t('proposals.public.title')}</h1>
<p>${t('proposals.public.intro')}</p>
${filterFold(
  html`<form method="get" action="/proposals" class="form filters">
<div class="field"><label for="f-year">${t('proposals.field.year')}</label><select id="f-year" name="year"><option value="">${t('proposals.all')}</option>${l.years.map((y) => html`<option value="${y}"${y === f.year ? html` selected` : ''}>${t('proposals.yearLabel', { year: y })}</option>`)}</select></div>
<div class="field"><label for="f-kind">${t('proposals.field.kind')}</label><select id="f-kind" name="kind"><option value="">${t('proposals.all')}</option>${KINDS.map((k) => html`<option value="${k}"${k === f.kind ? html` selected` : ''}>${t(`proposals.kind.${k}`)}</option>`)}</select></div>
<div class="field"><label for="f-department">${t('proposals.field.mainDepartmentId')}</label><select id="f-department" name="department"><option value="">${t('proposals.all')}</option>${departments.map((d) => html`<option value="${d.id}"${d.id === f.departmentId ? html` selected` : ''}>${d.name}</option>`)}</select></div>
<button type="submit" class="button">${t('proposals.filter')}</button>
</form>`,
  { active, open: true },
)}
<section aria-labelledby="pr-list-h"><h2 id="pr-list-h">${t('proposals.public.list', { n: l.total })}</h2>
${
  l.proposals.length
    ? html`<ul class="result-list">${l.proposals.map(
        (p) => html`<li><a href="${p.url}">${p.title}</a><br><small>${t('proposals.yearLabel', { year: p.year })} ${p.kindLabel} ${p.numberLabel} · ${p.mainDepartment.name} · ${t('proposals.field.grade')} ${p.grade} · ${t('proposals.publishedOn', { on: p.publishedOn })}</small></li>`,
      )}</ul>`
    : html`<p>${t('proposals.public.empty')}</p>`
}
${pages > 1 ? html`<nav class="pager" aria-label="${t('proposals.pager')}">${page > 1 ? html`<a href="${pageHref(page - 1)}" rel="prev">${t('proposals.prev')}</a> ` : ''}<span>${page} / ${pages}</span>${page < pages ? html` <a href="${pageHref(page + 1)}" rel="next">${t('proposals.next')}</a>` : ''}</nav>` : ''}
</section>
${countsTable(l.counts, f.year, f.kind)}
<p class="hint">${t('proposals.grades.explained')}</p>`,
  );
}

export function proposalPage(p: PublicProposal) {
  return layout(
    { title: p.title, description: `${t('proposals.yearLabel', { year: p.year })}${p.kindLabel}${p.numberLabel}`, crumbs: crumbs(p.numberLabel, { label: t('proposals.public.title'), href: '/proposals' }) },
    html`<article class="proposal">
<h1>${p.title}</h1>
<dl class="facts">
<dt>${t('proposals.field.kind')}</dt><dd>${t('proposals.yearLabel', { year: p.year })} ${p.kindLabel}</dd>
<dt>${t('proposals.field.number')}</dt><dd>${p.numberLabel}</dd>
<dt>${t(p.kind === 'cppcc' ? 'proposals.authors.cppcc' : 'proposals.authors.npc')}</dt><dd>${p.authors.map((a, i) => html`${i ? '、' : ''}${a.name}（${a.group}）`)}</dd>
<dt>${t('proposals.field.mainDepartmentId')}</dt><dd>${p.mainDepartment.name}</dd>
${p.coDepartments.length ? html`<dt>${t('proposals.field.coDepartmentIds')}</dt><dd>${p.coDepartments.map((d) => d.name).join('、')}</dd>` : ''}
<dt>${t('proposals.field.grade')}</dt><dd>${p.gradeLabel}</dd>
<dt>${t('proposals.repliedOnLabel')}</dt><dd>${p.repliedOn}</dd>
</dl>
<section aria-labelledby="pr-content-h"><h2 id="pr-content-h">${t('proposals.field.content')}</h2><div class="pre">${p.content}</div></section>
<section aria-labelledby="pr-reply-h"><h2 id="pr-reply-h">${t('proposals.reply.title')}</h2><div class="pre">${p.reply}</div></section>
</article>
<p><a href="/proposals?year=${p.year}">${t('proposals.back')}</a></p>`,
  );
}
