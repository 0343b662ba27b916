/**
 * An item's online form (form-notation.ts) as HTML, and a posted form back into answers.
 * Every field type is drawn as a labelled control with its hint and its error beside it; file
 * fields are upload slots (drawn by the apply page, outside this form: a slot's upload is its own
 * multipart form). Repeating rows come as a table of rows with blank rows to fill (no script
 * needed: an empty row is dropped). A conditional field is always drawn, with a hint saying when
 * it applies; the small script application-form.js hides it while its condition does not hold.
 * Names: `a.<key>` for a field, `a.<key>.<n>.<inner>` for a cell of a row.
 */

import { t } from '../../../lib/i18n/index.js';
import { html, type Renderable, type SafeHtml } from '../../../web/html.js';
import { type Condition, DEFAULTS, type Field, type FormDefinition, type RowField } from '../form-notation.js';

export type PostedAnswers = Record<string, unknown>;
/** the error to show by input name (`a.key`, `a.key.0.inner`) */
export type FieldErrors = Record<string, string>;

const PREFIX = 'a.';
export const inputName = (key: string) => `${PREFIX}${key}`;
export const cellName = (rows: string, n: number, key: string) => `${PREFIX}${rows}.${n}.${key}`;
/** an answer problem's path ("holders[1].idNumber") as the input's name */
export const nameOfPath = (path: string) => inputName(path.replace(/\[(\d+)\]\./g, '.$1.'));

/** blank rows offered under the filled ones */
const BLANK_ROWS = 2;

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.map(str) : v === undefined || v === null || v === '' ? [] : [str(v)]);

function conditionText(c: Condition, fields: readonly Field[]): string {
  const target = fields.find((f) => f.key === c.field);
  const label = target?.label ?? c.field;
  if (!c.anyOf) return t('applications.page.form.whenFilled', { label });
  const names = c.anyOf.map((v) => (target?.type === 'choice' ? (target.options.find((o) => o.value === String(v))?.label ?? String(v)) : String(v)));
  return t('applications.page.form.whenIs', { label, values: names.join('、') });
}

function fieldHints(f: Field, all: readonly Field[]): string[] {
  const hints: string[] = [];
  if (f.hint) hints.push(f.hint);
  if (f.showWhen) hints.push(t('applications.page.form.showWhen', { when: conditionText(f.showWhen, all) }));
  if (f.requiredWhen) hints.push(t('applications.page.form.requiredWhen', { when: conditionText(f.requiredWhen, all) }));
  if (f.type === 'number' && (f.min !== undefined || f.max !== undefined))
    hints.push(t('applications.page.form.range', { min: f.min ?? '—', max: f.max ?? '—', unit: f.unit ?? '' }));
  if (f.type === 'idNumber') hints.push(t('applications.page.form.idNumberHint'));
  if (f.type === 'creditCode') hints.push(t('applications.page.form.creditCodeHint'));
  if (f.type === 'date') hints.push(t('applications.page.form.dateHint'));
  return hints;
}

const optionalMark = (f: Field | RowField) => (f.required ? '' : html`<span class="optional">${t('ui.optional')}</span>`);

/** the control itself (input, textarea, select, radios, checkboxes) of a field or a row's cell */
function control(f: RowField, name: string, id: string, value: unknown, describedBy: string, error: boolean, label: string): SafeHtml {
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
  const v = str(value);
  switch (f.type) {
    case 'text':
      return f.multiline
        ? html`<textarea id="${id}" name="${name}" rows="4" maxlength="${f.maxLength ?? DEFAULTS.multilineMax}"${aria}>${v}</textarea>`
        : html`<input id="${id}" name="${name}" type="text" value="${v}" maxlength="${f.maxLength ?? DEFAULTS.textMax}"${f.prefill === 'name' ? html` autocomplete="name"` : f.prefill === 'enterpriseName' ? html` autocomplete="organization"` : ''}${aria}>`;
    case 'number':
      return html`<span class="with-unit"><input id="${id}" name="${name}" type="text" inputmode="${f.integer ? 'numeric' : 'decimal'}" value="${v}" maxlength="20"${aria}>${f.unit ? html` <span>${f.unit}</span>` : ''}</span>`;
    case 'date':
      return html`<input id="${id}" name="${name}" type="date" value="${v}"${aria}>`;
    case 'idNumber':
      return html`<input id="${id}" name="${name}" type="text" value="${v}" maxlength="18" autocomplete="off" spellcheck="false"${aria}>`;
    case 'creditCode':
      return html`<input id="${id}" name="${name}" type="text" value="${v}" maxlength="18" autocomplete="off" spellcheck="false"${aria}>`;
    case 'phone':
      return html`<input id="${id}" name="${name}" type="tel" value="${v}" maxlength="20" autocomplete="tel" inputmode="tel"${aria}>`;
    case 'address':
      return html`<input id="${id}" name="${name}" type="text" value="${v}" maxlength="120" autocomplete="street-address"${aria}>`;
    case 'choice': {
      if (f.multiple) {
        const chosen = strs(value);
        return html`<fieldset class="checks" id="${id}"${aria}><legend class="visually-hidden">${label}</legend>${f.options.map(
          (o, i) => html`<label class="check" for="${id}-${i}"><input type="checkbox" id="${id}-${i}" name="${name}" value="${o.value}"${chosen.includes(o.value) ? html` checked` : ''}> ${o.label}</label>`,
        )}</fieldset>`;
      }
      if (f.options.length <= 5)
        return html`<fieldset class="checks radios" id="${id}"${aria}><legend class="visually-hidden">${label}</legend>${f.options.map(
          (o, i) => html`<label class="check" for="${id}-${i}"><input type="radio" id="${id}-${i}" name="${name}" value="${o.value}"${v === o.value ? html` checked` : ''}> ${o.label}</label>`,
        )}</fieldset>`;
      return html`<select id="${id}" name="${name}"${aria}><option value="">${t('applications.page.form.choose')}</option>${f.options.map(
        (o) => html`<option value="${o.value}"${v === o.value ? html` selected` : ''}>${o.label}</option>`,
      )}</select>`;
    }
  }
}

/** a labelled field (not rows, not files) */
function simpleField(f: Field & RowField, all: readonly Field[], answers: PostedAnswers, errors: FieldErrors): SafeHtml {
  const name = inputName(f.key);
  const id = `f-${name}`;
  const hints = fieldHints(f, all);
  const error = errors[name];
  const described = [hints.length ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const grouped = f.type === 'choice' && (f.multiple || f.options.length <= 5);
  const labelTag = grouped ? html`<p class="label" id="${id}-label">${f.label}${optionalMark(f)}</p>` : html`<label for="${id}">${f.label}${optionalMark(f)}</label>`;
  return html`<div class="field${error ? ' has-error' : ''}"${conditionAttrs(f)}>
${labelTag}
${hints.length ? html`<p class="hint" id="${id}-hint">${hints.join('；')}</p>` : ''}
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
${control(f, name, id, answers[f.key], described, !!error, f.label)}
</div>`;
}

const conditionAttrs = (f: Field) =>
  f.showWhen ? html` data-show-when="${inputName(f.showWhen.field)}"${f.showWhen.anyOf ? html` data-show-any="${JSON.stringify(f.showWhen.anyOf.map(String))}"` : ''}` : '';

/** repeating rows: a fieldset with one group per row, filled rows first, then blank ones */
function rowsField(f: Extract<Field, { type: 'rows' }>, all: readonly Field[], answers: PostedAnswers, errors: FieldErrors): SafeHtml {
  const filled = Array.isArray(answers[f.key]) ? (answers[f.key] as unknown[]).filter((r): r is Record<string, unknown> => !!r && typeof r === 'object') : [];
  const max = f.maxRows ?? DEFAULTS.maxRows;
  const count = Math.min(max, Math.max(f.minRows ?? 1, filled.length + BLANK_ROWS));
  const hints = fieldHints(f, all);
  const error = errors[inputName(f.key)];
  const id = `f-${inputName(f.key)}`;
  hints.push(t('applications.page.form.rowsHint', { max }));
  return html`<fieldset class="field rows${error ? ' has-error' : ''}" id="${id}"${conditionAttrs(f)}>
<legend>${f.label}${optionalMark(f)}</legend>
<p class="hint">${hints.join('；')}</p>
${error ? html`<p class="field-error">${error}</p>` : ''}
${Array.from({ length: count }, (_, n) => {
  const row = filled[n] ?? {};
  return html`<fieldset class="row-group"><legend>${t('applications.page.form.rowN', { label: f.label, n: n + 1 })}</legend>
${f.fields.map((inner) => {
  const name = cellName(f.key, n, inner.key);
  const cid = `f-${name}`;
  const cellError = errors[name];
  const label = `${inner.label}`;
  return html`<div class="field${cellError ? ' has-error' : ''}">
${inner.type === 'choice' && (inner.multiple || inner.options.length <= 5) ? html`<p class="label">${label}${optionalMark(inner)}</p>` : html`<label for="${cid}">${label}${optionalMark(inner)}</label>`}
${cellError ? html`<p class="field-error" id="${cid}-error">${cellError}</p>` : ''}
${control(inner, name, cid, row[inner.key], cellError ? `${cid}-error` : '', !!cellError, label)}
</div>`;
})}
</fieldset>`;
})}
</fieldset>`;
}

/** The form's fields (file fields excepted: they are the upload slots). */
export function formFields(def: FormDefinition, answers: PostedAnswers, errors: FieldErrors = {}): Renderable {
  return def.fields.map((f) => {
    if (f.type === 'file') return '';
    if (f.type === 'rows') return rowsField(f, def.fields, answers, errors);
    return simpleField(f as Field & RowField, def.fields, answers, errors);
  });
}

const posted = (body: unknown, name: string): unknown => (body as Record<string, unknown> | undefined)?.[name];
const postedText = (body: unknown, name: string): string => {
  const v = posted(body, name);
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};

/**
 * A posted form as the answers the operations read: blank fields left out, a multiple choice as
 * a list, rows as a list of their non-blank rows. Only the form's own fields are read, so a
 * field of another item cannot come in through the page (the API refuses it by name).
 */
export function answersFromForm(def: FormDefinition, body: unknown): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (f.type === 'file') continue;
    if (f.type === 'rows') {
      const rows: Record<string, unknown>[] = [];
      const max = f.maxRows ?? DEFAULTS.maxRows;
      for (let n = 0; n < max + BLANK_ROWS; n++) {
        const row: Record<string, unknown> = {};
        for (const inner of f.fields) {
          const name = cellName(f.key, n, inner.key);
          const v = inner.type === 'choice' && inner.multiple ? strs(posted(body, name)).filter(Boolean) : postedText(body, name).trim();
          if (Array.isArray(v) ? v.length : v) row[inner.key] = v;
        }
        if (Object.keys(row).length) rows.push(row);
      }
      if (rows.length) answers[f.key] = rows;
      continue;
    }
    const name = inputName(f.key);
    if (f.type === 'choice' && f.multiple) {
      const v = strs(posted(body, name)).filter(Boolean);
      if (v.length) answers[f.key] = v;
    } else {
      const v = postedText(body, name).trim();
      if (v) answers[f.key] = v;
    }
  }
  return answers;
}

/** File fields and material slots accept these (for the file input's `accept`). */
export const ACCEPT: Record<string, string> = { pdf: 'application/pdf,.pdf', image: 'image/jpeg,image/png,image/gif,image/webp' };
