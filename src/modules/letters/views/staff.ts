/** The back office of letters: the queue (or the dispatch desk), one case with its actions, the dispatch rules. */
import type { Principal } from '../../../lib/principal.js';
import { type AdminPage, adminLayout, formatTime } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, input, notice, select } from '../../../web/forms.js';
import { filterFold } from '../../../web/components.js';
import { html, type Renderable } from '../../../web/html.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { pager } from '../../../web/paging.js';
import { choiceList } from '../../../web/choice-list.js';
import { CHANNELS, LIMITS, TYPES } from '../model.js';
import type { queueAbilities } from '../policy.js';
import type { StaffCase } from '../present.js';
import type { LetterService } from '../service.js';
import { channelLabel, type Department, eventLabel, statusLabel, typeLabel } from './public.js';

type Service = LetterService;
type Summary = Awaited<ReturnType<Service['list']>>['letters'][number];
export type { StaffCase } from '../present.js';
type Rule = Awaited<ReturnType<Service['listRules']>>[number];

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
  error?: { message: string; problems?: string[] };
}

const page = (c: Common, title: string, current: string, crumbs: AdminPage['crumbs']) => ({ title, principal: c.principal, csrf: c.csrf, current, crumbs });
const paragraphs = (text: string) => text.split(/\n+/).map((p) => html`<p>${p}</p>`);

/** Overdue cases are red in every list — and say so in words, not by colour alone. */
export function dueCell(l: { dueAt: Date; overdue: boolean; supervised: boolean }, timeZone: string): Renderable {
  return html`<span class="${l.overdue ? 'overdue' : ''}">${formatTime(l.dueAt, timeZone)}${l.overdue ? html` <strong class="flag-overdue">${t('letters.staff.overdue')}</strong>` : ''}${l.supervised ? html` <strong class="flag-supervised">${t('letters.staff.supervised')}</strong>` : ''}</span>`;
}

export const QUEUE_FILTERS = {
  dispatching: ['dispatching'],
  open: ['handling', 'reviewing'],
  handling: ['handling'],
  reviewing: ['reviewing'],
  replied: ['replied'],
  closed: ['closed', 'merged'],
  all: [],
} as const;
export type QueueFilter = keyof typeof QUEUE_FILTERS;

export function queuePage(
  c: Common & {
    letters: Summary[];
    total: number;
    page: number;
    size: number;
    filter: QueueFilter;
    type: string;
    overdue: boolean;
    /** only open cases due within the reminder window */
    dueSoon?: boolean;
    q: string;
    counts: { status: string; n: number; overdue: number }[];
    /** what the queue offers this person (policy.ts) */
    offers: ReturnType<typeof queueAbilities>;
  },
) {
  const overdueTotal = c.counts.reduce((n, r) => n + r.overdue, 0);
  const tabs = (Object.keys(QUEUE_FILTERS) as QueueFilter[]).filter((f) => f !== 'dispatching' || c.offers.dispatchDesk);
  const params = new URLSearchParams({ status: c.filter, ...(c.type ? { type: c.type } : {}), ...(c.overdue ? { overdue: '1' } : {}), ...(c.dueSoon ? { due: 'soon' } : {}), ...(c.q ? { q: c.q } : {}) });
  return adminLayout(
    page(c, t('letters.staff.queue'), '/admin/letters', [{ label: t('letters.staff.queue') }]),
    html`${notice(c.flash)}
${overdueTotal ? html`<p class="alert-overdue" role="status">${t('letters.staff.overdueCount', { n: overdueTotal })} <a href="/admin/letters?status=all&amp;overdue=1">${t('letters.staff.showOverdue')}</a></p>` : ''}
<nav class="tabs" aria-label="${t('letters.staff.tabs')}"><ul>${tabs.map((f) => {
      const n = c.counts.filter((r) => (QUEUE_FILTERS[f] as readonly string[]).includes(r.status)).reduce((s, r) => s + r.n, 0);
      return html`<li><a href="/admin/letters?status=${f}"${f === c.filter ? html` aria-current="page"` : ''}>${t(`letters.staff.tab.${f}` as MessageKey)}${f !== 'all' ? html` (${n})` : ''}</a></li>`;
    })}</ul></nav>
<div class="list-layout"><div class="list-main">
${
  c.letters.length
    ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${t('letters.staff.queue')}"><table class="table"><caption class="visually-hidden">${t('letters.staff.queue')}</caption>
<thead><tr><th scope="col">${t('letters.trackingCode')}</th><th scope="col">${t('letters.field.title')}</th><th scope="col">${t('letters.field.type')}</th><th scope="col">${t('letters.status')}</th><th scope="col">${t('letters.department')}</th><th scope="col">${t('letters.receivedAt')}</th><th scope="col">${t('letters.staff.deadline')}</th></tr></thead>
<tbody>${c.letters.map(
        (l) => html`<tr class="${l.overdue ? 'row-overdue' : ''}"><td class="code">${l.trackingCode}</td><td class="title"><a href="/admin/letters/${l.id}">${l.title}</a>${l.reopenCount ? html` <span class="tag">${t('letters.staff.reopened')}</span>` : ''}${l.extensionStatus === 'requested' ? html` <span class="tag">${t('letters.staff.extensionPending')}</span>` : ''}</td><td>${typeLabel(l.type)}<br><small>${channelLabel(l.channel)}</small></td><td>${statusLabel(l.status)}</td><td>${l.departmentName ?? '—'}</td><td>${formatTime(l.receivedAt, c.timeZone)}</td><td>${dueCell(l, c.timeZone)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('letters.staff.empty')}</p>`
}
${pager(`/admin/letters?${params}`, c.page, c.size, c.total)}
</div>
<aside class="list-filters" aria-label="${t('ui.filter')}">${filterFold(html`<form method="get" action="/admin/letters" class="filter-form">
<input type="hidden" name="status" value="${c.filter}">
${input({ name: 'q', label: t('letters.staff.search'), value: c.q, type: 'search' })}
${select({ name: 'type', label: t('letters.field.type'), value: c.type, options: [{ value: '', label: t('letters.public.all') }, ...TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))] })}
<label class="check"><input type="checkbox" name="overdue" value="1"${c.overdue ? html` checked` : ''}> ${t('letters.staff.onlyOverdue')}</label>
<label class="check"><input type="checkbox" name="due" value="soon"${c.dueSoon ? html` checked` : ''}> ${t('letters.staff.onlyDueSoon')}</label>
<button type="submit" class="primary">${t('letters.public.apply')}</button>
</form>`, { active: [c.q, c.type, c.overdue, c.dueSoon].filter(Boolean).length, open: !!(c.q || c.type || c.overdue || c.dueSoon) })}</aside>
</div>
${c.offers.rules ? html`<p><a href="/admin/letters/rules">${t('letters.rules.title')}</a></p>` : ''}`,
  );
}

export function casePage(c: Common & { letter: StaffCase; departments: Department[]; posted?: Record<string, string> }) {
  const l = c.letter;
  const version = html`<input type="hidden" name="version" value="${l.version}">`;
  const form = (action: string, body: Renderable, cls = '') => html`<form method="post" action="/admin/letters/${l.id}/${action}" class="${cls}">${csrfField(c.csrf)}${version}${body}</form>`;
  // what may be done here is the letters policy's answer (policy.ts caseActions), sent with the case
  const may = l.actions;
  const current = l.replies.filter((r) => r.status !== 'published').at(-1);
  const deptOptions = c.departments.map((d) => ({ value: String(d.id), label: d.name }));
  // a refused form comes back with what was typed
  const typed = (name: string) => c.posted?.[name] || undefined;
  return adminLayout(
    page(c, l.title, '/admin/letters', [{ label: t('letters.staff.queue'), href: '/admin/letters' }, { label: l.trackingCode }]),
    html`${notice(c.flash)}${errorSummary(c.error?.message, c.error?.problems)}
<dl class="facts">
<dt>${t('letters.trackingCode')}</dt><dd>${l.trackingCode}</dd>
<dt>${t('letters.field.channel')}</dt><dd>${channelLabel(l.channel)} · ${typeLabel(l.type)} · ${t(`letters.source.${l.source}` as MessageKey)}</dd>
<dt>${t('letters.status')}</dt><dd>${statusLabel(l.status)}${l.mergedInto ? html` → ${l.mergedInto}` : ''}</dd>
<dt>${t('letters.staff.deadline')}</dt><dd>${dueCell(l, c.timeZone)}${l.extensionStatus ? html` <span class="tag">${t(`letters.staff.extension.${l.extensionStatus}` as MessageKey)}</span>` : ''}</dd>
<dt>${t('letters.receivedAt')}</dt><dd>${formatTime(l.receivedAt, c.timeZone)}</dd>
<dt>${t('letters.writer')}</dt><dd>${l.contentWithheld ? '—' : l.anonymous ? t('letters.staff.anonymous') : html`${l.name ?? ''} ${l.phone ?? ''} ${l.email ?? ''}`}</dd>
${l.address ? html`<dt>${t('letters.field.address')}</dt><dd>${l.address}${l.lat !== null ? html` (${l.lat}, ${l.lng})` : ''}</dd>` : ''}
<dt>${t('letters.field.isPublic')}</dt><dd>${l.isPublic ? t('letters.public.yes') : t('letters.public.no')}</dd>
<dt>${t('letters.staff.departments')}</dt><dd>${l.departments.length ? l.departments.map((d) => html`${d.name}（${t(`letters.staff.role.${d.role}` as MessageKey)}）${d.opinion ? html`：${d.opinion}` : ''} `) : '—'}</dd>
</dl>
<section class="card"><h2>${t('letters.public.letter')}</h2>${l.contentWithheld ? html`<p class="notice">${t('letters.confidential.notice')}</p>` : paragraphs(l.body)}
${l.attachments.length ? html`<h3>${t('letters.field.attachments')}</h3><ul>${l.attachments.map((a) => html`<li><a href="/admin/letters/${l.id}/attachments/${a.id}">${a.filename}</a> <small>${Math.ceil(a.size / 1024)} KB</small></li>`)}</ul>` : ''}
</section>
${l.replies.map(
  (r) =>
    html`<section class="card reply"><h2>${t(`letters.staff.reply.${r.status}` as MessageKey)} · ${r.authorName}</h2>${paragraphs(r.body)}${r.returnReason ? html`<p class="field-error">${t('letters.staff.returnReason', { reason: r.returnReason })}</p>` : ''}</section>`,
)}
${
  may.assign
    ? html`<section class="card"><h2>${t('letters.staff.assign')}</h2>${form(
        'assign',
        html`${select({ name: 'lead', label: t('letters.staff.lead'), value: String(l.departmentId ?? ''), options: [{ value: '', label: t('letters.write.pickDepartment') }, ...deptOptions] })}
${choiceList({
  name: 'assists',
  legend: t('letters.staff.assistsPick'),
  options: deptOptions,
  values: l.departments.filter((x) => x.role === 'assist').map((x) => String(x.departmentId)),
})}
${input({ name: 'note', label: t('letters.staff.assignNote'), rows: 2, maxlength: LIMITS.noteMax })}
<button type="submit" class="primary">${t('letters.staff.assignSubmit')}</button>`,
      )}
${may.merge ? html`<h3>${t('letters.staff.merge')}</h3>` : ''}${may.merge ? form('merge', html`${input({ name: 'into', label: t('letters.staff.mergeInto'), value: typed('into'), maxlength: 20, hint: t('letters.staff.mergeHint') })}<button type="submit" class="secondary">${t('letters.staff.mergeSubmit')}</button>`) : ''}</section>`
    : ''
}
${
  may.reply
    ? html`<section class="card"><h2>${t('letters.staff.replyDraft')}</h2>
${l.templates.length ? html`<details><summary>${t('letters.staff.templates')}</summary><ul class="templates">${l.templates.map((tp) => html`<li><strong>${tp.title}</strong><pre class="template">${tp.body}</pre></li>`)}</ul></details>` : ''}
${form(
  'reply',
  html`${input({ name: 'body', label: t('letters.staff.replyBody'), rows: 10, value: typed('body') ?? current?.body ?? '', maxlength: LIMITS.replyMax, hint: t('letters.staff.replyHint') })}
<button type="submit" name="submit" value="0" class="secondary">${t('letters.staff.saveDraft')}</button> <button type="submit" name="submit" value="1" class="primary">${t('letters.staff.submitReply')}</button>`,
)}</section>`
    : ''
}
${
  may.review
    ? html`<section class="card"><h2>${t('letters.staff.review')}</h2>${form('review', html`<input type="hidden" name="approve" value="1"><button type="submit" class="primary">${t('letters.staff.approve')}</button>`)}
${form('review', html`<input type="hidden" name="approve" value="0">${input({ name: 'reason', label: t('letters.staff.returnReply'), value: typed('reason'), rows: 3, maxlength: LIMITS.noteMax })}<button type="submit" class="secondary">${t('letters.staff.returnReplySubmit')}</button>`)}</section>`
    : ''
}
${
  may.requestExtension
    ? html`<section class="card"><h2>${t('letters.staff.extend')}</h2>${form('extension', html`${input({ name: 'reason', label: t('letters.staff.extendReason'), value: typed('reason'), rows: 2, maxlength: LIMITS.noteMax })}<button type="submit" class="secondary">${t('letters.staff.extendSubmit')}</button>`)}</section>`
    : ''
}
${
  may.decideExtension
    ? html`<section class="card"><h2>${t('letters.staff.extensionDecide')}</h2>${form('extension/decide', html`<button type="submit" name="approve" value="1" class="primary">${t('letters.staff.extensionApprove')}</button> <button type="submit" name="approve" value="0" class="secondary">${t('letters.staff.extensionReject')}</button>`)}</section>`
    : ''
}
${
  may.giveBack
    ? html`<section class="card"><h2>${t('letters.staff.giveBack')}</h2>${form('return', html`${input({ name: 'reason', label: t('letters.staff.giveBackReason'), value: typed('reason'), rows: 2, maxlength: LIMITS.noteMax })}<button type="submit" class="secondary">${t('letters.staff.giveBackSubmit')}</button>`)}</section>`
    : ''
}
${may.note ? html`<section class="card"><h2>${may.opinion ? t('letters.staff.opinion') : t('letters.staff.note')}</h2>${form('note', html`${input({ name: 'note', label: may.opinion ? t('letters.staff.opinion') : t('letters.staff.note'), value: typed('note'), rows: 3, maxlength: LIMITS.noteMax })}<button type="submit" class="secondary">${t('letters.staff.noteSubmit')}</button>`)}</section>` : ''}
<section><h2>${t('letters.case.history')}</h2><ol class="timeline">${l.events.map(
      (e) => html`<li${e.internal ? html` class="internal"` : ''}><time>${formatTime(e.at, c.timeZone)}</time> ${e.actorName}：${eventLabel(e.kind, e.note)}${e.internal ? html` <span class="tag">${t('letters.staff.internal')}</span>` : ''}${e.note && !['received', 'assigned', 'rated', 'merged', 'merged_from', 'extended'].includes(e.kind) ? html`<br><small>${e.note}</small>` : ''}</li>`,
    )}</ol></section>`,
  );
}

export function rulesPage(c: Common & { rules: Rule[]; departments: Department[]; values?: Record<string, string> }) {
  const names = new Map(c.departments.map((d) => [d.id, d.name]));
  const v = c.values ?? {};
  return adminLayout(
    page(c, t('letters.rules.title'), '/admin/letters/rules', [{ label: t('letters.staff.queue'), href: '/admin/letters' }, { label: t('letters.rules.title') }]),
    html`${notice(c.flash)}${errorSummary(c.error?.message)}
<p>${t('letters.rules.lead')}</p>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t('letters.rules.title')}"><table class="table"><caption class="visually-hidden">${t('letters.rules.title')}</caption>
<thead><tr><th scope="col">${t('letters.rules.priority')}</th><th scope="col">${t('letters.rules.name')}</th><th scope="col">${t('letters.rules.conditions')}</th><th scope="col">${t('letters.department')}</th><th scope="col"><span class="visually-hidden">${t('letters.rules.actions')}</span></th></tr></thead>
<tbody>${c.rules.map(
      (r) => html`<tr><td>${r.priority}</td><td>${r.name}</td><td>${[
        r.channel ? channelLabel(r.channel) : '',
        r.type ? typeLabel(r.type) : '',
        r.keywords.length ? t('letters.rules.keywordsAny', { words: r.keywords.join('、') }) : '',
        r.areas.length ? t('letters.rules.areasAny', { words: r.areas.join('、') }) : '',
      ]
        .filter(Boolean)
        .join('；')}</td><td>${names.get(r.departmentId) ?? ''}</td><td><form method="post" action="/admin/letters/rules/${r.id}/delete" class="inline">${csrfField(c.csrf)}<button type="submit" class="link">${t('letters.rules.delete')}</button></form></td></tr>`,
    )}</tbody></table></div>
<section class="card"><h2>${t('letters.rules.add')}</h2>
<form method="post" action="/admin/letters/rules">${csrfField(c.csrf)}
${input({ name: 'name', label: t('letters.rules.name'), value: v.name, required: true, maxlength: 60 })}
${select({ name: 'channel', label: t('letters.field.channel'), value: v.channel, options: [{ value: '', label: t('letters.rules.any') }, ...CHANNELS.map((ch) => ({ value: ch, label: channelLabel(ch) }))] })}
${select({ name: 'type', label: t('letters.field.type'), value: v.type, options: [{ value: '', label: t('letters.rules.any') }, ...TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))] })}
${input({ name: 'keywords', label: t('letters.rules.keywords'), value: v.keywords, hint: t('letters.rules.wordsHint') })}
${input({ name: 'areas', label: t('letters.rules.areas'), value: v.areas, hint: t('letters.rules.wordsHint') })}
${select({ name: 'departmentId', label: t('letters.department'), value: v.departmentId, options: [{ value: '', label: t('letters.write.pickDepartment') }, ...c.departments.map((d) => ({ value: String(d.id), label: d.name }))] })}
${input({ name: 'priority', label: t('letters.rules.priority'), value: v.priority ?? '100', inputmode: 'numeric', hint: t('letters.rules.priorityHint') })}
<button type="submit" class="primary">${t('letters.rules.addSubmit')}</button>
</form></section>`,
  );
}
