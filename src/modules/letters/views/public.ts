/** The citizen's side of letters: writing, the receipt, following a case, and the public letters page. */
import { csrfField, errorSummary, input, notice, select } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { type MessageKey, t } from '../../../web/i18n/index.js';
import { layout } from '../../../web/layout.js';
import { pager } from '../../../web/paging.js';
import { ANONYMOUS_CHANNELS, CHANNEL_TYPES, CHANNELS, LIMITS, type LetterChannel, RATINGS, TYPES } from '../model.js';
import type { LetterService } from '../service.js';

type Service = LetterService;
export type WriterView = Awaited<ReturnType<Service['track']>>;
export type PublicLetter = Awaited<ReturnType<Service['publicLetter']>>;
export type StatRow = Awaited<ReturnType<Service['statistics']>>[number];
export type Department = { id: number; name: string; slug: string };

const day = (d: Date | null | undefined, timeZone: string) => (d ? new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long' }).format(d) : '');
const moment = (d: Date | null | undefined, timeZone: string) =>
  d ? new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d) : '';
export const typeLabel = (type: string) => t(`letters.type.${type}` as MessageKey);
export const channelLabel = (channel: string) => t(`letters.channel.${channel}` as MessageKey);
export const statusLabel = (status: string) => t(`letters.status.${status}` as MessageKey);
export const eventLabel = (kind: string, note: string | null) => t(`letters.event.${kind}` as MessageKey, { note: note ?? '' });
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

function frame(title: string, current: string, body: Renderable, scripts?: string[]) {
  return layout(
    { title, crumbs: [{ label: t('letters.title'), href: '/letters' }, { label: title }], scripts },
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
  error?: { message: string; problems: string[] };
  notice?: string;
  similar?: { kind: string; title: string; url: string; snippet: string }[];
}

export function writePage(f: WriteForm): string {
  const v = f.values;
  const channel = (CHANNELS as readonly string[]).includes(v.channel ?? '') ? (v.channel as LetterChannel) : 'mayor';
  const types = CHANNEL_TYPES[channel];
  const anonymousAllowed = ANONYMOUS_CHANNELS.includes(channel);
  return frame(
    t('letters.write.title'),
    '/letters/new',
    html`${errorSummary(f.error?.message, f.error?.problems)}${notice(f.notice)}
<p class="lead">${t('letters.write.lead')}</p>
<form method="get" action="/letters/new" class="channel-pick">
<fieldset><legend>${t('letters.write.pickChannel')}</legend>
<ul class="channel-list">${CHANNELS.map(
      (c) => html`<li><label class="check"><input type="radio" name="channel" value="${c}"${c === channel ? html` checked` : ''}> <strong>${channelLabel(c)}</strong> <small class="hint">${t(`letters.channelHint.${c}` as MessageKey)}</small></label></li>`,
    )}</ul>
<button type="submit" class="secondary">${t('letters.write.switchChannel')}</button></fieldset></form>
<form method="post" action="/letters/new?_csrf=${f.csrf}" enctype="multipart/form-data" class="letter-form" novalidate>
${csrfField(f.csrf)}
<input type="hidden" name="formKey" value="${f.formKey}">
<input type="hidden" name="channel" value="${channel}">
<h2>${t('letters.write.to', { channel: channelLabel(channel) })}</h2>
${
  channel === 'department'
    ? select({
        name: 'departmentId',
        label: t('letters.field.department'),
        value: v.departmentId,
        options: [{ value: '', label: t('letters.write.pickDepartment') }, ...f.departments.map((d) => ({ value: String(d.id), label: d.name }))],
      })
    : ''
}
${select({ name: 'type', label: t('letters.field.type'), value: v.type ?? types[0], options: types.map((ty) => ({ value: ty, label: typeLabel(ty) })) })}
${input({ name: 'title', label: t('letters.field.title'), value: v.title, required: true, maxlength: LIMITS.titleMax, hint: t('letters.write.titleHint', { min: LIMITS.titleMin, max: LIMITS.titleMax }) })}
<div class="similar-box" data-similar-title="${t('letters.write.similarTitle')}" aria-live="polite">
<button type="submit" class="secondary" formaction="/letters/new/similar?_csrf=${f.csrf}" formnovalidate>${t('letters.write.findSimilar')}</button>
${similarList(f.similar)}
</div>
${input({ name: 'body', label: t('letters.field.body'), value: v.body, required: true, rows: 8, maxlength: LIMITS.bodyMax, hint: t('letters.write.bodyHint', { max: LIMITS.bodyMax }) })}
${input({ name: 'address', label: t('letters.field.address'), value: v.address, maxlength: LIMITS.addressMax, hint: t('letters.write.addressHint') })}
<div class="field"><label for="f-attachments">${t('letters.field.attachments')}</label>
<p class="hint" id="f-attachments-hint">${t('letters.write.attachmentsHint', { n: LIMITS.attachments, mb: LIMITS.attachmentBytes / 1048576 })}</p>
<input id="f-attachments" type="file" name="attachments" multiple accept="image/jpeg,image/png,image/gif,image/webp,application/pdf" aria-describedby="f-attachments-hint"></div>
${
  channel === 'discipline' || channel === 'supervision'
    ? html`<p class="hint">${t('letters.write.confidential')}</p>`
    : html`<label class="check"><input type="checkbox" name="isPublic" value="1"${v.isPublic === '1' ? html` checked` : ''}> ${t('letters.write.public')}</label>`
}
<fieldset class="field"><legend>${t('letters.write.aboutYou')}</legend>
${anonymousAllowed ? html`<label class="check"><input type="checkbox" name="anonymous" value="1"${v.anonymous === '1' ? html` checked` : ''}> ${t('letters.write.anonymous')}</label>` : ''}
${f.signedIn ? html`<p class="hint">${t('letters.write.signedIn', { name: f.signedIn.name })}</p>` : html`<p class="hint">${t('letters.write.notSignedIn')} <a href="/login?next=/letters/new">${t('letters.write.signIn')}</a></p>`}
${input({ name: 'name', label: t('letters.field.name'), value: v.name ?? f.signedIn?.name, maxlength: LIMITS.nameMax, autocomplete: 'name' })}
${input({ name: 'phone', label: t('letters.field.phone'), value: v.phone ?? '', type: 'tel', inputmode: 'tel', autocomplete: 'tel', hint: f.signedIn?.phone ? t('letters.write.accountPhoneHint', { phone: f.signedIn.phone }) : t('letters.write.phoneHint') })}
<div class="code-row">${input({ name: 'code', label: t('letters.field.code'), value: '', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, hint: f.signedIn?.phone ? t('letters.write.codeHintSignedIn') : t('letters.write.codeHint') })}
<button type="submit" class="secondary" formaction="/letters/new/code?_csrf=${f.csrf}" formnovalidate>${t('letters.write.sendCode')}</button></div>
${input({ name: 'email', label: t('letters.field.email'), value: v.email, type: 'email', autocomplete: 'email', hint: t('letters.write.emailHint') })}
</fieldset>
<p class="hint">${t('letters.write.promise')}</p>
<button type="submit" class="primary">${t('letters.write.submit')}</button>
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
<form method="get" action="/letters" class="filters" role="search" aria-label="${t('letters.public.filter')}">
${input({ name: 'q', label: t('letters.public.q'), value: f.q, type: 'search' })}
${select({ name: 'department', label: t('letters.department'), value: f.department, options: [{ value: '', label: t('letters.public.all') }, ...p.departments.map((d) => ({ value: String(d.id), label: d.name }))] })}
${select({ name: 'type', label: t('letters.field.type'), value: f.type, options: [{ value: '', label: t('letters.public.all') }, ...TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))] })}
${input({ name: 'month', label: t('letters.public.month'), value: f.month, hint: t('letters.public.monthHint') })}
<button type="submit" class="primary">${t('letters.public.apply')}</button>
</form>
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
${pager(`/letters${query ? `?${query}` : ''}`, p.page, p.size, p.total)}`,
  );
}

export function publicLetterPage(l: PublicLetter, timeZone: string) {
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
  );
}

// ---- statistics ------------------------------------------------------------------------------------

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function statsPage(s: { year: number; years: number[]; rows: StatRow[]; totals: StatRow[] }) {
  return frame(
    t('letters.stats.title'),
    '/letters/stats',
    html`<form method="get" action="/letters/stats" class="filters">${select({ name: 'year', label: t('letters.stats.year'), value: String(s.year), options: s.years.map((y) => ({ value: String(y), label: String(y) })) })}<button type="submit" class="primary">${t('letters.public.apply')}</button></form>
<p class="lead">${t('letters.stats.lead')}</p>
<figure class="chart"><img src="/letters/stats/monthly.svg?year=${s.year}" alt="${t('letters.stats.chartMonthly')}" width="720" height="320"><figcaption>${t('letters.stats.chartMonthly')}</figcaption></figure>
<h2>${t('letters.stats.byDepartment')}</h2>
${statTable(s.totals, 'department')}
<figure class="chart"><img src="/letters/stats/departments.svg?year=${s.year}" alt="${t('letters.stats.chartDepartments')}" width="720" height="420"><figcaption>${t('letters.stats.chartDepartments')}</figcaption></figure>
<h2>${t('letters.stats.byMonth')}</h2>
${statTable(s.rows, 'both')}`,
  );
}

function statTable(rows: StatRow[], show: 'department' | 'both') {
  if (!rows.length) return html`<p>${t('letters.stats.none')}</p>`;
  return html`<div class="table-wrap"><table class="data"><thead><tr>
${show === 'both' ? html`<th scope="col">${t('letters.stats.month')}</th>` : ''}<th scope="col">${t('letters.department')}</th><th scope="col">${t('letters.stats.received')}</th><th scope="col">${t('letters.stats.replied')}</th><th scope="col">${t('letters.stats.replyRate')}</th><th scope="col">${t('letters.stats.onTimeRate')}</th><th scope="col">${t('letters.stats.averageDays')}</th><th scope="col">${t('letters.stats.satisfaction')}</th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr>${show === 'both' ? html`<td>${r.month}</td>` : ''}<th scope="row">${r.department}</th><td>${r.received}</td><td>${r.replied}</td><td>${pct(r.replyRate)}</td><td>${pct(r.replied ? r.onTimeRate : null)}</td><td>${r.replied ? r.averageDays.toFixed(1) : '—'}</td><td>${pct(r.satisfaction)}</td></tr>`,
  )}</tbody></table></div>`;
}
