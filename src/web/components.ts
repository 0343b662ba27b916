/**
 * The design system's markup pieces that are more than a class name (docs/decisions/0009,
 * shown live at /styleguide): a table that scrolls inside its own box, and filters that fold
 * behind 筛选 on a phone. The form pieces are in forms.ts.
 */
import { html, type Renderable, type SafeHtml } from './html.js';
import { t } from '../lib/i18n/index.js';

/**
 * A table that may be wider than a phone: it scrolls sideways inside this labelled box, which
 * takes keyboard focus so it can be scrolled without a mouse; the page itself never does.
 */
export function scrollTable(label: string, table: Renderable): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

/**
 * Filters that stand open on a wide screen and fold behind 筛选 on a phone, where they come
 * after the results (a <details>: works without JavaScript). `active` counts the filters set,
 * so a folded box still says that the list is filtered.
 */
export function filterFold(body: Renderable, o: { active?: number; label?: string; open?: boolean; id?: string } = {}): SafeHtml {
  return html`<details class="filter-fold"${o.open ? html` open` : ''}${o.id ? html` id="${o.id}"` : ''} data-open-wide><summary>${o.label ?? t('ui.filter')}${o.active ? html` <span class="badge">${o.active}</span>` : ''}</summary>
${body}
</details>`;
}
