/** The report in the national format: six parts, the tables of 二, 三 and 四 — one renderer for the public page, its print view and the staff preview. */
import { t } from '../../../lib/i18n/index.js';
import { scrollTable } from '../../../web/components.js';
import { html, type Renderable } from '../../../web/html.js';
import { APPLICANT_COLUMNS, TABLE_ROWS, type TableRow } from '../faces.js';
import type { ReportView } from '../operations/report.js';

const paras = (text: string) => text.split(/\n\s*\n|\n/).filter((x) => x.trim()).map((x) => html`<p>${x}</p>`);

function activeTable(r: ReportView): Renderable {
  const a = r.figures.active;
  const e = r.figures.entered;
  const doc = (name: string, made: number, repealed: number, inForce: number) => html`<tr><th scope="row">${name}</th><td>${made}</td><td>${repealed}</td><td>${inForce}</td></tr>`;
  const one = (name: string, n: number) => html`<tr><th scope="row">${name}</th><td colspan="3">${n}</td></tr>`;
  return scrollTable(
    t('reports.section2'),
    html`<table class="table"><caption>${t('reports.section2.caption')}</caption>
<thead><tr><th scope="col">${t('reports.col.item')}</th><th scope="col">${t('reports.col.made')}</th><th scope="col">${t('reports.col.repealed')}</th><th scope="col">${t('reports.col.inForce')}</th></tr></thead>
<tbody>
${doc(t('reports.row.regulation'), e['regulation.made'], e['regulation.repealed'], e['regulation.inForce'])}
${doc(t('reports.row.normative'), a.normative.made, a.normative.repealed, a.normative.inForce)}
${doc(t('reports.row.policy'), a.policy.made, a.policy.repealed, a.policy.inForce)}
<tr><th scope="col">${t('reports.col.item')}</th><th scope="col" colspan="3">${t('reports.col.decisions')}</th></tr>
${one(t('reports.row.licensing'), e.licensing)}
${one(t('reports.row.penalty'), e.penalty)}
${one(t('reports.row.coercion'), e.coercion)}
<tr><th scope="col">${t('reports.col.item')}</th><th scope="col" colspan="3">${t('reports.col.amount')}</th></tr>
${one(t('reports.row.charges'), e.charges)}
</tbody></table>`,
  );
}

const DEPTH: Partial<Record<TableRow, string>> = {};
function requestTable(r: ReportView): Renderable {
  const rows = r.figures.requests.rows;
  const groupOf = (k: TableRow) => (k.includes('.') ? k.split('.')[0]! : '');
  const totalOf = (g: string) => {
    const sum = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0])) as Record<string, number>;
    for (const k of TABLE_ROWS) if (groupOf(k) === g) for (const c of APPLICANT_COLUMNS) sum[c]! += rows[k][c];
    return sum;
  };
  const cells = (v: Record<string, number>) => APPLICANT_COLUMNS.map((c) => html`<td>${v[c] ?? 0}</td>`);
  const body: Renderable[] = [];
  let last = '';
  for (const k of TABLE_ROWS) {
    const g = groupOf(k);
    if (g && g !== last) body.push(html`<tr class="group"><th scope="row">${t(`reports.req.${g}` as never)}</th>${cells(totalOf(g))}</tr>`);
    last = g;
    body.push(html`<tr><th scope="row"${g ? html` class="sub"` : ''}>${g ? '　' : ''}${t(`reports.req.${k}` as never)}</th>${cells(rows[k])}</tr>`);
  }
  void DEPTH;
  return scrollTable(
    t('reports.section3'),
    html`<table class="table"><caption>${t('reports.section3.caption')}</caption>
<thead><tr><th scope="col" rowspan="2">${t('reports.col.item')}</th><th scope="colgroup" colspan="${APPLICANT_COLUMNS.length}">${t('reports.col.applicants')}</th></tr>
<tr>${APPLICANT_COLUMNS.map((c) => html`<th scope="col">${t(`reports.applicant.${c}` as never)}</th>`)}</tr></thead>
<tbody>${body}</tbody></table>`,
  );
}

function reviewTable(r: ReportView): Renderable {
  const e = r.figures.entered;
  const group = (g: 'review' | 'direct' | 'afterReview') => {
    const v = [e[`${g}.upheld`], e[`${g}.corrected`], e[`${g}.other`], e[`${g}.pending`]];
    return [...v, v.reduce((a, b) => a + b, 0)];
  };
  const heads = ['upheld', 'corrected', 'other', 'pending', 'total'];
  return scrollTable(
    t('reports.section4'),
    html`<table class="table"><caption>${t('reports.section4.caption')}</caption>
<thead><tr><th scope="colgroup" colspan="5">${t('reports.col.review')}</th><th scope="colgroup" colspan="5">${t('reports.col.direct')}</th><th scope="colgroup" colspan="5">${t('reports.col.afterReview')}</th></tr>
<tr>${[0, 1, 2].flatMap(() => heads.map((h) => html`<th scope="col">${t(`reports.result.${h}` as never)}</th>`))}</tr></thead>
<tbody><tr>${[...group('review'), ...group('direct'), ...group('afterReview')].map((n) => html`<td>${n}</td>`)}</tr></tbody></table>`,
  );
}

export function reportBody(r: ReportView): Renderable {
  return html`<article class="annual-report">
<h1>${t('reports.title', { org: r.org.name, year: r.year })}</h1>
<p class="hint">${t('reports.lead', { year: r.year })}</p>
<section aria-labelledby="ar-1"><h2 id="ar-1">${t('reports.section1')}</h2>${paras(r.sections.overview)}</section>
<section aria-labelledby="ar-2"><h2 id="ar-2">${t('reports.section2')}</h2>${activeTable(r)}</section>
<section aria-labelledby="ar-3"><h2 id="ar-3">${t('reports.section3')}</h2>${requestTable(r)}</section>
<section aria-labelledby="ar-4"><h2 id="ar-4">${t('reports.section4')}</h2>${reviewTable(r)}</section>
<section aria-labelledby="ar-5"><h2 id="ar-5">${t('reports.section5')}</h2>${paras(r.sections.problems)}</section>
<section aria-labelledby="ar-6"><h2 id="ar-6">${t('reports.section6')}</h2>${paras(r.sections.other)}<p>${t('reports.fees', { yuan: r.figures.requests.feeYuan, n: r.figures.requests.feeCharged })}</p></section>
</article>`;
}
