/** 政务服务满意度: the public figures, overall, per department and per item, as tables and (the same figures) charts. No personal data. */
import { html, type Renderable } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { LEVELS } from '../model.js';
import type { Satisfaction } from '../operations/public.js';
import { type Figures, percent } from '../present.js';

const share = (n: number, total: number) => (total ? percent(n / total) : t('ratings.public.dash'));

function levelTable(f: Figures, caption: string): Renderable {
  return html`<div class="table-wrap"><table class="table stats-table"><caption>${caption}</caption>
<thead><tr><th scope="col">${t('ratings.public.level')}</th><th scope="col" class="num">${t('ratings.public.count')}</th><th scope="col" class="num">${t('ratings.public.share')}</th></tr></thead>
<tbody>${LEVELS.map((l) => html`<tr><th scope="row">${t(`ratings.level.${l}` as MessageKey)}</th><td class="num">${f.levels[l]}</td><td class="num">${share(f.levels[l], f.total)}</td></tr>`)}
<tr><th scope="row">${t('ratings.public.total')}</th><td class="num">${f.total}</td><td class="num">${f.total ? '100.0%' : t('ratings.public.dash')}</td></tr></tbody></table></div>`;
}

function summary(f: Figures): Renderable {
  return html`<dl class="facts stats-summary">
<dt>${t('ratings.public.total')}</dt><dd>${f.total}</dd>
<dt>${t('ratings.public.satisfiedRate')}</dt><dd>${percent(f.satisfiedRate)}</dd>
<dt>${t('ratings.public.bad')}</dt><dd>${f.bad}</dd>
<dt>${t('ratings.public.rectifiedOnTime')}</dt><dd>${f.rectifiedOnTime}（${percent(f.rectifiedOnTimeRate)}）</dd>
</dl>`;
}

type Row = Figures & { name: string; href: string };

function figuresTable(rows: Row[], nameHeader: string, caption: string): Renderable {
  if (!rows.length) return html`<p>${t('ratings.public.none')}</p>`;
  return html`<div class="table-wrap"><table class="table stats-table"><caption>${caption}</caption>
<thead><tr><th scope="col">${nameHeader}</th>${LEVELS.map((l) => html`<th scope="col" class="num">${t(`ratings.level.${l}` as MessageKey)}</th>`)}<th scope="col" class="num">${t('ratings.public.total')}</th><th scope="col" class="num">${t('ratings.public.satisfiedRate')}</th><th scope="col" class="num">${t('ratings.public.bad')}</th><th scope="col" class="num">${t('ratings.public.rectifiedOnTime')}</th><th scope="col" class="num">${t('ratings.public.rectifiedOnTimeRate')}</th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr><th scope="row"><a href="${r.href}">${r.name}</a></th>${LEVELS.map((l) => html`<td class="num">${r.levels[l]}</td>`)}<td class="num">${r.total}</td><td class="num">${percent(r.satisfiedRate)}</td><td class="num">${r.bad}</td><td class="num">${r.rectifiedOnTime}</td><td class="num">${percent(r.rectifiedOnTimeRate)}</td></tr>`,
  )}</tbody></table></div>`;
}

const chart = (src: string, alt: string, w: number, h: number) =>
  html`<figure class="chart"><img src="${src}" alt="${alt}" width="${w}" height="${h}" loading="lazy"><figcaption>${alt}${t('ratings.public.sameAsTable')}</figcaption></figure>`;

/** The query string of the chart for the same scope as the page. */
const scopeQuery = (s: Satisfaction) => (s.item ? `?item=${s.item.id}` : s.department ? `?department=${s.department.id}` : '');

export function satisfactionPage(s: Satisfaction) {
  const title = s.item ? t('ratings.public.itemTitle', { name: s.item.name }) : s.department ? t('ratings.public.departmentTitle', { name: s.department.name }) : t('ratings.public.title');
  const crumbs = s.department || s.item ? [{ label: t('ratings.public.title'), href: '/satisfaction' }, { label: title }] : [{ label: title }];
  const departments: Row[] = s.departments.map((d) => ({ ...d, name: d.department, href: `/satisfaction/departments/${d.departmentId}` }));
  const items: Row[] = s.items.map((i) => ({ ...i, name: i.item, href: `/satisfaction/items/${i.itemId}` }));
  const q = scopeQuery(s);
  return layout(
    { title, crumbs, description: t('ratings.public.lead') },
    html`<h1>${title}</h1>
<p class="lead">${t('ratings.public.lead')}</p>
${s.department || s.item ? html`<p><a href="/satisfaction">${t('ratings.public.backToAll')}</a></p>` : ''}
${summary(s.figures)}
<h2>${t('ratings.public.levels')}</h2>
${levelTable(s.figures, t('ratings.public.levels'))}
${s.figures.total ? chart(`/satisfaction/levels.svg${q}`, t('ratings.public.chartLevels'), 720, 300) : ''}
${
  s.item
    ? ''
    : html`${
        s.department
          ? ''
          : html`<h2>${t('ratings.public.byDepartment')}</h2>
${figuresTable(departments, t('ratings.public.department'), t('ratings.public.byDepartment'))}
${departments.length ? chart('/satisfaction/departments.svg', t('ratings.public.chartDepartments'), 720, 120 + Math.min(12, departments.length) * 36) : ''}`
      }
<h2>${t('ratings.public.byItem')}</h2>
${figuresTable(items, t('ratings.public.item'), t('ratings.public.byItem'))}`
}`,
  );
}
