/** Small pieces the catalogue pages share. */
import { html, type SafeHtml } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import type { ItemGroup, ItemSummary } from '../present.js';

export const ONLINE_DEPTH: Record<number, string> = {
  1: t('guide.depth1'),
  2: t('guide.depth2'),
  3: t('guide.depth3'),
  4: t('guide.depth4'),
};

export function audienceLabel(a: string): string {
  return a === 'enterprise' ? t('audience.enterprise') : t('audience.citizen');
}

export function limitText(days: number, kind: string): string {
  return kind === '即办件' || days === 0 ? t('guide.immediate') : t('guide.workingDays', { days });
}

export function visitsText(visits: number): string {
  return visits === 0 ? t('guide.zeroVisits') : t('guide.visits', { n: visits });
}

/** One line of a service list: name, department, and the facts that help choose. */
export function itemList(items: (ItemSummary | ItemGroup)[], empty: string): SafeHtml {
  if (!items.length) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="item-list">
${items.map(
  (it) => html`<li>
  <a class="item-name" href="${it.url}">${it.name}</a>${it.outdated ? html` <span class="tag tag-old">${t('guide.outdatedTag')}</span>` : ''}
  ${it.aliases.length ? html`<span class="aka">${t('guide.aka')}${it.aliases.slice(0, 3).join('、')}</span>` : ''}
  <span class="meta">${it.department.name} · ${it.type} · ${limitText(it.promisedLimitDays, it.limitKind)} · ${visitsText(it.visits)}${it.onlineDepth === 4 ? html` · <span class="tag tag-online">${t('guide.fullyOnline')}</span>` : ''}</span>
  ${'subItems' in it && it.subItems.length ? html`<ul class="sub-links" aria-label="${t('guide.subItemsOf', { name: it.name })}">${it.subItems.map((s) => html`<li><a href="${s.url}">${s.name}</a></li>`)}</ul>` : ''}
</li>`,
)}
</ul>`;
}

export function pager(base: string, params: Record<string, string | undefined>, total: number, limit: number, offset: number): SafeHtml {
  if (total <= limit) return html``;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  return html`<nav class="pager" aria-label="${t('pager.label')}">
${page > 1 ? html`<a rel="prev" href="${href(page - 1)}">${t('pager.prev')}</a>` : ''}
<span>${t('pager.status', { page, pages, total })}</span>
${page < pages ? html`<a rel="next" href="${href(page + 1)}">${t('pager.next')}</a>` : ''}
</nav>`;
}
