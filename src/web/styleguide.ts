/**
 * /styleguide: the design system, live. Every token and component that pages use, rendered by
 * the same helpers the pages call, each with its markup underneath to copy. A new module looks
 * here first (docs/decisions/0009-design-system.md). Server-rendered, public, not indexed.
 */
import type { FastifyInstance } from 'fastify';
import { filterFold, scrollTable } from './components.js';
import { checkboxes, errorSummary, input, notice, select } from './forms.js';
import { html, type SafeHtml } from './html.js';
import { t } from '../lib/i18n/index.js';
import { layout } from './layout.js';

const COLOURS = [
  'brand',
  'brand-dark',
  'brand-tint',
  'text',
  'muted',
  'border',
  'input-border',
  'bg',
  'surface',
  'link',
  'focus',
  'success',
  'success-tint',
  'warning',
  'warning-tint',
  'error',
  'error-tint',
  'info',
  'info-tint',
];
const TYPE_SCALE = ['3xl', '2xl', 'xl', 'lg', 'base', 'sm'];
const SPACES = [1, 2, 3, 4, 5, 6, 7];

// the swatches, sizes and spaces are drawn by classes in site.css: the CSP allows no inline style

/** One component: its name, a line on when to use it, the live example and its markup. */
function example(id: string, title: string, use: string, markup: SafeHtml): SafeHtml {
  return html`<section class="sg-section" aria-labelledby="sg-${id}" id="${id}">
<h2 id="sg-${id}">${title}</h2>
<p>${use}</p>
<div class="sg-example">${markup}</div>
<details class="sg-markup"><summary>${t('sg.markup')}</summary><pre><code>${markup.value.trim()}</code></pre></details>
</section>`;
}

export function styleguidePage(): string {
  const sections: [string, string, string, SafeHtml][] = [
    [
      'buttons',
      t('sg.buttons'),
      t('sg.buttonsUse'),
      html`<div class="actions"><button type="button" class="primary">${t('sg.primary')}</button><button type="button" class="secondary">${t('sg.secondary')}</button><a class="button" href="#buttons">${t('sg.linkButton')}</a><button type="button" class="secondary small">${t('sg.small')}</button><button type="button" class="danger">${t('sg.danger')}</button><button type="button" class="link">${t('sg.linkLike')}</button></div>`,
    ],
    [
      'cards',
      t('sg.cards'),
      t('sg.cardsUse'),
      html`<ul class="card-grid"><li><a class="card-link" href="#cards"><strong>${t('sg.cardTitle')}</strong><small>${t('sg.cardText')}</small></a></li><li><a class="card-link" href="#cards"><strong>${t('sg.cardTitle')}</strong><small>${t('sg.cardText')}</small></a></li></ul>
<section class="card"><h3>${t('sg.cardTitle')}</h3><p>${t('sg.cardText')}</p></section>`,
    ],
    [
      'tags',
      t('sg.tags'),
      t('sg.tagsUse'),
      html`<p><span class="tag">${t('sg.tag')}</span> <span class="tag tag-online">${t('guide.fullyOnline')}</span> <span class="tag tag-old">${t('guide.outdatedTag')}</span> <span class="tag tag-alt">${t('sg.tag')}</span> <span class="badge">3</span></p>`,
    ],
    [
      'notices',
      t('sg.notices'),
      t('sg.noticesUse'),
      html`${notice(t('sg.noticeDone'))}<p class="notice info">${t('sg.noticeInfo')}</p><p class="warning">${t('sg.noticeWarning')}</p>`,
    ],
    [
      'key-facts',
      t('sg.keyFacts'),
      t('sg.keyFactsUse'),
      html`<dl class="key-facts"><div><dt>${t('guide.promised')}</dt><dd>${t('guide.workingDays', { days: 5 })}</dd></div><div><dt>${t('guide.fee')}</dt><dd>${t('guide.free')}</dd></div><div><dt>${t('guide.visitsLabel')}</dt><dd>${t('guide.zeroVisits')}</dd></div><div><dt>${t('guide.appointment')}</dt><dd>${t('guide.appointmentYes')}</dd></div></dl>
<dl class="facts"><dt>${t('sg.factLabel')}</dt><dd>${t('sg.factValue')}</dd><dt>${t('guide.address')}</dt><dd>${t('sg.address')}</dd></dl>`,
    ],
    [
      'tables',
      t('sg.tables'),
      t('sg.tablesUse'),
      scrollTable(
        t('ui.tableScroll', { label: t('sg.tableCaption') }),
        html`<table class="table"><caption>${t('sg.tableCaption')}</caption><thead><tr><th scope="col">${t('sg.colDept')}</th><th scope="col" class="num">${t('letters.stats.received')}</th><th scope="col" class="num">${t('letters.stats.replied')}</th><th scope="col" class="num">${t('letters.stats.replyRate')}</th><th scope="col">${t('sg.colNote')}</th></tr></thead>
<tbody><tr><th scope="row">${t('sg.dept1')}</th><td class="num">128</td><td class="num">120</td><td class="num">93.8%</td><td>${t('sg.note1')}</td></tr><tr><th scope="row">${t('sg.dept2')}</th><td class="num">4</td><td class="num">0</td><td class="num">—</td><td>${t('sg.note2')}</td></tr></tbody></table>`,
      ),
    ],
    [
      'forms',
      t('sg.forms'),
      t('sg.formsUse'),
      html`${errorSummary(t('sg.errorMessage'), [{ text: `${t('sg.fieldTitle')}：${t('sg.fieldError')}`, field: 'sg-title' }])}
<form class="form" action="#forms" method="get" novalidate>
${input({ name: 'sg-title', label: t('sg.fieldTitle'), hint: t('sg.fieldHint'), error: t('sg.fieldError'), value: t('sg.fieldValue'), required: true })}
${input({ name: 'sg-email', label: t('letters.field.email'), type: 'email', optional: true, hint: t('sg.optionalHint') })}
${select({ name: 'sg-type', label: t('letters.field.type'), options: [{ value: 'a', label: t('letters.type.consultation') }, { value: 'b', label: t('letters.type.complaint') }] })}
${checkboxes({ name: 'sg-agree', legend: t('sg.checksLegend'), values: [], options: [{ value: '1', label: t('sg.checkOne') }, { value: '2', label: t('sg.checkTwo') }] })}
<div class="form-actions"><button type="submit" class="primary">${t('sg.submit')}</button></div>
</form>`,
    ],
    [
      'filters',
      t('sg.filters'),
      t('sg.filtersUse'),
      filterFold(
        html`<form class="filter-form" action="#filters" method="get">${input({ name: 'sg-q', label: t('ui.keyword'), type: 'search' })}${select({ name: 'sg-dept', label: t('sg.colDept'), options: [{ value: '', label: t('ui.all') }] })}<div><button type="submit" class="primary">${t('ui.apply')}</button></div></form>`,
        { active: 1 },
      ),
    ],
    [
      'pager',
      t('sg.pager'),
      t('sg.pagerUse'),
      html`<nav class="pager" aria-label="${t('pager.label')}"><a rel="prev" href="#pager">${t('pager.prev')}</a><span>${t('pager.status', { page: 2, pages: 3, total: 45 })}</span><a rel="next" href="#pager">${t('pager.next')}</a></nav>`,
    ],
  ];
  const body = html`<h1>${t('sg.title')}</h1>
<p class="lead">${t('sg.lead')}</p>
<nav aria-label="${t('sg.contents')}"><ul class="dept-cloud">
<li><a href="#tokens">${t('sg.tokens')}</a></li>
${sections.map(([id, title]) => html`<li><a href="#${id}">${title}</a></li>`)}
</ul></nav>
<section class="sg-section" id="tokens" aria-labelledby="sg-tokens"><h2 id="sg-tokens">${t('sg.tokens')}</h2>
<p>${t('sg.tokensUse')}</p>
<h3>${t('sg.colours')}</h3>
<ul class="sg-swatches">${COLOURS.map((c) => html`<li><span class="sg-swatch sg-c-${c}"></span><code>--color-${c}</code></li>`)}</ul>
<h3>${t('sg.typeScale')}</h3>
${TYPE_SCALE.map((s) => html`<p class="sg-type sg-t-${s}"><code>--font-size-${s}</code> ${t('sg.sample')}</p>`)}
<h3>${t('sg.spacing')}</h3>
<ul class="plain">${SPACES.map((n) => html`<li><code>--space-${n}</code> <span class="sg-space sg-s-${n}"></span></li>`)}</ul>
</section>
${sections.map(([id, title, use, markup]) => example(id, title, use, markup))}`;
  return layout({ title: t('sg.title'), crumbs: [{ label: t('sg.title') }] }, body);
}

export async function styleguideRoutes(app: FastifyInstance) {
  // rendered per request: the header follows the reader (signed in, 长辈版, 繁體)
  app.get('/styleguide', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('x-robots-tag', 'noindex').send(styleguidePage()),
  );
}
