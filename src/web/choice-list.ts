/**
 * A large choice (45 departments) as a checkbox list in a scrollable fieldset: every box is
 * there without JavaScript, ticked with a click or the space bar, no Ctrl needed. With
 * JavaScript, /static/choice-filter.js shows a box above the list that hides the options whose
 * name lacks the words typed (ticked ones are always kept in view).
 */
import { html, type SafeHtml } from './html.js';
import { t } from '../lib/i18n/index.js';

export function choiceList(o: { name: string; legend: string; options: { value: string; label: string }[]; values: string[]; hint?: string }): SafeHtml {
  const id = `choices-${o.name}`;
  return html`<fieldset class="field choice-list" data-choice-list>
<legend>${o.legend}</legend>
${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}
<div class="choice-filter" hidden><label for="${id}-filter">${t('choice.filter')}</label>
<input id="${id}-filter" type="search" autocomplete="off" maxlength="20" data-choice-filter="${id}" aria-describedby="${id}-filter-hint"><small class="hint" id="${id}-filter-hint">${t('choice.filterHint')}</small></div>
<div class="choice-scroll" id="${id}">
${o.options.map((op) => html`<label class="check"><input type="checkbox" name="${o.name}" value="${op.value}"${o.values.includes(op.value) ? html` checked` : ''}> ${op.label}</label>`)}
</div>
<p class="choice-none" role="status" hidden>${t('choice.noMatch')}</p>
</fieldset>
<script src="/static/choice-filter.js" defer></script>`;
}
