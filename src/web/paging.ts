/** Paging shared by every list page: `?page=` to limit/offset, and the pager under the list. */
import { html, type Renderable } from './html.js';
import { t } from '../lib/i18n/index.js';

/** A positive integer from a path or query parameter, or undefined. */
export function intParam(raw: unknown): number | undefined {
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  return n > 0 ? n : undefined;
}

/** limit/offset paging from `?page=` */
export function paging(query: unknown, size = 30) {
  const page = Math.min(100_000, intParam((query as Record<string, string>)?.page) ?? 1);
  return { page, size, limit: size, offset: (page - 1) * size };
}

export function pager(base: string, page: number, size: number, total: number): Renderable {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return '';
  const sep = base.includes('?') ? '&' : '?';
  return html`<nav class="pager" aria-label="${t('pager.label')}">
${page > 1 ? html`<a rel="prev" href="${base}${sep}page=${page - 1}">${t('pager.prev')}</a>` : ''}
<span>${t('pager.status', { page, pages, total })}</span>
${page < pages ? html`<a rel="next" href="${base}${sep}page=${page + 1}">${t('pager.next')}</a>` : ''}
</nav>`;
}
