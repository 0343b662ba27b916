/**
 * The hall's day on screens: the citizen's ticket on the phone, the kiosk (取号机), and the
 * display board (叫号屏). Each works as a page one refreshes; with JavaScript it follows the
 * hall live (Server-Sent Events, /static/appointments.js).
 */
import { t } from '../../../lib/i18n/index.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, input, notice, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import type { DirectoryHall } from '../faces.js';
import type { HallBoard, TicketView } from '../operations/queue.js';
import { hallUrl, ticketStatusLabel, ticketUrl } from '../present.js';
import type { QueueRow } from '../repo.js';
import type { PageBase } from './public.js';

const crumbs = (hall: DirectoryHall, label: string) => [
  { label: t('appt.halls.title'), href: '/appointments' },
  { label: hall.name, href: hallUrl(hall.slug) },
  { label },
];

/** What the phone shows of a ticket; the same fields the live stream updates. */
export function ticketLine(v: TicketView) {
  const s = v.ticket.status;
  if (s === 'called' || s === 'serving') return v.window !== null ? t('appt.ticket.goTo', { window: v.window }) : ticketStatusLabel(s);
  if (s === 'waiting' && v.position !== undefined) return v.position <= 1 ? t('appt.ticket.next') : t('appt.ticket.position', { n: v.position - 1 });
  return ticketStatusLabel(s);
}
export const expectedLine = (v: TicketView) => (v.ticket.status === 'waiting' && v.expectedMinutes !== undefined ? t('appt.ticket.expected', { minutes: v.expectedMinutes }) : '');

export function ticketPage(o: PageBase & { view: TicketView }): string {
  const v = o.view;
  const title = t('appt.ticket.title', { number: v.ticket.label });
  return layout(
    { title, crumbs: crumbs(v.hall, v.ticket.label), scripts: ['appointments.js'], headerSearch: false },
    html`<h1>${title}</h1>${notice(o.notice)}
<div class="card appt-ticket" data-live="${ticketUrl(v.ticket.token)}/events" data-kind="ticket">
<p>${t('appt.ticket.number')}</p><p class="appt-number">${v.ticket.label}</p>
<p class="appt-line" data-field="line" aria-live="polite">${ticketLine(v)}</p>
<p class="hint" data-field="expected">${expectedLine(v)}</p>
<dl class="facts"><dt>${t('appt.ticket.queue')}</dt><dd>${v.queue ? `${v.queue.prefix} ${v.queue.name}` : ''}</dd>
${v.ticket.priorityGroup ? html`<dt>${t('appt.ticket.priority')}</dt><dd>✓</dd>` : ''}
<dt>${t('appt.booking.where')}</dt><dd>${v.hall.name}</dd></dl>
<p data-field="rate">${v.rateUrl ? html`<a class="button" href="${v.rateUrl}">${t('appt.rating.link')}</a>` : ''}</p>
</div>
<p class="hint">${t('appt.ticket.live')} <a href="${ticketUrl(v.ticket.token)}">${t('appt.ticket.refresh')}</a></p>`,
  );
}

export function kioskPage(o: PageBase & { hall: DirectoryHall; queues: QueueRow[]; groups: { slug: string; name: string }[]; code?: string }): string {
  const title = t('appt.kiosk.title', { hall: o.hall.name });
  const greens = [{ value: '', label: t('appt.booking.greenNone') }, ...o.groups.map((g) => ({ value: g.slug, label: g.name }))];
  return layout(
    { title, crumbs: crumbs(o.hall, t('appt.halls.kiosk')), headerSearch: false },
    html`<h1>${title}</h1>${errorSummary(o.error)}${notice(o.notice)}
<div class="appt-kiosk">
<form method="post" action="${hallUrl(o.hall.slug)}/kiosk/check-in" class="card" aria-labelledby="h-code"><h2 id="h-code">${t('appt.kiosk.byCode')}</h2>${csrfField(o.csrf ?? '')}
${input({ name: 'code', label: t('appt.kiosk.code'), hint: t('appt.kiosk.codeHint'), value: o.code ?? '', maxlength: 12, autocomplete: 'off' })}
${select({ name: 'priorityGroup', label: t('appt.kiosk.green'), optional: true, options: greens })}
<button type="submit" class="primary">${t('appt.kiosk.take')}</button></form>
<form method="post" action="${hallUrl(o.hall.slug)}/kiosk/walk-in" class="card" aria-labelledby="h-walk"><h2 id="h-walk">${t('appt.kiosk.walkIn')}</h2>${csrfField(o.csrf ?? '')}
${select({ name: 'queueId', label: t('appt.kiosk.queue'), options: o.queues.map((q) => ({ value: String(q.id), label: `${q.prefix} ${q.name}` })) })}
${select({ name: 'priorityGroup', label: t('appt.kiosk.green'), optional: true, options: greens })}
<button type="submit" class="primary">${t('appt.kiosk.take')}</button></form>
</div>`,
  );
}

export function boardPage(o: PageBase & { board: HallBoard }): string {
  const b = o.board;
  const title = t('appt.board.title', { hall: b.hall.name });
  const calls = b.calls.slice(0, 8);
  return layout(
    { title, crumbs: crumbs(b.hall, t('appt.halls.board')), scripts: ['appointments.js'], headerSearch: false, bodyClass: 'appt-board-page' },
    html`<h1>${title}</h1>
<div class="appt-board" data-live="${hallUrl(b.hall.slug)}/board/events" data-kind="board">
<h2>${t('appt.board.now')}</h2>
${scrollTable(
  t('appt.board.now'),
  html`<table class="table appt-calls"><thead><tr><th scope="col">${t('appt.board.number')}</th><th scope="col">${t('appt.board.window')}</th></tr></thead>
<tbody data-field="calls" aria-live="polite">${
    calls.length
      ? calls.map((c) => html`<tr><td class="appt-number">${c.label}</td><td>${c.window !== null ? t('appt.board.windowN', { n: c.window }) : ''}</td></tr>`)
      : html`<tr><td colspan="2">${t('appt.board.none')}</td></tr>`
  }</tbody></table>`,
)}
<h2>${t('appt.board.waiting')}</h2>
<ul class="appt-waiting" data-field="queues">${b.queues.map((q) => html`<li>${q.queue.prefix} ${q.queue.name}：${t('appt.halls.waiting', { n: q.waiting })}</li>`)}</ul>
</div>
<p class="hint"><a href="${hallUrl(b.hall.slug)}/board">${t('appt.ticket.refresh')}</a></p>`,
  );
}
