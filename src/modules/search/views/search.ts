/** The search page: results with highlighted matches, facets, paging, the correction, and help when nothing is found. */
import { filterFold } from '../../../web/components.js';
import { escapeHtml, html, raw, type SafeHtml } from '../../../web/html.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { layout, searchForm } from '../../../web/layout.js';
import type { SearchResult } from '../service.js';

/** Escape `text` and wrap every occurrence of the highlight words in <mark>. */
export function highlight(text: string, words: string[]): SafeHtml {
  const list = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length).slice(0, 20);
  if (!list.length) return html`${text}`;
  const pattern = new RegExp(list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out += escapeHtml(text.slice(last, m.index)) + `<mark>${escapeHtml(m[0])}</mark>`;
    last = (m.index ?? 0) + m[0].length;
  }
  return raw(out + escapeHtml(text.slice(last)));
}

export const KINDS = ['item', 'faq', 'department', 'journey', 'letter', 'article', 'interpretation', 'gazette', 'proposal', 'dataset'] as const;
export const VALIDITY_VALUES = ['valid', 'expired', 'repealed'] as const;
const validityLabel = (v: string) => ((VALIDITY_VALUES as readonly string[]).includes(v) ? t(`search.validity.${v}` as MessageKey) : v);
const kindLabel = (k: string) => (KINDS.includes(k as (typeof KINDS)[number]) ? t(`search.kind.${k}` as MessageKey) : k);

export interface SearchPageState {
  q: string;
  exact: boolean;
  kind?: string;
  department?: number;
  theme?: string;
  audience?: string;
  type?: string;
  organisation?: number;
  year?: number;
  validity?: string;
  page: number;
  limit: number;
}

export interface Names {
  departments: Map<string, string>;
  themes: Map<string, string>;
}

function hrefWith(state: SearchPageState, change: Partial<SearchPageState>): string {
  const s = { ...state, ...change };
  const p = new URLSearchParams();
  p.set('q', s.q);
  if (s.exact) p.set('exact', '1');
  if (s.kind) p.set('kind', s.kind);
  if (s.department) p.set('department', String(s.department));
  if (s.theme) p.set('theme', s.theme);
  if (s.audience) p.set('audience', s.audience);
  if (s.type) p.set('type', s.type);
  if (s.organisation) p.set('organisation', String(s.organisation));
  if (s.year) p.set('year', String(s.year));
  if (s.validity) p.set('validity', s.validity);
  if (s.page > 1) p.set('page', String(s.page));
  return `/search?${p.toString()}`;
}

function kindTabs(r: SearchResult, state: SearchPageState): SafeHtml {
  const all = r.facets.kind.reduce((n, f) => n + f.count, 0);
  return html`<nav class="kind-tabs" aria-label="${t('search.kinds')}"><ul>
<li><a ${!state.kind ? raw('aria-current="page"') : ''} href="${hrefWith(state, { kind: undefined, page: 1 })}">${t('search.allKinds')} (${all})</a></li>
${r.facets.kind.map((f) => html`<li><a ${state.kind === f.value ? raw('aria-current="page"') : ''} href="${hrefWith(state, { kind: f.value, page: 1 })}">${kindLabel(f.value)} (${f.count})</a></li>`)}
</ul></nav>`;
}

/** The facets: after the results, folded behind 筛选 on a phone, a side column on a wide screen. */
function facetGroups(r: SearchResult, state: SearchPageState, names: Names): SafeHtml {
  const numeric = new Set<keyof SearchPageState>(['department', 'organisation', 'year']);
  const group = (title: string, list: { value: string; count: number; label?: string }[], current: string | undefined, key: keyof SearchPageState, label: (v: string, shown?: string) => string) =>
    list.length
      ? html`<div class="facet"><h3>${title}</h3><ul>
${list.map((f) =>
  current === f.value
    ? html`<li><a aria-current="true" href="${hrefWith(state, { [key]: undefined, page: 1 })}">${label(f.value, f.label)} (${f.count}) ×</a></li>`
    : html`<li><a href="${hrefWith(state, { [key]: numeric.has(key) ? Number(f.value) : f.value, page: 1 })}">${label(f.value, f.label)} (${f.count})</a></li>`,
)}</ul></div>`
      : '';
  const active = [state.department, state.theme, state.audience, state.type, state.organisation, state.year, state.validity].filter(Boolean).length;
  return html`<aside class="facets" aria-label="${t('search.filters')}">${filterFold(
    html`${group(t('search.facet.department'), r.facets.department, state.department ? String(state.department) : undefined, 'department', (v) => names.departments.get(v) ?? v)}
${group(t('search.facet.theme'), r.facets.theme, state.theme, 'theme', (v) => names.themes.get(v) ?? v)}
${group(t('search.facet.audience'), r.facets.audience, state.audience, 'audience', (v) => (v === 'enterprise' ? t('audience.enterprise') : t('audience.citizen')))}
${group(t('search.facet.type'), r.facets.type, state.type, 'type', (v) => v)}
${group(t('search.facet.organisation'), r.facets.organisation, state.organisation ? String(state.organisation) : undefined, 'organisation', (v, shown) => shown || v)}
${group(t('search.facet.year'), r.facets.year, state.year ? String(state.year) : undefined, 'year', (v) => t('search.yearValue', { year: v }))}
${group(t('search.facet.validity'), r.facets.validity, state.validity, 'validity', validityLabel)}`,
    { active, open: active > 0 },
  )}</aside>`;
}

export function searchPage(r: SearchResult | null, state: SearchPageState, names: Names, hot: { name: string; url: string }[]): string {
  const q = state.q;
  const pages = r ? Math.ceil(r.total / state.limit) : 0;
  const body = html`<h1>${q ? t('search.resultsFor', { q }) : t('search.title')}</h1>
${searchForm(q, 'page-search')}
${r?.suggestion
  ? html`<p class="suggestion" role="note">${t('search.showingFor')}<a href="${hrefWith({ ...state, q: r.suggestion, exact: false, page: 1 }, {})}"><strong>${r.suggestion}</strong></a>${t('search.searchInstead')}<a href="${hrefWith({ ...state, exact: true, page: 1 }, {})}">${q}</a></p>`
  : ''}
${r && r.total > 0
  ? html`<p class="count">${(r.estimated ? t('search.countEstimated', { n: r.total }) : t('search.count', { n: r.total }))}<span class="took">${t('search.took', { ms: r.tookMs })}</span></p>
<div class="search-layout">
${kindTabs(r, state)}
<ol class="results" start="${(state.page - 1) * state.limit + 1}">
${r.results.map(
  (x) => html`<li class="result result-${x.kind}">
  <span class="tag">${kindLabel(x.kind)}</span>${x.validity === 'expired' || x.validity === 'repealed' ? html` <span class="tag tag-old validity-${x.validity}">${validityLabel(x.validity)}</span>` : ''}
  <a class="result-title" href="${x.url}${x.url.includes('#') ? '' : `?sq=${encodeURIComponent(q)}`}">${highlight(x.title, x.highlights)}</a>
  ${x.snippet ? html`<p class="snippet">${highlight(x.snippet, x.highlights)}</p>` : ''}
</li>`,
)}
</ol>
${facetGroups(r, state, names)}
</div>
${pages > 1
  ? html`<nav class="pager" aria-label="${t('pager.label')}">
${state.page > 1 ? html`<a rel="prev" href="${hrefWith(state, { page: state.page - 1 })}">${t('pager.prev')}</a>` : ''}
<span>${t('pager.status', { page: state.page, pages, total: r.total })}</span>
${state.page < pages ? html`<a rel="next" href="${hrefWith(state, { page: state.page + 1 })}">${t('pager.next')}</a>` : ''}
</nav>`
  : ''}`
  : q
    ? html`<div class="zero"><p class="lead">${t('search.none', { q })}</p>
<ul><li>${t('search.tipShorter')}</li><li>${t('search.tipEveryday')}</li><li>${t('search.tipPinyin')}</li></ul>
${hot.length ? html`<h2>${t('search.tryThese')}</h2><ul class="hot-list">${hot.map((h) => html`<li><a href="${h.url}">${h.name}</a></li>`)}</ul>` : ''}
<p>${t('search.askLead')}<a href="tel:12345">${t('search.askHotline')}</a>${t('search.askTail')}</p></div>`
    : ''}`;
  return layout({ title: q ? t('search.resultsFor', { q }) : t('search.title'), query: q, headerSearch: false }, body);
}
