/** The citizen's side of letters: writing, the receipt, following a case, and the public letters page. */
import { csrfField, errorSummary, type FormError, input, notice, problemsByField, select } from '../../../web/forms.js';
import { filterFold, scrollTable } from '../../../web/components.js';
import { devInboxNotice } from '../../../web/dev-notice.js';
import { html, type Renderable } from '../../../web/html.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { layout } from '../../../web/layout.js';
import type { PageMeta } from '../../../web/site-meta.js';
import { pager } from '../../../web/paging.js';
import { ANONYMOUS_CHANNELS, CHANNEL_TYPES, CHANNELS, LIMITS, type LetterChannel, RATINGS, TYPES } from '../model.js';
import { channelLabel, eventLabel, type PublicLetter, type StatRow, statusLabel, typeLabel, type WriterCase } from '../present.js';

export type WriterView = WriterCase;
export type { PublicLetter, StatRow };
export type Department = { id: number; name: string; slug: string };

const day = (d: Date | null | undefined, timeZone: string) => (d ? new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long' }).format(d) : '');
const moment = (d: Date | null | undefined, timeZone: string) =>
  d ? new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d) : '';
export { channelLabel, eventLabel, statusLabel, typeLabel };
const paragraphs = (text: string) => text.split(/\n+/).map((p) => html`<p>${p}</p>`);

function lettersNav(current: string): Renderable {
  const links = [
    { href: '/letters', label: t('letters.nav.public') },
    { href: '/letters/new', label: t('letters.nav.write') },
    { href: '/letters/track', label: t('letters.nav.track') },
    { href: '/letters/stats', label: t('letters.nav.stats') },
  ];
  return html`<nav class="sub-nav" aria-label="${t('letters.nav.label')}"><ul>${links.map(
    (l) => html`<li><a href="${l.href}"${l.href === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
  )}</ul></nav>`;
}

function frame(title: string, current: string, body: Renderable, scripts?: string[], meta?: PageMeta) {
  return layout(
    { title, crumbs: [{ label: t('letters.title'), href: '/letters' }, { label: title }], scripts, meta },
    html`<h1>${title}</h1>${lettersNav(current)}${body}`,
  );
}

// ---- writing -----------------------------------------------------------------------------------

export interface WriteForm {
  values: Record<string, string>;
  departments: Department[];
  csrf: string;
  /** a fresh key per form, so a double click creates one letter */
  formKey: string;
  signedIn?: { name: string; phone: string | null };
  error?: Partial<FormError> & { message: string };
  notice?: string;
  /** outside production: the phone code went to the development inbox */
  devInbox?: boolean;
  similar?: { kind: string; title: string; url: string; snippet: string }[];
}

/** The form's fields by their label, so a problem found by the validation points at its field. */
const FIELD_NAMES = (): Record<string, string> =>
  Object.fromEntries(
    (['type', 'title', 'body', 'address', 'attachments', 'anonymous', 'name', 'phone', 'email', 'channel'] as const)
      .map((k) => [t(`letters.field.${k}` as MessageKey), k])
      .concat([[t('letters.field.department'), 'departmentId']]),
  );
/** A wrong or missing SMS code is refused as a whole, not by the validation: it belongs to the code field. */
const CODE_ERRORS = new Set(['code_required', 'bad_code']);

export function writePage(f: WriteForm): string {
  const v = f.values;
  const channel = (CHANNELS as readonly string[]).includes(v.channel ?? '') ? (v.channel as LetterChannel) : 'mayor';
  const types = CHANNEL_TYPES[channel];
  const anonymousAllowed = ANONYMOUS_CHANNELS.includes(channel);
  const { errors, summary } = problemsByField(f.error?.fields ?? [], FIELD_NAMES());
  if (f.error?.code && CODE_ERRORS.has(f.error.code)) {
    errors.code = f.error.message;
    summary.push({ text: f.error.message, field: 'code' });
  }
  return frame(
    t('letters.write.title'),
    '/letters/new',
    html`${errorSummary(f.error?.message, summary.length ? summary : f.error?.problems)}${notice(f.notice)}${f.devInbox ? devInboxNotice('sms') : ''}
<p class="lead">${t('letters.write.lead')}</p>
<form method="get" action="/letters/new" class="channel-pick">
<fieldset class="fieldset"><legend>${t('letters.write.pickChannel')}</legend>
<ul class="channel-list">${CHANNELS.map(
      (c) => html`<li><label class="check"><input type="radio" name="channel" value="${c}"${c === channel ? html` checked` : ''}> <span><strong>${channelLabel(c)}</strong> <small class="hint">${t(`letters.channelHint.${c}` as MessageKey)}</small></span></label></li>`,
    )}</ul>
<div><button type="submit" class="secondary">${t('letters.write.switchChannel')}</button></div></fieldset></form>
<form method="post" action="/letters/new?_csrf=${f.csrf}" enctype="multipart/form-data" class="letter-form form" novalidate>
${csrfField(f.csrf)}
<input type="hidden" name="formKey" value="${f.formKey}">
<input type="hidden" name="channel" value="${channel}">
<h2>${t('letters.write.to', { channel: channelLabel(channel) })}</h2>
<p class="hint">${t('letters.write.allNeeded')}</p>
${
  channel === 'department'
    ? select({
        name: 'departmentId',
        label: t('letters.field.department'),
        value: v.departmentId,
        error: errors.departmentId,
        options: [{ value: '', label: t('letters.write.pickDepartment') }, ...f.departments.map((d) => ({ value: String(d.id), label: d.name }))],
      })
    : ''
}
${select({ name: 'type', label: t('letters.field.type'), value: v.type ?? types[0], error: errors.type, options: types.map((ty) => ({ value: ty, label: typeLabel(ty) })) })}
${input({ name: 'title', label: t('letters.field.title'), value: v.title, required: true, maxlength: LIMITS.titleMax, error: errors.title, hint: t('letters.write.titleHint', { min: LIMITS.titleMin, max: LIMITS.titleMax }) })}
<div class="similar-box" data-similar-title="${t('letters.write.similarTitle')}" aria-live="polite">
<button type="submit" class="secondary small" formaction="/letters/new/similar?_csrf=${f.csrf}" formnovalidate>${t('letters.write.findSimilar')}</button>
${similarList(f.similar)}
</div>
${input({ name: 'body', label: t('letters.field.body'), value: v.body, required: true, rows: 8, maxlength: LIMITS.bodyMax, error: errors.body, hint: t('letters.write.bodyHint', { max: LIMITS.bodyMax }) })}
${input({ name: 'address', label: t('letters.field.address'), value: v.address, optional: true, maxlength: LIMITS.addressMax, error: errors.address, hint: t('letters.write.addressHint') })}
<div class="field${errors.attachments ? ' has-error' : ''}"><label for="f-attachments">${t('letters.field.attachments')}<span class="optional">${t('ui.optional')}</span></label>
<p class="hint" id="f-attachments-hint">${t('letters.write.attachmentsHint', { n: LIMITS.attachments, mb: LIMITS.attachmentBytes / 1048576 })}</p>
${errors.attachments ? html`<p class="field-error" id="f-attachments-error">${errors.attachments}</p>` : ''}
<input id="f-attachments" type="file" name="attachments" multiple accept="image/jpeg,image/png,image/gif,image/webp,application/pdf" aria-describedby="f-attachments-hint${errors.attachments ? ' f-attachments-error' : ''}"></div>
<fieldset class="fieldset"><legend>${t('letters.write.aboutYou')}</legend>
${f.signedIn ? html`<p class="hint">${t('letters.write.signedIn', { name: f.signedIn.name })}</p>` : html`<p class="hint">${t('letters.write.notSignedIn')} <a href="/login?next=/letters/new">${t('letters.write.signIn')}</a></p>`}
${anonymousAllowed ? html`<label class="check" id="f-anonymous"><input type="checkbox" name="anonymous" value="1"${v.anonymous === '1' ? html` checked` : ''}> <span>${t('letters.write.anonymous')}</span></label>` : ''}
${input({ name: 'name', label: t('letters.field.name'), value: v.name ?? f.signedIn?.name, maxlength: LIMITS.nameMax, autocomplete: 'name', error: errors.name, hint: anonymousAllowed ? t('letters.write.anonymousHint') : undefined })}
${input({ name: 'phone', label: t('letters.field.phone'), value: v.phone ?? '', type: 'tel', inputmode: 'tel', autocomplete: 'tel', error: errors.phone, hint: f.signedIn?.phone ? t('letters.write.accountPhoneHint', { phone: f.signedIn.phone }) : t('letters.write.phoneHint') })}
<div class="code-row">${input({ name: 'code', label: t('letters.field.code'), value: '', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, error: errors.code, hint: f.signedIn?.phone ? t('letters.write.codeHintSignedIn') : t('letters.write.codeHint') })}
<button type="submit" class="secondary" formaction="/letters/new/code?_csrf=${f.csrf}" formnovalidate>${t('letters.write.sendCode')}</button></div>
${input({ name: 'email', label: t('letters.field.email'), value: v.email, type: 'email', optional: true, autocomplete: 'email', error: errors.email, hint: t('letters.write.emailHint') })}
</fieldset>
${
  channel === 'discipline' || channel === 'supervision'
    ? html`<p class="notice info">${t('letters.write.confidential')}</p>`
    : html`<div class="field consent"><label class="check"><input type="checkbox" name="isPublic" value="1"${v.isPublic === '1' ? html` checked` : ''}> <span>${t('letters.write.public')}</span></label></div>`
}
<p class="hint">${t('letters.write.promise')}</p>
<div class="form-actions"><button type="submit" class="primary">${t('letters.write.submit')}</button></div>
</form>`,
    ['letters.js'],
  );
}

function similarList(similar: WriteForm['similar']): Renderable {
  if (!similar) return '';
  if (!similar.length) return html`<p class="hint" role="status">${t('letters.write.noSimilar')}</p>`;
  return html`<section class="similar" aria-labelledby="similar-h"><h3 id="similar-h">${t('letters.write.similarTitle')}</h3><ul>${similar.map(
    (s) => html`<li><a href="${s.url}">${s.title}</a> <span class="tag">${t(`letters.similarKind.${s.kind}` as MessageKey)}</span><br><small>${s.snippet}</small></li>`,
  )}</ul></section>`;
}

export function receiptPage(r: { trackingCode: string; queryCode: string; dueAt: Date; channel: string; duplicate: boolean }, timeZone: string) {
  return frame(
    t('letters.receipt.title'),
    '/letters/new',
    html`<div class="receipt card" role="status">
<p>${r.duplicate ? t('letters.receipt.duplicate') : t('letters.receipt.lead', { channel: channelLabel(r.channel) })}</p>
<dl class="facts big">
<dt>${t('letters.trackingCode')}</dt><dd><strong class="code">${r.trackingCode}</strong></dd>
<dt>${t('letters.queryCode')}</dt><dd><strong class="code">${r.queryCode}</strong></dd>
<dt>${t('letters.dueAt')}</dt><dd>${day(r.dueAt, timeZone)}</dd>
</dl>
<p>${t('letters.receipt.keep')}</p>
<p><a class="button" href="/letters/track?code=${r.trackingCode}">${t('letters.receipt.track')}</a></p>
</div>`,
  );
}

// ---- following a case ----------------------------------------------------------------------------

export function trackPage(f: { code?: string; csrf: string; error?: string }) {
  return frame(
    t('letters.track.title'),
    '/letters/track',
    html`${errorSummary(f.error)}
<p class="lead">${t('letters.track.lead')}</p>
<form method="post" action="/letters/track" class="narrow">
${csrfField(f.csrf)}
${input({ name: 'code', label: t('letters.trackingCode'), value: f.code, required: true, maxlength: 20, autocomplete: 'off', hint: t('letters.track.codeHint') })}
${input({ name: 'queryCode', label: t('letters.queryCode'), value: '', required: true, maxlength: 6, inputmode: 'numeric', autocomplete: 'off' })}
<button type="submit" class="primary">${t('letters.track.submit')}</button>
</form>`,
  );
}

export function casePage(c: WriterView, queryCode: string, csrf: string, timeZone: string, flash?: string, error?: { message: string }) {
  const keep = html`${csrfField(csrf)}<input type="hidden" name="code" value="${c.trackingCode}"><input type="hidden" name="queryCode" value="${queryCode}">`;
  return frame(
    c.title,
    '/letters/track',
    html`${notice(flash)}${errorSummary(error?.message)}
<dl class="facts">
<dt>${t('letters.trackingCode')}</dt><dd>${c.trackingCode}</dd>
<dt>${t('letters.field.channel')}</dt><dd>${channelLabel(c.channel)} · ${typeLabel(c.type)}</dd>
<dt>${t('letters.status')}</dt><dd><span class="status status-${c.status}">${statusLabel(c.status)}</span></dd>
${c.department ? html`<dt>${t('letters.department')}</dt><dd>${c.department}</dd>` : ''}
<dt>${t('letters.receivedAt')}</dt><dd>${moment(c.receivedAt, timeZone)}</dd>
<dt>${t('letters.dueAt')}</dt><dd>${day(c.dueAt, timeZone)}</dd>
<dt>${t('letters.field.isPublic')}</dt><dd>${c.isPublic ? t('letters.public.yes') : t('letters.public.no')}</dd>
</dl>
${c.mergedInto ? html`<p class="notice">${t('letters.case.merged', { code: c.mergedInto })}</p>` : ''}
<section class="card"><h2>${t('letters.case.yourLetter')}</h2>${paragraphs(c.body)}
${c.attachments.length ? html`<h3>${t('letters.field.attachments')}</h3><ul>${c.attachments.map((a) => html`<li><form method="post" action="/letters/track/attachment" class="inline">${keep}<input type="hidden" name="id" value="${a.id}"><button type="submit" class="link">${a.filename}</button></form> <small>${Math.ceil(a.size / 1024)} KB</small></li>`)}</ul>` : ''}
</section>
${
  c.replies.length
    ? c.replies.map(
        (r) => html`<section class="card reply"><h2>${t('letters.case.reply', { department: r.department })}</h2>${paragraphs(r.body)}<p class="meta">${moment(r.publishedAt, timeZone)}</p></section>`,
      )
    : html`<p class="hint">${t('letters.case.noReply')}</p>`
}
${
  c.canRate
    ? html`<section class="card"><h2>${t('letters.rate.title')}</h2>
<form method="post" action="/letters/track/rate">${keep}
<fieldset class="field"><legend>${t('letters.rate.legend')}</legend>${RATINGS.map((r) => html`<label class="check"><input type="radio" name="rating" value="${r}" required> ${t(`letters.rating.${r}` as MessageKey)}</label>`)}</fieldset>
${input({ name: 'comment', label: t('letters.rate.comment'), rows: 3, maxlength: LIMITS.noteMax })}
<button type="submit" class="primary">${t('letters.rate.submit')}</button></form></section>`
    : ''
}
${c.rating ? html`<p>${t('letters.rate.given', { rating: t(`letters.rating.${c.rating}` as MessageKey) })}</p>` : ''}
${
  c.canReopen
    ? html`<section class="card"><h2>${t('letters.reopen.title')}</h2><p>${t('letters.reopen.lead')}</p>
<form method="post" action="/letters/track/reopen">${keep}
${input({ name: 'reason', label: t('letters.reopen.reason'), rows: 4, required: true, maxlength: LIMITS.noteMax })}
<button type="submit" class="primary">${t('letters.reopen.submit')}</button></form></section>`
    : ''
}
<section><h2>${t('letters.case.history')}</h2><ol class="timeline">${c.events.map(
      (e) => html`<li><time>${moment(e.at, timeZone)}</time> ${eventLabel(e.kind, e.note)}</li>`,
    )}</ol></section>`,
  );
}

// ---- the public page ------------------------------------------------------------------------------

export interface PublicListPage {
  letters: PublicLetter[];
  total: number;
  page: number;
  size: number;
  filters: { q?: string; department?: string; type?: string; month?: string };
  departments: Department[];
  timeZone: string;
}

export function publicListPage(p: PublicListPage) {
  const f = p.filters;
  const query = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();
  return frame(
    t('letters.title'),
    '/letters',
    html`<p class="lead">${t('letters.public.lead')}</p>
<p><a class="button" href="/letters/new">${t('letters.nav.write')}</a> <a class="button secondary" href="/letters/track">${t('letters.nav.track')}</a></p>
<div class="list-layout"><div class="list-main">
<p role="status">${t('letters.public.count', { n: p.total })}</p>
${
  p.letters.length
    ? html`<ul class="letter-list">${p.letters.map(
        (l) => html`<li><h2><a href="/letters/${l.trackingCode}">${l.title}</a></h2>
<p class="meta"><span class="tag">${typeLabel(l.type)}</span> ${l.department} · ${t('letters.public.received', { date: day(l.receivedAt, p.timeZone) })} · ${t('letters.public.replied', { date: day(l.repliedAt, p.timeZone) })}</p>
<p>${l.body.slice(0, 120)}${l.body.length > 120 ? '…' : ''}</p></li>`,
      )}</ul>`
    : html`<p>${t('letters.public.none')}</p>`
}
${pager(`/letters${query ? `?${query}` : ''}`, p.page, p.size, p.total)}
</div>
<aside class="list-filters" aria-label="${t('letters.public.filter')}">${filterFold(html`<form method="get" action="/letters" class="filter-form" role="search" aria-label="${t('letters.public.filter')}">
${input({ name: 'q', label: t('letters.public.q'), value: f.q, type: 'search' })}
${select({ name: 'department', label: t('letters.department'), value: f.department, options: [{ value: '', label: t('letters.public.all') }, ...p.departments.map((d) => ({ value: String(d.id), label: d.name }))] })}
${select({ name: 'type', label: t('letters.field.type'), value: f.type, options: [{ value: '', label: t('letters.public.all') }, ...TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))] })}
${input({ name: 'month', label: t('letters.public.month'), value: f.month, hint: t('letters.public.monthHint') })}
<button type="submit" class="primary">${t('letters.public.apply')}</button>
</form>`, { active: Object.values(f).filter(Boolean).length, open: !!query })}</aside>
</div>`,
  );
}

export function publicLetterPage(l: PublicLetter, timeZone: string) {
  // a published letter with its reply is an article of the 互动交流 column: dated by its reply
  const replied = l.replies.at(-1);
  const meta: PageMeta = {
    columnName: t('letters.title'),
    columnType: t('meta.type.interaction'),
    article: {
      title: l.title,
      pubDate: new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(replied?.publishedAt ?? l.receivedAt),
      contentSource: l.department,
      keywords: [typeLabel(l.type), l.department],
      author: l.department,
      description: l.title,
    },
  };
  return frame(
    l.title,
    '/letters',
    html`<dl class="facts">
<dt>${t('letters.trackingCode')}</dt><dd>${l.trackingCode}</dd>
<dt>${t('letters.field.type')}</dt><dd>${typeLabel(l.type)}</dd>
${l.writer ? html`<dt>${t('letters.writer')}</dt><dd>${l.writer}</dd>` : ''}
<dt>${t('letters.receivedAt')}</dt><dd>${day(l.receivedAt, timeZone)}</dd>
<dt>${t('letters.department')}</dt><dd>${l.department}</dd>
${l.rating ? html`<dt>${t('letters.rating')}</dt><dd>${t(`letters.rating.${l.rating}` as MessageKey)}</dd>` : ''}
</dl>
<section class="card"><h2>${t('letters.public.letter')}</h2>${paragraphs(l.body)}</section>
${l.replies.map((r) => html`<section class="card reply"><h2>${t('letters.case.reply', { department: l.department })}</h2>${paragraphs(r.body)}<p class="meta">${day(r.publishedAt, timeZone)}</p></section>`)}
<p class="hint">${t('letters.public.masked')}</p>`,
    undefined,
    meta,
  );
}

// ---- statistics ------------------------------------------------------------------------------------

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

const chart = (name: string, year: number, alt: string, w: number, h: number, narrowH: number) =>
  html`<figure class="chart"><picture><source media="(max-width: 599px)" srcset="/letters/stats/${name}?year=${year}&amp;size=narrow" width="360" height="${narrowH}"><img src="/letters/stats/${name}?year=${year}" alt="${alt}" width="${w}" height="${h}"></picture><figcaption>${alt}${t('letters.stats.sameAsTable')}</figcaption></figure>`;

export function statsPage(s: { year: number; years: number[]; rows: StatRow[]; totals: StatRow[] }) {
  return frame(
    t('letters.stats.title'),
    '/letters/stats',
    html`<form method="get" action="/letters/stats" class="filter-bar">${select({ name: 'year', label: t('letters.stats.year'), value: String(s.year), options: s.years.map((y) => ({ value: String(y), label: String(y) })) })}<button type="submit" class="primary">${t('letters.public.apply')}</button></form>
<p class="lead">${t('letters.stats.lead')}</p>
<p class="hint">${t('letters.stats.replyRateNote')}</p>
${chart('monthly.svg', s.year, t('letters.stats.chartMonthly'), 720, 320, 300)}
<h2>${t('letters.stats.byDepartment')}</h2>
${statTable(s.totals, 'department', t('letters.stats.byDepartment'))}
${chart('departments.svg', s.year, t('letters.stats.chartDepartments'), 720, 420, 80 + Math.min(8, s.totals.length) * 44)}
<details class="card stats-by-month"><summary><h2>${t('letters.stats.byMonth')}</h2></summary>
${statTable(s.rows, 'both', t('letters.stats.byMonth'))}
</details>`,
  );
}

function statTable(rows: StatRow[], show: 'department' | 'both', label: string) {
  if (!rows.length) return html`<p>${t('letters.stats.none')}</p>`;
  return scrollTable(
    t('ui.tableScroll', { label }),
    html`<table class="table stats-table"><thead><tr>
${show === 'both' ? html`<th scope="col">${t('letters.stats.month')}</th>` : ''}<th scope="col">${t('letters.department')}</th><th scope="col" class="num">${t('letters.stats.received')}</th><th scope="col" class="num">${t('letters.stats.due')}</th><th scope="col" class="num">${t('letters.stats.replied')}</th><th scope="col" class="num">${t('letters.stats.replyRate')}</th><th scope="col" class="num">${t('letters.stats.onTimeRate')}</th><th scope="col" class="num">${t('letters.stats.averageDaysShort')}</th><th scope="col" class="num">${t('letters.stats.satisfaction')}</th></tr></thead>
<tbody>${rows.map(
      (r) => html`<tr>${show === 'both' ? html`<td>${r.month}</td>` : ''}<th scope="row" class="dept">${r.department}</th><td class="num">${r.received}</td><td class="num">${r.due}</td><td class="num">${r.replied}</td><td class="num">${pct(r.replyRate)}</td><td class="num">${pct(r.replied ? r.onTimeRate : null)}</td><td class="num">${r.replied ? r.averageDays.toFixed(1) : '—'}</td><td class="num">${pct(r.satisfaction)}</td></tr>`,
    )}</tbody></table>`,
  );
}
