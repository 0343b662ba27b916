/**
 * Form building blocks shared by every page with a form: labelled fields with their error
 * next to them, the CSRF field, an error summary at the top, and reading a posted body safely.
 * Forms post and redirect; a failed one is shown again with its values, its errors and a 400.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { AppError, ValidationError } from '../lib/errors.js';
import { CSRF_FIELD } from './cookies.js';
import { html, type Renderable, type SafeHtml } from './html.js';
import { type MessageKey, t } from '../lib/i18n/index.js';

export type Body = Record<string, unknown>;

/** A posted field as a string ('' when absent or not a single value). */
export function field(body: unknown, name: string): string {
  const v = (body as Body | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** A posted field that may repeat (checkboxes), as strings. */
export function fields(body: unknown, name: string): string[] {
  const v = (body as Body | undefined)?.[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export const csrfField = (token: string) => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

export interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'password' | 'email' | 'tel' | 'number' | 'date' | 'search';
  hint?: string;
  error?: string;
  required?: boolean;
  /** marks the label （选填）: every field not so marked is one the form needs */
  optional?: boolean;
  autocomplete?: string;
  maxlength?: number;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  /** a textarea with this many rows */
  rows?: number;
}

export function input(o: FieldOptions): SafeHtml {
  const id = `f-${o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}" name="${o.name}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? html` aria-invalid="true"` : ''}`;
  return html`<div class="field${o.error ? ' has-error' : ''}">
<label for="${id}">${o.label}${optionalMark(o.optional)}</label>
${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
${o.error ? html`<p class="field-error" id="${id}-error">${o.error}</p>` : ''}
${
  o.rows
    ? html`<textarea ${common} rows="${o.rows}">${o.value ?? ''}</textarea>`
    : html`<input ${common} type="${o.type ?? 'text'}" value="${o.type === 'password' ? '' : (o.value ?? '')}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}>`
}
</div>`;
}

const optionalMark = (optional?: boolean) => (optional ? html`<span class="optional">${t('ui.optional')}</span>` : '');

export function select(o: { name: string; label: string; value?: string; options: { value: string; label: string }[]; error?: string; hint?: string; optional?: boolean }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' has-error' : ''}">
<label for="${id}">${o.label}${optionalMark(o.optional)}</label>
${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
${o.error ? html`<p class="field-error" id="${id}-error">${o.error}</p>` : ''}
<select id="${id}" name="${o.name}"${described ? html` aria-describedby="${described}"` : ''}${o.error ? html` aria-invalid="true"` : ''}>
${o.options.map((op) => html`<option value="${op.value}"${op.value === o.value ? html` selected` : ''}>${op.label}</option>`)}
</select></div>`;
}

export function checkboxes(o: { name: string; legend: string; values: string[]; options: { value: string; label: string; disabled?: boolean; hint?: string }[] }): SafeHtml {
  return html`<fieldset class="field checks"><legend>${o.legend}</legend>
${o.options.map(
  (op) => html`<label class="check"><input type="checkbox" name="${o.name}" value="${op.value}"${o.values.includes(op.value) ? html` checked` : ''}${op.disabled ? html` disabled` : ''}> ${op.label}${op.hint ? html` <small class="hint">${op.hint}</small>` : ''}</label>`,
)}
</fieldset>`;
}

/** A problem listed in the error summary; `field` (a field's name) makes it a link to that field. */
export type SummaryProblem = string | { text: string; field?: string };

/**
 * The message at the top of a form that failed, with every problem listed; a problem that
 * belongs to a field links to it (the field's id is `f-<name>`), as GOV.UK's error summary does.
 */
export function errorSummary(message: string | undefined, problems: readonly SummaryProblem[] = []): Renderable {
  if (!message) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t('form.problemTitle')}</h2><p>${message}</p>
${
  problems.length
    ? html`<ul>${problems.map((p) =>
        typeof p === 'string' ? html`<li>${p}</li>` : p.field ? html`<li><a href="#f-${p.field}">${p.text}</a></li>` : html`<li>${p.text}</li>`,
      )}</ul>`
    : ''
}</div>`;
}

/** A problem as a validation reports it: the field by its label, and what is wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Sort a failed form's problems by field: `names` maps each field's label to its name.
 * Returns the error to show beside each field and the summary's list, linked to the fields.
 */
export function problemsByField(issues: readonly FieldProblem[], names: Record<string, string>) {
  const errors: Record<string, string> = {};
  const summary: SummaryProblem[] = [];
  for (const p of issues) {
    const name = Object.hasOwn(names, p.field) ? names[p.field] : undefined;
    if (name && !errors[name]) errors[name] = p.message;
    summary.push({ text: `${p.field}：${p.message}`, field: name });
  }
  return { errors, summary };
}

export function notice(text: string | undefined): Renderable {
  return text ? html`<div class="notice" role="status">${text}</div>` : '';
}

/** What a form shows again after it failed: the message, every problem, and the field problems. */
export interface FormError {
  message: string;
  code: string;
  problems: string[];
  /** the problems that belong to one field (by its label), for problemsByField */
  fields: FieldProblem[];
}

/**
 * Run a form's operation; on a user error (4xx) show the form again with the message and the
 * same status, otherwise let the error propagate to the error handler.
 */
export async function handleForm(
  reply: FastifyReply,
  operation: () => Promise<unknown>,
  showAgain: (error: FormError) => string | Promise<string>,
): Promise<unknown> {
  try {
    return await operation();
  } catch (e) {
    if (!(e instanceof AppError) || ![400, 401, 409, 429].includes(e.status)) throw e;
    const found = e instanceof ValidationError ? e.problems.slice(0, 50) : [];
    const problems = found.map((p) => `${p.where ? `${p.where} ` : ''}${p.field}：${p.message}`);
    const fields = found.map((p) => ({ field: p.field, message: p.message }));
    return reply
      .code(e.status)
      .type('text/html; charset=utf-8')
      .send(await showAgain({ message: e.message, code: e.code, problems, fields }));
  }
}

/** What one back-office action does with the posted form of the case `id`. */
export type CaseAction<P> = (principal: P, body: Body, id: string) => Promise<unknown>;

/**
 * Register a case's actions, each a no-JS form: `POST route(action)` (with the case's `:id`) lets
 * the guard sign the user in, runs the action with the posted form and redirects (303) to
 * `redirect(id, action)`; a user error shows the case page again with it and its status (handleForm).
 */
export function caseActionRoutes<P, A extends string>(
  app: FastifyInstance,
  o: {
    /** the signed-in user who may post, or undefined once it has redirected to sign in */
    guard: (request: FastifyRequest, reply: FastifyReply) => Promise<P | undefined>;
    actions: Readonly<Record<A, CaseAction<P>>>;
    route: (action: A) => string;
    options: (action: A) => RouteShorthandOptions;
    redirect: (id: string, action: A) => string;
    showAgain: (failed: { principal: P; id: string; action: A; body: Body; reply: FastifyReply; error: FormError }) => string | Promise<string>;
  },
): void {
  for (const [action, run] of Object.entries(o.actions) as [A, CaseAction<P>][]) {
    app.post<{ Params: { id: string } }>(o.route(action), o.options(action), async (request, reply) => {
      const principal = await o.guard(request, reply);
      if (!principal) return reply;
      const { id } = request.params;
      const body = (request.body ?? {}) as Body;
      return handleForm(
        reply,
        async () => {
          await run(principal, body, id);
          return reply.redirect(o.redirect(id, action), 303);
        },
        (error) => o.showAgain({ principal, id, action, body, reply, error }),
      );
    });
  }
}

/**
 * The message for `?done=…` after a form redirected: only keys of the page's own table are
 * shown, so a link cannot put arbitrary text on the page.
 */
export function flashFrom(query: unknown, table: Record<string, MessageKey>): string | undefined {
  const key = (query as { done?: unknown } | undefined)?.done;
  return typeof key === 'string' && Object.hasOwn(table, key) ? t(table[key] as MessageKey) : undefined;
}

/** Only local paths may be a redirect target after signing in. */
export function safeNext(raw: unknown, fallback: string): string {
  const s = typeof raw === 'string' ? raw : '';
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(s) && s.length < 300 ? s : fallback;
}
