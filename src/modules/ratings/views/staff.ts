/** The back office of 整改: the department's queue of bad ratings (overdue in red, and said in words), one case and its close form. */
import type { Principal } from '../../../lib/principal.js';
import { adminLayout, formatTime } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, input, notice, select } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { pager } from '../../../web/paging.js';
import { CALLBACK_METHODS, CALLBACK_RESULTS, LIMITS } from '../model.js';
import type { QueueFilter } from '../operations/rectify.js';
import type { StaffRectification } from '../present.js';

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
}

const TITLE = () => t('ratings.staff.title');

function dueCell(r: StaffRectification, timeZone: string): Renderable {
  return html`<span class="${r.overdue ? 'overdue' : ''}">${formatTime(r.dueAt, timeZone)}${r.overdue ? html` <strong class="flag-overdue">${t('ratings.staff.overdue')}</strong>` : ''}${r.closedLate ? html` <small>${t('ratings.staff.late')}</small>` : ''}</span>`;
}

export function queuePage(c: Common & { filter: QueueFilter; rows: StaffRectification[]; total: number; page: number; size: number; counts: { open: number; overdue: number } }) {
  const filters: QueueFilter[] = ['open', 'overdue', 'closed', 'all'];
  return adminLayout(
    { title: TITLE(), principal: c.principal, csrf: c.csrf, current: '/admin/rectifications', crumbs: [{ label: TITLE() }] },
    html`<p class="lead">${t('ratings.staff.lead')}</p>
${c.counts.overdue ? html`<p class="alert-overdue" role="status">${t('ratings.staff.overdueCount', { n: c.counts.overdue })}</p>` : ''}
<nav class="tabs" aria-label="${t('ratings.staff.filterLabel')}"><ul>${filters.map(
      (f) => html`<li><a href="/admin/rectifications?status=${f}"${f === c.filter ? html` aria-current="page"` : ''}>${t(`ratings.staff.filter.${f}` as MessageKey)}${f === 'open' ? `（${c.counts.open}）` : f === 'overdue' ? `（${c.counts.overdue}）` : ''}</a></li>`,
    )}</ul></nav>
${
  c.rows.length
    ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${TITLE()}</caption>
<thead><tr><th scope="col">${t('ratings.staff.subject')}</th><th scope="col">${t('ratings.staff.level')}</th><th scope="col">${t('ratings.staff.department')}</th><th scope="col">${t('ratings.staff.opened')}</th><th scope="col">${t('ratings.staff.due')}</th><th scope="col">${t('ratings.staff.status')}</th></tr></thead>
<tbody>${c.rows.map(
        (r) => html`<tr class="${r.overdue ? 'row-overdue' : ''}"><td><a href="/admin/rectifications/${r.id}">${r.subject.title}</a></td><td>${r.subject.levelLabel}</td><td>${r.department}</td><td>${formatTime(r.openedAt, c.timeZone)}</td><td>${dueCell(r, c.timeZone)}</td><td>${r.statusLabel}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('ratings.staff.none')}</p>`
}
${pager(`/admin/rectifications?status=${c.filter}`, c.page, c.size, c.total)}`,
  );
}

export interface CasePage extends Common {
  r: StaffRectification;
  error?: { message: string };
  posted?: Record<string, string>;
}

export function casePage(c: CasePage) {
  const r = c.r;
  const s = r.subject;
  const p = c.posted ?? {};
  const title = t('ratings.staff.case', { ref: s.subjectRef });
  const closeForm =
    r.status === 'open'
      ? html`<form method="post" action="/admin/rectifications/${r.id}/close" class="card">${csrfField(c.csrf)}
<input type="hidden" name="version" value="${r.version}">
<h2>${t('ratings.staff.close')}</h2>
${input({ name: 'measures', label: t('ratings.staff.measures'), rows: 5, required: true, maxlength: LIMITS.measuresMax, value: p.measures })}
${input({ name: 'callbackDate', label: t('ratings.staff.callbackDate'), hint: t('ratings.staff.callbackDateHint'), type: 'date', required: true, value: p.callbackDate })}
${select({ name: 'callbackMethod', label: t('ratings.staff.callbackMethod'), value: p.callbackMethod, options: CALLBACK_METHODS.map((m) => ({ value: m, label: t(`ratings.callback.method.${m}` as MessageKey) })) })}
${select({ name: 'callbackResult', label: t('ratings.staff.callbackResult'), value: p.callbackResult, options: CALLBACK_RESULTS.map((m) => ({ value: m, label: t(`ratings.callback.result.${m}` as MessageKey) })) })}
${input({ name: 'callbackNote', label: t('ratings.staff.callbackNote'), hint: t('ratings.staff.callbackNoteHint'), rows: 3, required: true, maxlength: LIMITS.callbackNoteMax, value: p.callbackNote })}
<button type="submit" class="primary">${t('ratings.staff.closeSubmit')}</button></form>`
      : html`<section class="card"><h2>${t('ratings.staff.closed')}</h2>
<p>${t('ratings.staff.closedBy', { name: r.closedByName ?? '', at: formatTime(r.closedAt, c.timeZone) })}</p>
<h3>${t('ratings.staff.measures')}</h3><p>${r.measures ?? ''}</p>
${r.callback ? html`<h3>${t('ratings.staff.callback')}</h3><dl class="facts"><dt>${t('ratings.staff.callbackDate')}</dt><dd>${r.callback.date}</dd><dt>${t('ratings.staff.callbackMethod')}</dt><dd>${r.callback.method}</dd><dt>${t('ratings.staff.callbackResult')}</dt><dd>${r.callback.result}</dd><dt>${t('ratings.staff.callbackNote')}</dt><dd>${r.callback.note}</dd></dl>` : ''}
</section>`;
  return adminLayout(
    { title, principal: c.principal, csrf: c.csrf, current: '/admin/rectifications', crumbs: [{ label: TITLE(), href: '/admin/rectifications' }, { label: title }] },
    html`${notice(c.flash)}${errorSummary(c.error?.message)}
<dl class="facts">
<dt>${t('ratings.staff.subject')}</dt><dd>${s.title}</dd>
<dt>${t('ratings.staff.department')}</dt><dd>${r.department}</dd>
<dt>${t('ratings.staff.level')}</dt><dd>${s.levelLabel}</dd>
<dt>${t('ratings.staff.opened')}</dt><dd>${formatTime(r.openedAt, c.timeZone)}</dd>
<dt>${t('ratings.staff.due')}</dt><dd>${dueCell(r, c.timeZone)}</dd>
<dt>${t('ratings.staff.status')}</dt><dd>${r.statusLabel}</dd>
${s.reasons.length ? html`<dt>${t('ratings.staff.reasons')}</dt><dd><ul>${s.reasons.map((x) => html`<li>${x}</li>`)}</ul></dd>` : ''}
${s.comment ? html`<dt>${t('ratings.staff.comment')}</dt><dd>${s.comment}</dd>` : ''}
${s.followUp ? html`<dt>${t('ratings.staff.followUp')}</dt><dd>${s.followUp}</dd>` : ''}
</dl>
${closeForm}`,
  );
}
