/**
 * The workbench's 办件 pages (工作台 › 办件): the queue of the department (filters: status,
 * item, due soon, overdue; due dates in red) and one case: the applicant's answers, materials
 * (images inline, PDFs by link, through the department-scoped material route), the route with
 * its stages, every opinion, the history; and the actions its abilities offer — accept / refuse
 * to accept (综合窗口), 补正 notice, opinions (approve, reject, send back, 加签), conclusion.
 */

import { type MessageKey, t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, notice } from '../../../web/forms.js';
import { html, type Renderable, type SafeHtml } from '../../../web/html.js';
import { pager } from '../../../web/paging.js';
import type { Field, FormDefinition } from '../form-notation.js';
import type { ApplicationSummary, StaffView } from '../present.js';
import { instantSection, queueMarker, reviewForm } from './automation.js';
import { clockSection, correctionNotice, dayOf, type FormFailure, statusTag, timeline, timeOf } from './citizen.js';

export const QUEUE_FILTERS = ['open', 'submitted', 'reviewing', 'correcting', 'concluded', 'all'] as const;
export type QueueFilterKey = (typeof QUEUE_FILTERS)[number];
/** the statuses each queue filter shows */
export const QUEUE_STATUSES: Record<QueueFilterKey, string | undefined> = {
  open: 'submitted,accepted,reviewing,correcting',
  submitted: 'submitted',
  reviewing: 'accepted,reviewing',
  correcting: 'correcting',
  concluded: 'approved,denied,refused,withdrawn',
  all: undefined,
};

interface StaffCommon {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
}

export function queuePage(o: StaffCommon & {
  rows: ApplicationSummary[];
  total: number;
  page: number;
  size: number;
  filter: QueueFilterKey;
  item: number | undefined;
  due: '' | 'soon' | 'overdue';
  items: { id: number; name: string }[];
  /** only 秒批 decisions drawn for 复核, not yet reviewed */
  review?: boolean;
}): string {
  const query = new URLSearchParams({ status: o.filter, ...(o.item ? { item: String(o.item) } : {}), ...(o.due ? { due: o.due } : {}), ...(o.review ? { review: '1' } : {}) }).toString();
  return adminLayout(
    { title: t('applications.page.queue.title'), principal: o.principal, csrf: o.csrf, current: '/admin/applications', crumbs: [{ label: t('applications.page.queue.title') }] },
    html`${notice(o.flash)}
<form method="get" action="/admin/applications" class="filters">
<div class="field"><label for="f-status">${t('applications.page.col.status')}</label><select id="f-status" name="status">${QUEUE_FILTERS.map(
      (f) => html`<option value="${f}"${f === o.filter ? html` selected` : ''}>${t(`applications.page.queue.${f}` as MessageKey)}</option>`,
    )}</select></div>
${o.items.length ? html`<div class="field"><label for="f-item">${t('applications.page.col.item')}</label><select id="f-item" name="item"><option value="">${t('applications.page.mine.all')}</option>${o.items.map((i) => html`<option value="${i.id}"${i.id === o.item ? html` selected` : ''}>${i.name}</option>`)}</select></div>` : ''}
<div class="field"><label for="f-due">${t('applications.page.queue.due')}</label><select id="f-due" name="due"><option value="">${t('applications.page.mine.all')}</option><option value="soon"${o.due === 'soon' ? html` selected` : ''}>${t('applications.page.queue.dueSoon')}</option><option value="overdue"${o.due === 'overdue' ? html` selected` : ''}>${t('applications.page.queue.overdue')}</option></select></div>
<div class="field checkbox"><input type="checkbox" id="f-review" name="review" value="1"${o.review ? html` checked` : ''}><label for="f-review">${t('auto.review.filter')}</label></div>
<button type="submit" class="secondary small">${t('applications.page.filterApply')}</button>
</form>
<p>${t('applications.page.queue.total', { n: o.total })}</p>
${
  o.rows.length
    ? scrollTable(
        t('applications.page.queue.title'),
        html`<table class="table queue"><caption class="visually-hidden">${t('applications.page.queue.title')}</caption>
<thead><tr><th scope="col">${t('applications.page.col.no')}</th><th scope="col">${t('applications.page.col.item')}</th><th scope="col">${t('applications.page.col.department')}</th><th scope="col">${t('applications.page.col.status')}</th><th scope="col">${t('applications.page.col.submitted')}</th><th scope="col">${t('applications.page.col.due')}</th></tr></thead>
<tbody>${o.rows.map(
          (r) => html`<tr><td><a href="/admin/applications/${r.no ?? ''}">${r.no}</a></td><td>${r.itemName}</td><td>${r.department}</td><td>${statusTag(r)}${queueMarker(r)}</td><td>${dayOf(r.submittedAt, o.timeZone)}</td><td>${
            r.dueAt ? html`<span class="${r.overdue ? 'overdue' : ''}">${dayOf(r.dueAt, o.timeZone)}${r.overdue ? html` ${t('applications.page.overdue')}` : ''}</span>` : '—'
          }</td></tr>`,
        )}</tbody></table>`,
      )
    : html`<p>${t('applications.page.queue.empty')}</p>`
}
${pager(`/admin/applications?${query}`, o.page, o.size, o.total)}`,
  );
}

const answerText = (f: Field, value: unknown): string => {
  if (value === undefined || value === null || value === '') return '';
  if (f.type === 'choice') {
    const label = (v: unknown) => f.options.find((o) => o.value === String(v))?.label ?? String(v);
    return Array.isArray(value) ? value.map(label).join('、') : label(value);
  }
  if (f.type === 'number' && f.unit) return `${String(value)} ${f.unit}`;
  return Array.isArray(value) ? value.map(String).join('、') : String(value);
};

/** the answers as a definition list (rows as a small table) */
export function answersList(form: FormDefinition | null, answers: Record<string, unknown>): Renderable {
  if (!form) return '';
  return html`<dl class="facts answers">${form.fields.map((f) => {
    if (f.type === 'file') return '';
    const v = answers[f.key];
    if (f.type === 'rows') {
      const rows = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
      return html`<dt>${f.label}</dt><dd>${
        rows.length
          ? scrollTable(
              f.label,
              html`<table class="table"><thead><tr>${f.fields.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead><tbody>${rows.map(
                (r) => html`<tr>${f.fields.map((c) => html`<td>${answerText(c as Field, r[c.key])}</td>`)}</tr>`,
              )}</tbody></table>`,
            )
          : '—'
      }</dd>`;
    }
    return html`<dt>${f.label}</dt><dd>${answerText(f, v) || '—'}</dd>`;
  })}</dl>`;
}

function materialsSection(v: StaffView, base: string, csrf: string, canFetch: boolean): SafeHtml {
  return html`<section class="card" aria-labelledby="h-materials"><h2 id="h-materials">${t('applications.page.apply.materials')}</h2>
<ul class="plain slots">${v.slots.map(
    (s) => html`<li><h3>${s.name}${s.exempt ? html` <span class="tag tag-done">${t('applications.page.slot.exempt')}</span>` : ''}</h3>
${s.files.length ? '' : html`<p>${t('applications.page.slot.none')}</p>`}
<ul class="files">${s.files.map(
      (f) => html`<li>${
        f.source === 'certificate'
          ? html`${f.filename} <small>${f.sourceLabel}</small>`
          : f.contentType.startsWith('image/')
          ? html`<figure><img src="${base}/materials/${f.id}" alt="${t('applications.page.material.alt', { slot: s.name, name: f.filename })}" loading="lazy" class="material-preview"><figcaption>${f.filename} · ${f.sourceLabel}</figcaption></figure>`
          : html`<a href="${base}/materials/${f.id}">${f.filename}</a> <small>${f.sourceLabel}</small>`
      }</li>`,
    )}</ul>
${s.exempt && !s.files.length && canFetch ? html`<form method="post" action="${base}/fetched" class="inline">${csrfField(csrf)}<input type="hidden" name="slot" value="${s.key}"><input type="hidden" name="version" value="${v.version}"><button type="submit" class="secondary small">${t('applications.page.staff.markFetched', { name: s.name })}</button></form>` : ''}
</li>`,
  )}</ul></section>`;
}

function routeSection(v: StaffView): Renderable {
  if (!v.route) return '';
  return html`<section class="card" aria-labelledby="h-route"><h2 id="h-route">${t('applications.page.staff.route')}</h2>
<ol class="route">${v.route.stages.map(
    (s) => html`<li${s.key === v.route?.current ? html` aria-current="step" class="current"` : ''}><strong>${s.name}</strong> <span class="tag">${s.modeLabel}</span>${s.key === v.route?.current ? html` <span class="tag tag-alt">${t('applications.page.staff.currentStage')}</span>` : ''}
<ul>${s.departments.map((d) => html`<li>${d.name}${d.decision ? html` — ${t(d.decision === 'approve' ? 'applications.page.opinion.approve' : 'applications.page.opinion.reject')}` : ''}</li>`)}</ul></li>`,
  )}</ol></section>`;
}

function opinionsSection(v: StaffView, timeZone: string): Renderable {
  return html`<section class="card" aria-labelledby="h-opinions"><h2 id="h-opinions">${t('applications.page.staff.opinions')}</h2>
${
  v.opinions.length
    ? html`<ol class="timeline">${v.opinions.map(
        (o) => html`<li><time datetime="${o.at}">${timeOf(o.at, timeZone)}</time> <strong>${o.kindLabel}</strong> · ${o.stageName} · ${o.department} · ${o.author}${o.target ? html` → ${o.target}` : ''}${o.text ? html`<br>${o.text}` : ''}</li>`,
      )}</ol>`
    : html`<p>${t('applications.page.staff.noOpinions')}</p>`
}</section>`;
}

const textArea = (name: string, label: string, errors: Record<string, string>, value = '', optional = false) =>
  html`<div class="field${errors[name] ? ' has-error' : ''}"><label for="f-${name}">${label}${optional ? html`<span class="optional">${t('ui.optional')}</span>` : ''}</label>
${errors[name] ? html`<p class="field-error" id="f-${name}-error">${errors[name]}</p>` : ''}<textarea id="f-${name}" name="${name}" rows="3" maxlength="2000"${errors[name] ? html` aria-describedby="f-${name}-error" aria-invalid="true"` : ''}>${value}</textarea></div>`;

function actions(v: StaffView, o: { base: string; csrf: string; errors: Record<string, string>; posted: Record<string, string>; departments: { slug: string; name: string }[] }): Renderable {
  const can = new Set(v.abilities);
  const version = html`${csrfField(o.csrf)}<input type="hidden" name="version" value="${v.version}">`;
  const parts: Renderable[] = [];
  if (can.has('accept') || can.has('refuse'))
    parts.push(html`<section class="card" aria-labelledby="h-window"><h2 id="h-window">${t('applications.page.staff.window')}</h2>
${can.has('accept') ? html`<form method="post" action="${o.base}/accept" class="inline">${version}<button type="submit" class="primary">${t('applications.page.staff.accept')}</button></form>` : ''}
${can.has('refuse') ? html`<form method="post" action="${o.base}/refuse" class="form">${version}${textArea('refuseReason', t('applications.page.staff.refuseReason'), o.errors, o.posted.refuseReason)}<button type="submit" class="danger">${t('applications.page.staff.refuse')}</button></form>` : ''}
</section>`);
  if (can.has('opine') && v.route?.current) {
    const earlier = v.route.stages.slice(0, Math.max(0, v.route.stages.findIndex((s) => s.key === v.route?.current)));
    parts.push(html`<section class="card" aria-labelledby="h-opine"><h2 id="h-opine">${t('applications.page.staff.opine')}</h2>
<form method="post" action="${o.base}/opinion" class="form">${version}<input type="hidden" name="stage" value="${v.route.current}"><input type="hidden" name="round" value="${v.route.round}">
${textArea('text', t('applications.page.staff.opinionText'), o.errors, o.posted.text)}
<fieldset class="checks radios"><legend>${t('applications.page.staff.opinionKind')}</legend>
<label class="check"><input type="radio" name="kind" value="approve"${o.posted.kind !== 'reject' && o.posted.kind !== 'sendBack' && o.posted.kind !== 'addDepartment' ? html` checked` : ''}> ${t('applications.page.opinion.approve')}</label>
<label class="check"><input type="radio" name="kind" value="reject"${o.posted.kind === 'reject' ? html` checked` : ''}> ${t('applications.page.opinion.reject')}</label>
${earlier.length ? html`<label class="check"><input type="radio" name="kind" value="sendBack"${o.posted.kind === 'sendBack' ? html` checked` : ''}> ${t('applications.page.opinion.sendBack')}</label>` : ''}
<label class="check"><input type="radio" name="kind" value="addDepartment"${o.posted.kind === 'addDepartment' ? html` checked` : ''}> ${t('applications.page.opinion.addDepartment')}</label>
</fieldset>
${earlier.length ? html`<div class="field"><label for="f-to">${t('applications.page.staff.sendBackTo')}</label><select id="f-to" name="to">${earlier.map((s) => html`<option value="${s.key}"${o.posted.to === s.key ? html` selected` : ''}>${s.name}</option>`)}</select></div>` : ''}
<div class="field"><label for="f-department">${t('applications.page.staff.addDepartment')}</label><select id="f-department" name="department"><option value="">${t('applications.page.form.choose')}</option>${o.departments.map((d) => html`<option value="${d.slug}"${o.posted.department === d.slug ? html` selected` : ''}>${d.name}</option>`)}</select></div>
<button type="submit" class="primary">${t('applications.page.staff.opineButton')}</button></form></section>`);
  }
  if (can.has('requestCorrection'))
    parts.push(html`<section class="card" aria-labelledby="h-correct"><h2 id="h-correct">${t('applications.page.staff.correction')}</h2>
<form method="post" action="${o.base}/correction" class="form">${version}
<p class="hint">${t('applications.page.staff.correctionHint')}</p>
${textArea('items', t('applications.page.staff.correctionItems'), o.errors, o.posted.items)}
${v.correctionCount > 0 ? textArea('justification', t('applications.page.staff.justification'), o.errors, o.posted.justification) : ''}
<button type="submit" class="secondary">${t('applications.page.staff.correctionButton')}</button></form></section>`);
  if (can.has('conclude'))
    parts.push(html`<section class="card" aria-labelledby="h-conclude"><h2 id="h-conclude">${t('applications.page.staff.conclude')}</h2>
<form method="post" action="${o.base}/conclude" class="form">${version}
<fieldset class="checks radios"><legend>${t('applications.page.staff.decision')}</legend>
<label class="check"><input type="radio" name="decision" value="grant"${o.posted.decision !== 'deny' ? html` checked` : ''}> ${t('applications.page.staff.grant')}</label>
<label class="check"><input type="radio" name="decision" value="deny"${o.posted.decision === 'deny' ? html` checked` : ''}> ${t('applications.page.staff.deny')}</label></fieldset>
${textArea('reason', t('applications.page.staff.decisionReason'), o.errors, o.posted.reason)}
<div class="field${o.errors.legalBasis ? ' has-error' : ''}"><label for="f-legalBasis">${t('applications.page.staff.legalBasis')}<span class="optional">${t('applications.page.staff.legalBasisWhen')}</span></label>${o.errors.legalBasis ? html`<p class="field-error">${o.errors.legalBasis}</p>` : ''}<input id="f-legalBasis" name="legalBasis" type="text" maxlength="500" value="${o.posted.legalBasis ?? ''}"></div>
<div class="field"><label for="f-validUntil">${t('applications.page.staff.validUntil')}<span class="optional">${t('ui.optional')}</span></label><input id="f-validUntil" name="validUntil" type="date" value="${o.posted.validUntil ?? ''}"></div>
<button type="submit" class="primary">${t('applications.page.staff.concludeButton')}</button></form></section>`);
  return parts;
}

export function staffCasePage(o: StaffCommon & {
  view: StaffView;
  form: FormDefinition | null;
  departments: { slug: string; name: string }[];
  failure?: FormFailure;
  posted?: Record<string, string>;
}): string {
  const v = o.view;
  const base = `/admin/applications/${v.no}`;
  const can = new Set(v.abilities);
  return adminLayout(
    {
      title: t('applications.page.case.title', { no: v.no ?? '' }),
      principal: o.principal,
      csrf: o.csrf,
      current: '/admin/applications',
      crumbs: [{ label: t('applications.page.queue.title'), href: '/admin/applications' }, { label: v.no ?? '' }],
    },
    html`${notice(o.flash)}
${errorSummary(o.failure?.message, o.failure?.summary)}
<section class="card" aria-labelledby="h-case"><h2 id="h-case">${v.itemName}</h2>
<dl class="facts">
<dt>${t('applications.page.col.status')}</dt><dd>${statusTag(v)}</dd>
<dt>${t('applications.page.staff.applicant')}</dt><dd>${v.applicant.name}</dd>
<dt>${t('applications.page.col.department')}</dt><dd>${v.department}</dd>
${v.window.department ? html`<dt>${t('applications.page.staff.windowDept')}</dt><dd>${v.window.department}</dd>` : ''}
<dt>${t('applications.page.case.submitted')}</dt><dd>${timeOf(v.submittedAt, o.timeZone)}</dd>
${v.dueAt ? html`<dt>${t('applications.page.col.due')}</dt><dd class="${v.overdue ? 'overdue' : ''}">${dayOf(v.dueAt, o.timeZone)}${v.overdue ? html` ${t('applications.page.overdue')}` : ''}</dd>` : ''}
${v.delivery ? html`<dt>${t('applications.page.case.delivery')}</dt><dd>${v.delivery.label}${v.delivery.hall ? html`（${v.delivery.hall.name}，${v.delivery.hall.address}）` : ''}${v.delivery.address ? html`（${v.delivery.recipient} ${v.delivery.phone} ${v.delivery.address}）` : ''}</dd>` : ''}
</dl>
${v.reason ? html`<p><strong>${t('applications.page.case.reason')}</strong>${v.reason}</p>` : ''}
${v.decision ? html`<p><strong>${v.decision.label}</strong>${v.decision.reason ? html`：${v.decision.reason}` : ''}</p>` : ''}
</section>
${v.instant ? instantSection(v.instant, { time: (at) => timeOf(at, o.timeZone), staff: true }) : ''}
${can.has('reviewSample') && v.instant?.sampled && !v.instant.review ? reviewForm({ base, csrf: o.csrf, version: v.version, error: o.failure?.errors.reviewNote, note: o.posted?.reviewNote }) : ''}
${clockSection(v.clock, o.timeZone)}
${v.openCorrection ? html`<section class="card" aria-labelledby="h-open-correction"><h2 id="h-open-correction">${t('applications.page.correction.title')}</h2>${correctionNotice(v.openCorrection, o.timeZone)}</section>` : ''}
<section class="card" aria-labelledby="h-answers"><h2 id="h-answers">${t('applications.page.apply.answers')}</h2>${answersList(o.form, v.answers)}</section>
${materialsSection(v, base, o.csrf, can.has('opine') || can.has('accept'))}
${routeSection(v)}
${opinionsSection(v, o.timeZone)}
${actions(v, { base, csrf: o.csrf, errors: o.failure?.errors ?? {}, posted: o.posted ?? {}, departments: o.departments })}
<section class="card" aria-labelledby="h-history"><h2 id="h-history">${t('applications.page.staff.history')}</h2>${timeline(v.history, o.timeZone, true)}</section>`,
  );
}
