/**
 * The applicant's pages: the online form of an item (a new application, or a draft resumed on any
 * device, with its upload slots, 材料复用 and 免提交 marks), 我的办件 (the list), and one case
 * (timeline, messages, the 补正 notice with its correction form, the working-day clock and how it
 * was computed, the result, withdraw, rate). What a button offers comes from the case's
 * abilities as presented (present.ts): the pages never work the rules out themselves.
 */

import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, notice, type SummaryProblem } from '../../../web/forms.js';
import { html, type Renderable, type SafeHtml } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import { pager } from '../../../web/paging.js';
import { type Account, meFrame } from '../../accounts/index.js';
import type { FormDefinition } from '../form-notation.js';
import type { ApplicantView, ApplicationSummary, ClockView, CorrectionView, EventView, MaterialView, SlotView } from '../present.js';
import type { OpeningView } from '../operations/proactive.js';
import { instantSection, openingsSection } from './automation.js';
import { ACCEPT, type FieldErrors, formFields, type PostedAnswers } from './form.js';

/** statuses in the order the list filter offers them */
export const MY_STATUS_FILTERS = ['draft', 'submitted', 'accepted', 'refused', 'correcting', 'reviewing', 'approved,denied', 'withdrawn'] as const;

export const dayOf = (iso: string | null | undefined, timeZone: string) =>
  iso ? new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium' }).format(new Date(iso)) : '';
export const timeOf = (iso: string | null | undefined, timeZone: string) =>
  iso ? new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';

export const statusTag = (s: { status: string; statusLabel: string }) => html`<span class="tag tag-status status-${s.status}">${s.statusLabel}</span>`;

export interface ReusableMaterial extends MaterialView {
  fromNo: string | null;
  itemId: number;
}

export interface FormFailure {
  message: string;
  summary: SummaryProblem[];
  errors: FieldErrors;
}

/** What the apply page shows: a new form (no draft yet) or a draft being filled in. */
export interface ApplyPage {
  item: { id: number; name: string };
  form: FormDefinition;
  answers: PostedAnswers;
  slots: SlotView[];
  /** the draft being filled in; null: nothing saved yet (slots take uploads once saved) */
  draft: { id: number; version: number } | null;
  reusable: ReusableMaterial[];
  csrf: string;
  timeZone: string;
  failure?: FormFailure;
  flash?: string;
}

const sizeOf = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
const kindsOf = (accept: readonly string[]) => accept.map((k) => t(k === 'pdf' ? 'applications.page.kind.pdf' : 'applications.page.kind.image')).join('、');

/** One upload slot: what is filed, remove, upload more, reuse an earlier accepted material, or 免提交. */
function slotCard(slot: SlotView, o: { base: string | null; csrf: string; reusable: ReusableMaterial[]; errors: FieldErrors; editable: boolean }): SafeHtml {
  const id = `slot-${slot.key}`;
  const error = o.errors[`slot.${slot.key}`];
  const reusable = o.reusable.filter((m) => slot.accept.some((k) => ACCEPT[k]?.split(',').includes(m.contentType)) && (m.slot === slot.key || m.slot === slot.name));
  return html`<li class="card slot${error ? ' has-error' : ''}" id="${id}">
<h3>${slot.name}${slot.required && !slot.exempt && !slot.onFile ? html` <span class="tag">${t('applications.page.slot.required')}</span>` : html` <span class="optional">${t('ui.optional')}</span>`}</h3>
${slot.exempt ? html`<p class="tag tag-done">${t('applications.page.slot.exempt')}</p><p class="hint">${t('applications.page.slot.exemptHint')}</p>` : ''}
${slot.onFile && !slot.files.length ? html`<p class="tag tag-done">${t('auto.onFileSlot')}</p><p class="hint">${t('auto.onFileSlotDetail', { title: slot.onFile.title, code: slot.onFile.code })}</p>` : ''}
<p class="hint">${t('applications.page.slot.rules', { kinds: kindsOf(slot.accept), max: slot.maxFiles, size: slot.maxSizeMb })}</p>
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
${
  slot.files.length
    ? html`<ul class="files">${slot.files.map(
        (f) => html`<li>${f.filename} <small>(${sizeOf(f.size)}${f.source !== 'upload' ? html` · ${f.sourceLabel}` : ''})</small>${
          o.editable && o.base
            ? html` <form method="post" action="${o.base}/materials/${f.id}/delete" class="inline">${csrfField(o.csrf)}<button type="submit" class="link danger">${t('applications.page.slot.remove', { name: f.filename })}</button></form>`
            : ''
        }</li>`,
      )}</ul>`
    : slot.exempt || slot.onFile
      ? ''
      : html`<p>${t('applications.page.slot.none')}</p>`
}
${
  o.editable && o.base && !slot.exempt
    ? html`<form method="post" action="${o.base}/materials?_csrf=${o.csrf}" enctype="multipart/form-data" class="upload-form">
${csrfField(o.csrf)}<input type="hidden" name="slot" value="${slot.key}">
<label for="${id}-file">${t('applications.page.slot.choose', { name: slot.name })}</label>
<input id="${id}-file" type="file" name="file" accept="${slot.accept.map((k) => ACCEPT[k]).join(',')}"${slot.maxFiles > 1 ? html` multiple` : ''}${error ? html` aria-describedby="${id}-error"` : ''}>
<button type="submit" class="secondary small">${t('applications.page.slot.upload')}</button>
</form>
${reusable.length
  ? html`<form method="post" action="${o.base}/reuse" class="reuse-form">${csrfField(o.csrf)}<input type="hidden" name="slot" value="${slot.key}">
<p class="hint">${t('applications.page.slot.reuseHint')}</p>
${reusable.slice(0, 5).map((m) => html`<button type="submit" name="materialId" value="${m.id}" class="secondary small">${t('applications.page.slot.reuse', { name: m.filename, no: m.fromNo ?? '' })}</button> `)}
</form>`
  : ''}`
    : ''
}
</li>`;
}

export function slotList(slots: SlotView[], o: { base: string | null; csrf: string; reusable: ReusableMaterial[]; errors: FieldErrors; editable: boolean }): Renderable {
  if (!slots.length) return '';
  return html`<ul class="slots plain">${slots.map((s) => slotCard(s, o))}</ul>`;
}

/** /items/<id>/apply and a draft resumed: the form, then the materials, then save or submit. */
export function applyPage(p: ApplyPage): string {
  const base = p.draft ? `/me/applications/drafts/${p.draft.id}` : null;
  const action = base ?? `/items/${p.item.id}/apply`;
  const errors = p.failure?.errors ?? {};
  const title = t('applications.page.apply.title', { item: p.item.name });
  return layout(
    {
      title,
      crumbs: [{ label: p.item.name, href: `/items/${p.item.id}` }, { label: t('applications.page.apply.crumb') }],
      scripts: ['application-form.js'],
    },
    html`<h1>${title}</h1>
${notice(p.flash)}
${errorSummary(p.failure?.message, p.failure?.summary)}
${p.form.intro ? html`<p class="lead">${p.form.intro}</p>` : ''}
<p class="hint">${t(p.draft ? 'applications.page.apply.draftNote' : 'applications.page.apply.newNote')}</p>
<form method="post" action="${action}" class="form application-form" novalidate>
${csrfField(p.csrf)}
${p.draft ? html`<input type="hidden" name="version" value="${p.draft.version}">` : ''}
<section aria-labelledby="h-answers"><h2 id="h-answers">${t('applications.page.apply.answers')}</h2>
${formFields(p.form, p.answers, errors)}
</section>
<div class="form-actions">
<button type="submit" name="action" value="save" class="${p.draft ? 'secondary' : 'primary'}">${t(p.draft ? 'applications.page.apply.save' : 'applications.page.apply.saveFirst')}</button>
${p.draft ? html`<button type="submit" name="action" value="submit" class="primary">${t('applications.page.apply.submit')}</button>` : ''}
</div>
</form>
<section aria-labelledby="h-materials"><h2 id="h-materials">${t('applications.page.apply.materials')}</h2>
${p.draft ? html`<p class="hint">${t('applications.page.apply.materialsNote')}</p>` : html`<p class="hint">${t('applications.page.apply.materialsLater')}</p>`}
${slotList(p.slots, { base, csrf: p.csrf, reusable: p.reusable, errors, editable: !!p.draft })}
</section>`,
  );
}

/** /me/applications: every case of the person, newest first, with a status filter. */
export function myApplicationsPage(o: {
  account: Account;
  rows: ApplicationSummary[];
  total: number;
  page: number;
  size: number;
  status: string;
  csrf: string;
  timeZone: string;
  flash?: string;
  /** 免申即享: applications opened on the person's behalf, waiting for them */
  openings?: OpeningView[];
  /** 一件事一次办: each bundle as one entry with its combined status (views/bundle.ts) */
  bundles?: Renderable;
}): string {
  const base = o.status ? `/me/applications?status=${encodeURIComponent(o.status)}` : '/me/applications';
  return meFrame(
    t('applications.page.mine.title'),
    '/me/applications',
    o.account,
    o.csrf,
    html`${notice(o.flash)}
${o.openings?.length ? openingsSection(o.openings, o.csrf) : ''}
${o.bundles ?? ''}
<form method="get" action="/me/applications" class="filters inline-search"><label for="f-status">${t('applications.page.mine.filter')}</label>
<select id="f-status" name="status"><option value="">${t('applications.page.mine.all')}</option>${MY_STATUS_FILTERS.map(
      (s) => html`<option value="${s}"${o.status === s ? html` selected` : ''}>${t(`applications.page.filter.${s === 'approved,denied' ? 'concluded' : s}` as MessageKey)}</option>`,
    )}</select> <button type="submit" class="secondary small">${t('applications.page.filterApply')}</button></form>
${
  o.rows.length
    ? scrollTable(
        t('applications.page.mine.title'),
        html`<table class="table"><caption class="visually-hidden">${t('applications.page.mine.title')}</caption>
<thead><tr><th scope="col">${t('applications.page.col.no')}</th><th scope="col">${t('applications.page.col.item')}</th><th scope="col">${t('applications.page.col.department')}</th><th scope="col">${t('applications.page.col.status')}</th><th scope="col">${t('applications.page.col.updated')}</th></tr></thead>
<tbody>${o.rows.map(
          (r) => html`<tr><td>${r.no ? html`<a href="/me/applications/${r.no}">${r.no}</a>` : html`<a href="/me/applications/drafts/${r.id}">${t('applications.page.mine.draftLink')}</a>`}</td><td>${r.itemName}</td><td>${r.department}</td><td>${statusTag(r)}${r.overdue ? html` <span class="overdue">${t('applications.page.overdue')}</span>` : ''}</td><td>${dayOf(r.updatedAt, o.timeZone)}</td></tr>`,
        )}</tbody></table>`,
      )
    : html`<p>${t('applications.page.mine.empty')}</p>`
}
${pager(base, o.page, o.size, o.total)}`,
  );
}

export function clockSection(clock: ClockView | null, timeZone: string): Renderable {
  if (!clock) return '';
  return html`<section class="card clock" aria-labelledby="h-clock"><h2 id="h-clock">${t('applications.page.clock.title')}</h2>
<p class="${clock.overdue ? 'overdue' : ''}"><strong>${
    clock.state === 'concluded'
      ? t('applications.page.clock.concluded', { used: clock.usedDays, promised: clock.promisedDays })
      : clock.overdue
        ? t('applications.page.clock.overdue', { due: dayOf(clock.dueAt, timeZone) })
        : clock.state === 'paused'
          ? t('applications.page.clock.paused', { left: clock.remainingDays })
          : t('applications.page.clock.left', { left: clock.remainingDays, due: dayOf(clock.dueAt, timeZone) })
  }</strong></p>
<details><summary>${t('applications.page.clock.how')}</summary><ul>${clock.explanation.map((line) => html`<li>${line}</li>`)}</ul></details>
</section>`;
}

export function timeline(events: EventView[], timeZone: string, withInternal = false): Renderable {
  return html`<ol class="timeline">${events.map(
    (e) => html`<li class="${e.internal ? 'internal' : ''}"><time datetime="${e.at}">${timeOf(e.at, timeZone)}</time> <strong>${e.label}</strong>${e.department ? html` · ${e.department}` : ''}${withInternal && e.actor ? html` · ${e.actor}` : ''}${e.note ? html`<br><span class="note">${e.note}</span>` : ''}${withInternal && e.internal ? html` <span class="tag">${t('applications.page.internal')}</span>` : ''}</li>`,
  )}</ol>`;
}

export function correctionNotice(c: CorrectionView, timeZone: string): SafeHtml {
  return html`<div><p>${t('applications.page.correction.from', { department: c.department, at: timeOf(c.requestedAt, timeZone) })}</p>
<ul>${c.items.map((i) => html`<li>${i.field || i.material ? html`<strong>${i.field ?? i.material}</strong>：` : ''}${i.what}</li>`)}</ul>
${c.justification ? html`<p class="hint">${t('applications.page.correction.second', { why: c.justification })}</p>` : ''}</div>`;
}

export interface CasePageOptions {
  view: ApplicantView;
  csrf: string;
  timeZone: string;
  account: Account;
  flash?: string;
  failure?: FormFailure;
  /** the correction form: the case's form and the answers to show again */
  form?: FormDefinition | null;
  answers?: PostedAnswers;
  /** where a certificate or result can be downloaded (the certificates face, when wired) */
  downloads?: { label: string; href: string }[];
  /** the rating page (the ratings module), once the case concluded */
  rateHref?: string | null;
  /** the halls of the item's guide, where the result can be picked up; given while the applicant may choose */
  halls?: readonly { slug: string; name: string; address: string }[] | null;
  /** what was posted to the delivery form, shown again with its errors */
  posted?: Record<string, string>;
}

/** 结果领取方式: window pick-up at one of the item's halls, or post with a recipient, a mobile number and an address. */
function deliveryForm(o: CasePageOptions, base: string, errors: FieldErrors): SafeHtml {
  const v = o.view;
  const halls = o.halls ?? [];
  const current = v.delivery;
  const posted = o.posted ?? {};
  const method = posted.method ?? current?.method ?? '';
  const value = (k: 'recipient' | 'phone' | 'address') => posted[k] ?? (current?.method === 'post' ? (current[k] ?? '') : '');
  const hall = posted.hall ?? current?.hall?.slug ?? '';
  const err = (k: string) => (errors[k] ? html`<p class="field-error" id="e-delivery-${k}">${errors[k]}</p>` : '');
  const described = (k: string, hint?: string) => [errors[k] ? `e-delivery-${k}` : '', hint ?? ''].filter(Boolean).join(' ');
  const input = (k: 'recipient' | 'phone' | 'address', extra: SafeHtml, hint?: string) =>
    html`<div class="field${errors[k] ? ' has-error' : ''}"><label for="f-delivery-${k}">${t(`applications.page.delivery.${k}` as MessageKey)}</label>
${hint ? html`<p class="hint" id="h-delivery-${k}">${t('applications.page.delivery.addressHint')}</p>` : ''}${err(k)}
<input id="f-delivery-${k}" name="${k}" value="${value(k)}"${described(k, hint) ? html` aria-describedby="${described(k, hint)}"` : ''}${errors[k] ? html` aria-invalid="true"` : ''} ${extra}></div>`;
  return html`<section class="card delivery" aria-labelledby="h-delivery"><h2 id="h-delivery">${t('applications.page.delivery.title')}</h2>
<p>${t('applications.page.delivery.intro')}</p>
${current ? html`<p>${t('applications.page.delivery.current', { choice: current.label })}${current.hall ? html`：${current.hall.name}（${current.hall.address}）` : ''}${current.address ? html`：${current.recipient} ${current.phone} ${current.address}` : ''}</p>` : ''}
<form method="post" action="${base}/delivery" class="form" novalidate>${csrfField(o.csrf)}<input type="hidden" name="version" value="${v.version}">
<fieldset class="field${errors.method ? ' has-error' : ''}"${errors.method ? html` aria-describedby="e-delivery-method"` : ''}><legend>${t('applications.page.delivery.method')}</legend>${err('method')}
<label class="choice"><input type="radio" name="method" value="window"${method === 'window' ? ' checked' : ''}> ${t('applications.page.delivery.window')}</label>
<label class="choice"><input type="radio" name="method" value="post"${method === 'post' ? ' checked' : ''}> ${t('applications.page.delivery.post')}</label></fieldset>
${
  halls.length
    ? html`<div class="field${errors.hall ? ' has-error' : ''}"><label for="f-delivery-hall">${t('applications.page.delivery.hall')}</label>${err('hall')}
<select id="f-delivery-hall" name="hall"${errors.hall ? html` aria-invalid="true" aria-describedby="e-delivery-hall"` : ''}><option value="">${t('applications.page.delivery.hallChoose')}</option>${halls.map(
        (h) => html`<option value="${h.slug}"${h.slug === hall ? ' selected' : ''}>${h.name}（${h.address}）</option>`,
      )}</select></div>`
    : ''
}
<p class="hint">${t('applications.page.delivery.postHint')}</p>
${input('recipient', html`maxlength="40" autocomplete="shipping name"`)}
${input('phone', html`inputmode="tel" maxlength="20" autocomplete="shipping tel"`)}
${input('address', html`maxlength="200" autocomplete="shipping street-address"`, 'h-delivery-address')}
<button type="submit">${t('applications.page.delivery.submit')}</button></form></section>`;
}

/** /me/applications/<no>: one case as its applicant follows it. */
export function myApplicationPage(o: CasePageOptions): string {
  const v = o.view;
  const can = new Set(v.abilities);
  const base = `/me/applications/${v.no}`;
  const errors = o.failure?.errors ?? {};
  return meFrame(
    t('applications.page.case.title', { no: v.no ?? '' }),
    '/me/applications',
    o.account,
    o.csrf,
    html`${notice(o.flash)}
${errorSummary(o.failure?.message, o.failure?.summary)}
<section class="card case-head" aria-labelledby="h-case"><h2 id="h-case">${v.itemName}</h2>
<dl class="facts">
<dt>${t('applications.page.col.no')}</dt><dd><strong class="case-no">${v.no}</strong></dd>
${v.queryCode ? html`<dt>${t('applications.page.case.queryCode')}</dt><dd>${v.queryCode}</dd>` : ''}
<dt>${t('applications.page.col.status')}</dt><dd>${statusTag(v)}</dd>
<dt>${t('applications.page.col.department')}</dt><dd>${v.department}</dd>
<dt>${t('applications.page.case.submitted')}</dt><dd>${timeOf(v.submittedAt, o.timeZone)}</dd>
${v.acceptedAt ? html`<dt>${t('applications.page.case.accepted')}</dt><dd>${timeOf(v.acceptedAt, o.timeZone)}</dd>` : ''}
${v.delivery ? html`<dt>${t('applications.page.case.delivery')}</dt><dd>${v.delivery.label}${v.delivery.address ? html`（${v.delivery.address}）` : ''}</dd>` : ''}
</dl>
${v.reason ? html`<p><strong>${t('applications.page.case.reason')}</strong>${v.reason}</p>` : ''}
</section>
${v.instant ? instantSection(v.instant, { time: (at) => timeOf(at, o.timeZone) }) : ''}
${
  v.decision
    ? html`<section class="card decision" aria-labelledby="h-decision"><h2 id="h-decision">${t('applications.page.case.decision')}</h2>
<p><strong>${v.decision.label}</strong> · ${timeOf(v.decision.decidedAt, o.timeZone)}</p>
${v.decision.reason ? html`<p>${v.decision.reason}</p>` : ''}
${v.decision.certificate ? html`<p>${t('applications.page.case.certificate', { code: v.decision.certificate.code })} <a href="${v.decision.certificate.url}">${t('applications.page.case.verify')}</a></p>` : ''}
${o.downloads?.length ? html`<ul class="downloads">${o.downloads.map((d) => html`<li><a href="${d.href}">${d.label}</a></li>`)}</ul>` : ''}
${can.has('rate') || o.rateHref ? html`<p><a class="button" href="${o.rateHref ?? `/me/ratings/application/${v.no}`}">${t('applications.page.case.rate')}</a></p>` : ''}
</section>`
    : ''
}
${
  v.openCorrection
    ? html`<section class="card correction" aria-labelledby="h-correction"><h2 id="h-correction">${t('applications.page.correction.title')}</h2>
${correctionNotice(v.openCorrection, o.timeZone)}
${
  can.has('resubmit')
    ? html`<form method="post" action="${base}/correct" class="form" novalidate>${csrfField(o.csrf)}<input type="hidden" name="version" value="${v.version}">
${o.form ? formFields(o.form, o.answers ?? v.answers, errors) : ''}
<button type="submit" class="primary">${t('applications.page.correction.submit')}</button></form>
<h3>${t('applications.page.correction.materials')}</h3>
${slotList(v.slots, { base, csrf: o.csrf, reusable: [], errors, editable: true })}`
    : ''
}
</section>`
    : ''
}
${o.halls ? deliveryForm(o, base, errors) : ''}
${clockSection(v.clock, o.timeZone)}
${!v.openCorrection ? html`<section aria-labelledby="h-materials"><h2 id="h-materials">${t('applications.page.apply.materials')}</h2>${slotList(v.slots, { base: null, csrf: o.csrf, reusable: [], errors: {}, editable: false })}</section>` : ''}
<section aria-labelledby="h-timeline"><h2 id="h-timeline">${t('applications.page.case.timeline')}</h2>${timeline(v.timeline, o.timeZone)}</section>
${
  v.corrections.length > (v.openCorrection ? 1 : 0)
    ? html`<section aria-labelledby="h-messages"><h2 id="h-messages">${t('applications.page.case.messages')}</h2>${v.corrections
        .filter((c) => c !== v.openCorrection)
        .map((c) => html`<div class="card">${correctionNotice(c, o.timeZone)}${c.resubmittedAt ? html`<p class="hint">${t('applications.page.correction.done', { at: timeOf(c.resubmittedAt, o.timeZone) })}</p>` : ''}</div>`)}</section>`
    : ''
}
${
  can.has('withdraw')
    ? html`<section class="card" aria-labelledby="h-withdraw"><h2 id="h-withdraw">${t('applications.page.withdraw.title')}</h2>
<form method="post" action="${base}/withdraw" class="form">${csrfField(o.csrf)}<input type="hidden" name="version" value="${v.version}">
<div class="field${errors.reason ? ' has-error' : ''}"><label for="f-reason">${t('applications.page.withdraw.reason')}<span class="optional">${t('ui.optional')}</span></label>
${errors.reason ? html`<p class="field-error">${errors.reason}</p>` : ''}<textarea id="f-reason" name="reason" rows="2" maxlength="1000"></textarea></div>
<button type="submit" class="danger">${t('applications.page.withdraw.button')}</button></form></section>`
    : ''
}`,
  );
}
