/** Home, department, theme, special-group and search pages. */
import { input, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { layout, searchForm } from '../../../web/layout.js';
import { careInvite } from '../../../web/switches.js';
import type { ThemeRow, SpecialGroupRow } from '../rows.js';
import type { ItemGroup, ItemSummary } from '../present.js';
import { groupUrl, itemUrl, themeUrl } from '../present.js';
import { itemList, pager } from './parts.js';

export interface HomeData {
  themes: ThemeRow[];
  groups: SpecialGroupRow[];
  hot: { id: number; name: string }[];
  departments: { id: number; shortName: string; url: string; itemCount: number }[];
  /** what people search most; empty on a new portal */
  hotTerms: string[];
}

function themeGrid(themes: ThemeRow[]) {
  return html`<ul class="theme-grid">
${themes.map((th) => html`<li><a href="${themeUrl(th.slug)}"><span class="icon icon-${th.icon}" aria-hidden="true"></span><strong>${th.name}</strong><small>${th.description}</small></a></li>`)}
</ul>`;
}

/** How people put it, shown until the portal has its own hot search terms. */
const EXAMPLES = ['驾照丢了', '生孩子要办什么', '开公司', '公积金取钱', '办护照'];

export function homePage(d: HomeData): string {
  const citizen = d.themes.filter((th) => th.audience === 'citizen');
  const enterprise = d.themes.filter((th) => th.audience === 'enterprise');
  const body = html`<section class="hero" aria-labelledby="h-hero">
  <h1 id="h-hero">${t('home.heading')}</h1>
  ${searchForm(undefined, 'home-search', true)}
  <p class="examples">${d.hotTerms.length ? t('home.hotTerms') : t('home.examples')}
    ${(d.hotTerms.length ? d.hotTerms : EXAMPLES).map((q) => html`<a href="/search?q=${encodeURIComponent(q)}">${q}</a>`)}
  </p>
</section>
<section aria-labelledby="h-hot" class="hot">
  <h2 id="h-hot">${t('home.hot')}</h2>
  <ol class="hot-list">${d.hot.map((h) => html`<li><a href="${itemUrl(h.id)}">${h.name}</a></li>`)}</ol>
</section>
<section aria-labelledby="h-citizen">
  <h2 id="h-citizen">${t('home.citizen')}</h2>
  ${themeGrid(citizen)}
</section>
<section aria-labelledby="h-enterprise">
  <h2 id="h-enterprise">${t('home.enterprise')}</h2>
  ${themeGrid(enterprise)}
</section>
<section aria-labelledby="h-groups">
  <h2 id="h-groups">${t('home.groups')}</h2>
  <ul class="group-grid">${d.groups.map((g) => html`<li><a href="${groupUrl(g.slug)}"><strong>${t('groups.channel', { name: g.name })}</strong><small>${benefits(g, 1)[0] ?? t('home.greenChannel')}</small></a></li>`)}</ul>
</section>
<section aria-labelledby="h-depts">
  <h2 id="h-depts">${t('home.departments')}</h2>
  <ul class="dept-cloud">${d.departments.filter((x) => x.itemCount > 0).map((x) => html`<li><a href="${x.url}">${x.shortName}</a></li>`)}</ul>
  <p><a href="/departments">${t('home.allDepartments')}</a></p>
</section>`;
  return layout({ title: t('site.name'), description: t('site.description'), headerSearch: false, bodyClass: 'home', canonical: '/' }, body);
}

export function themesPage(themes: ThemeRow[], audience: 'citizen' | 'enterprise' | undefined): string {
  const shown = audience ? themes.filter((th) => th.audience === audience) : themes;
  const title = audience === 'enterprise' ? t('home.enterprise') : audience === 'citizen' ? t('home.citizen') : t('themes.title');
  return layout({ title, crumbs: [{ label: title }] }, html`<h1>${title}</h1>${themeGrid(shown)}`);
}

export function themePage(theme: ThemeRow, items: ItemSummary[]): string {
  const parent = theme.audience === 'enterprise' ? t('home.enterprise') : t('home.citizen');
  return layout(
    {
      title: theme.name,
      description: theme.description,
      crumbs: [{ label: parent, href: `/themes?audience=${theme.audience}` }, { label: theme.name }],
    },
    html`<h1>${theme.name}</h1><p class="lead">${theme.description}</p>
<p class="count">${t('list.count', { n: items.length })}</p>
${itemList(items, t('list.empty'))}`,
  );
}

/** What a group gets, in short: the first clause of each of its arrangements (data/demo/special-groups.json). */
export function benefits(g: Pick<SpecialGroupRow, 'arrangements'>, n: number): string[] {
  return g.arrangements.slice(0, n).map((a) => a.split(/[，；。]/)[0] ?? a);
}

export function groupsPage(groups: SpecialGroupRow[]): string {
  return layout(
    { title: t('groups.title'), crumbs: [{ label: t('groups.title') }] },
    html`<h1>${t('groups.title')}</h1><p class="lead">${t('groups.lead')}</p>
<ul class="group-cards">${groups.map(
      (g) => html`<li class="card"><h2><a href="${groupUrl(g.slug)}">${t('groups.channel', { name: g.name })}</a></h2><p>${g.description}</p>
<ul class="benefits">${benefits(g, 3).map((b) => html`<li>${b}</li>`)}</ul>
<p class="meta">${t('groups.hotline')}<a href="tel:${g.hotline}">${g.hotline}</a></p></li>`,
    )}</ul>`,
  );
}

/** the 老年人 channel promises 大字版和语音播报: its page leads to the 长辈版 switch */
const ELDERLY_GROUP = 'laonian';

export function groupPage(group: SpecialGroupRow, items: ItemSummary[]): string {
  const title = t('groups.channel', { name: group.name });
  return layout(
    { title, description: group.description, crumbs: [{ label: t('groups.title'), href: '/groups' }, { label: title }] },
    html`<h1>${title}</h1><p class="lead">${group.description}</p>
<section aria-labelledby="h-arr" class="arrangements"><h2 id="h-arr">${t('groups.arrangements')}</h2>
<ul>${group.arrangements.map((a) => html`<li>${a}</li>`)}</ul>
${group.slug === ELDERLY_GROUP ? careInvite() : ''}
<p>${t('groups.hotline')}<a href="tel:${group.hotline}">${group.hotline}</a></p></section>
<section aria-labelledby="h-items"><h2 id="h-items">${t('groups.items')}</h2>
${itemList(items, t('list.empty'))}</section>`,
  );
}

export interface DepartmentView {
  id: number;
  name: string;
  shortName: string;
  kind: string;
  url: string;
  itemCount?: number;
}

export function departmentsPage(depts: (DepartmentView & { itemCount: number })[]): string {
  const kinds = [...new Set(depts.map((d) => d.kind))];
  return layout(
    { title: t('dept.title'), crumbs: [{ label: t('dept.title') }] },
    html`<h1>${t('dept.title')}</h1>
${kinds.map(
  (k) => html`<section aria-labelledby="k-${k}"><h2 id="k-${k}">${k}</h2>
<ul class="dept-list">${depts
    .filter((d) => d.kind === k)
    .map((d) => html`<li><a href="${d.url}">${d.name}</a> <span class="meta">${t('dept.itemCount', { n: d.itemCount })}</span></li>`)}</ul></section>`,
)}`,
  );
}

export interface DepartmentDetail extends DepartmentView {
  functions: string[];
  units: { name: string; duties: string }[];
  leaders: { name: string; title: string; portfolio: string }[];
  address: string;
  postcode: string;
  officeHours: string;
  phones: { label: string; number: string }[];
  website: string;
  location: { lat: number; lng: number };
  transit: string;
  items: ItemSummary[];
}

/** What a department page lists: `?q=` words in a name or everyday name, `?type=` one item type, `?page=`. */
export interface DepartmentListQuery {
  q: string;
  type: string;
  page: number;
}

const DEPT_PAGE_SIZE = 15;

/** The department's items that match the filter, a page of them, grouped by item type. */
export function departmentItems(items: ItemGroup[], f: DepartmentListQuery) {
  const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (it: ItemGroup) => {
    const text = [it.name, ...it.aliases, ...it.subItems.map((s) => s.name)].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  };
  const types = [...new Set(items.map((it) => it.type))];
  const found = items.filter((it) => (!f.type || it.type === f.type) && matches(it));
  // grouped by type first, so a page shows whole groups in the same order as the type filter
  found.sort((x, y) => types.indexOf(x.type) - types.indexOf(y.type));
  const pages = Math.max(1, Math.ceil(found.length / DEPT_PAGE_SIZE));
  const page = Math.min(Math.max(1, f.page), pages);
  const shown = found.slice((page - 1) * DEPT_PAGE_SIZE, page * DEPT_PAGE_SIZE);
  const groups = types.map((type) => ({ type, items: shown.filter((it) => it.type === type) })).filter((g) => g.items.length);
  const counts = types.map((type) => ({ type, n: items.filter((it) => it.type === type).length }));
  return { total: found.length, page, groups, counts };
}

export function departmentPage(d: DepartmentDetail, f: DepartmentListQuery = { q: '', type: '', page: 1 }): string {
  const list = departmentItems(d.items as ItemGroup[], f);
  const filtered = !!(f.q || f.type);
  const filterForm = html`<form method="get" action="${d.url}" class="filter-bar dept-filter" role="search" aria-label="${t('dept.filterLabel')}">
${input({ name: 'q', label: t('dept.filterQ'), value: f.q, type: 'search', maxlength: 50 })}
${select({ name: 'type', label: t('dept.filterType'), value: f.type, options: [{ value: '', label: t('dept.allTypes', { n: d.items.length }) }, ...list.counts.map((c) => ({ value: c.type, label: `${c.type}（${c.n}）` }))] })}
<div class="actions"><button type="submit" class="primary">${t('ui.apply')}</button>${filtered ? html`<a href="${d.url}">${t('ui.clear')}</a>` : ''}</div>
</form>`;
  return layout(
    { title: d.name, crumbs: [{ label: t('dept.title'), href: '/departments' }, { label: d.name }] },
    html`<h1>${d.name}</h1>
<div class="dept-layout">
<section aria-labelledby="h-items"><h2 id="h-items">${t('dept.items')}</h2>
${d.items.length > DEPT_PAGE_SIZE || filtered ? filterForm : ''}
${d.items.length ? html`<p class="count" role="status">${filtered ? t('dept.found', { n: list.total }) : t('list.count', { n: list.total })}</p>` : ''}
${
  list.groups.length
    ? list.groups.map(
        (g) => html`<section class="item-group" aria-labelledby="t-${g.type}"><h3 id="t-${g.type}">${g.type}</h3>${itemList(g.items, '')}</section>`,
      )
    : html`<p class="empty">${d.items.length ? t('dept.noneFound') : t('dept.noItems')}</p>`
}
${pager(d.url, { q: f.q || undefined, type: f.type || undefined }, list.total, DEPT_PAGE_SIZE, (list.page - 1) * DEPT_PAGE_SIZE)}
</section>
<aside class="dept-card" aria-labelledby="h-contact">
  <h2 id="h-contact">${t('dept.contact')}</h2>
  <dl>
    <div><dt>${t('guide.address')}</dt><dd>${d.address}（${t('dept.postcode')}${d.postcode}）</dd></div>
    <div><dt>${t('dept.officeHours')}</dt><dd>${d.officeHours}</dd></div>
    ${d.phones.map((p) => html`<div><dt>${p.label}</dt><dd><a href="tel:${p.number}">${p.number}</a></dd></div>`)}
    <div><dt>${t('dept.website')}</dt><dd>${d.website}</dd></div>
    <div><dt>${t('guide.transit')}</dt><dd>${d.transit}</dd></div>
  </dl>
  <p><a class="map-link" href="geo:${d.location.lat},${d.location.lng}">${t('guide.openMap')}</a></p>
</aside>
</div>
<section aria-labelledby="h-fn"><h2 id="h-fn">${t('dept.functions')}</h2><ol>${d.functions.map((fn) => html`<li>${fn}</li>`)}</ol></section>
<section aria-labelledby="h-units"><h2 id="h-units">${t('dept.units')}</h2>
<dl class="units">${d.units.map((u) => html`<div><dt>${u.name}</dt><dd>${u.duties}</dd></div>`)}</dl></section>
<section aria-labelledby="h-leaders"><h2 id="h-leaders">${t('dept.leaders')}</h2>
<ul class="leaders">${d.leaders.map((l) => html`<li><strong>${l.name}</strong> ${l.title}<p>${l.portfolio}</p></li>`)}</ul></section>`,
  );
}
