/** The back office of appointments: my halls and windows, the counter (叫号), rules and seats. */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, input, notice, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import type { DirectoryHall } from '../faces.js';
import type { HallAbilities } from '../policy.js';
import { bookingStatusLabel, ticketStatusLabel, timeFormats } from '../present.js';
import type { BookingRow, ExceptionRow, QueueRow, SlotRow, TicketRow, WindowRow } from '../repo.js';
import type { HallBoard } from '../operations/queue.js';
import { BOOKING_STATUSES } from '../../../db/schema/appointments.js';
import { officeNav } from './office.js';

interface StaffBase {
  principal: Principal;
  csrf: string;
  timeZone: string;
  notice?: string;
  error?: string;
}

const base = '/admin/appointments';

export function staffHomePage(o: StaffBase & { halls: { hall: DirectoryHall; abilities: HallAbilities; windows: WindowRow[] }[] }): string {
  return adminLayout(
    { title: t('appt.admin.title'), principal: o.principal, csrf: o.csrf, current: base },
    html`<h1>${t('appt.admin.title')}</h1>${notice(o.notice)}
${
  o.halls.length
    ? o.halls.map(
        (h) => html`<section class="card" aria-labelledby="h-${h.hall.slug}"><h2 id="h-${h.hall.slug}">${h.hall.name}</h2>
${h.abilities.manage ? html`<p><a href="${base}/halls/${h.hall.slug}">${t('appt.admin.manage')}</a></p>` : ''}
${h.abilities.counter ? html`<h3>${t('appt.admin.windows')}</h3><ul>${h.windows.map((w) => html`<li><a href="${base}/windows/${w.id}">${t('appt.board.windowN', { n: w.number })} ${w.name}</a> ${w.open ? html`<span class="tag">${t('appt.counter.isOpen')}</span>` : ''}</li>`)}</ul>` : ''}
</section>`,
      )
    : html`<p>${t('appt.admin.none')}</p>`
}`,
  );
}

export function counterPage(
  o: StaffBase & { window: WindowRow; hall: DirectoryHall; board: HallBoard; current: TicketRow | undefined; next: TicketRow[] },
): string {
  const w = o.window;
  const title = t('appt.counter.title', { window: t('appt.board.windowN', { n: w.number }) });
  const action = (ticket: TicketRow, name: string, label: string, cls = 'secondary') =>
    html`<form method="post" action="${base}/windows/${w.id}/tickets/${ticket.id}/${name}" class="inline">${csrfField(o.csrf)}<button type="submit" class="${cls}">${label}</button></form>`;
  const queues = o.board.queues.map((q) => q.queue);
  const cur = o.current;
  return adminLayout(
    { title, principal: o.principal, csrf: o.csrf, current: base, crumbs: [{ label: t('appt.admin.title'), href: base }, { label: o.hall.name }] },
    html`<h1>${title}</h1><p class="meta">${o.hall.name} · ${w.name}</p>${errorSummary(o.error)}${notice(o.notice)}
<p>${w.open ? t('appt.counter.isOpen') : t('appt.counter.isClosed')}
<form method="post" action="${base}/windows/${w.id}/${w.open ? 'close' : 'open'}" class="inline">${csrfField(o.csrf)}<button type="submit" class="secondary small">${w.open ? t('appt.counter.close') : t('appt.counter.open')}</button></form></p>
<section class="card" aria-labelledby="h-current"><h2 id="h-current">${t('appt.counter.current')}</h2>
${
  cur
    ? html`<p class="appt-number">${cur.label}</p><p>${ticketStatusLabel(cur.status)}${cur.priorityGroup ? html` · <span class="tag">${t('appt.ticket.priority')}</span>` : ''} · ${t(`appt.counter.kind.${cur.kind}`)}</p>
<div class="actions">
${cur.status === 'called' ? html`${action(cur, 'start', t('appt.counter.start'), 'primary')}${action(cur, 'recall', t('appt.counter.recall'))}${action(cur, 'skip', t('appt.counter.skip'), 'danger')}` : ''}
</div>
${
  cur.status === 'serving'
    ? html`<form method="post" action="${base}/windows/${w.id}/tickets/${cur.id}/finish">${csrfField(o.csrf)}
${select({ name: 'itemId', label: t('appt.counter.item'), optional: true, options: [{ value: '', label: t('appt.counter.any') }, ...o.hall.items.map((i) => ({ value: String(i.itemId), label: i.name }))] })}
<button type="submit" class="primary">${t('appt.counter.finish')}</button></form>`
    : ''
}
<form method="post" action="${base}/windows/${w.id}/tickets/${cur.id}/transfer">${csrfField(o.csrf)}
${select({ name: 'queueId', label: t('appt.counter.toQueue'), optional: true, options: [{ value: '', label: t('appt.counter.any') }, ...queues.map((q) => ({ value: String(q.id), label: `${q.prefix} ${q.name}` }))] })}
${select({ name: 'windowId', label: t('appt.counter.toWindow'), optional: true, options: [{ value: '', label: t('appt.counter.any') }, ...o.board.windows.filter((x) => x.id !== w.id).map((x) => ({ value: String(x.id), label: t('appt.board.windowN', { n: x.number }) }))] })}
<button type="submit" class="secondary">${t('appt.counter.transfer')}</button></form>`
    : html`<p>${t('appt.counter.none')}</p><form method="post" action="${base}/windows/${w.id}/call">${csrfField(o.csrf)}<button type="submit" class="primary">${t('appt.counter.callNext')}</button></form>`
}
</section>
<section aria-labelledby="h-next"><h2 id="h-next">${t('appt.counter.next')}</h2>
${scrollTable(
  t('appt.counter.next'),
  html`<table class="table"><thead><tr><th scope="col">${t('appt.board.number')}</th><th scope="col">${t('appt.ticket.queue')}</th><th scope="col">${t('appt.booking.status')}</th></tr></thead><tbody>
${o.next.slice(0, 20).map((tk) => html`<tr><td>${tk.label}</td><td>${queues.find((q) => q.id === tk.queueId)?.name ?? ''}</td><td>${t(`appt.counter.kind.${tk.kind}`)}${tk.priorityGroup ? html` · ${t('appt.ticket.priority')}` : ''}</td></tr>`)}
</tbody></table>`,
)}</section>`,
  );
}

export function managePage(
  o: StaffBase & {
    hall: DirectoryHall;
    day: string;
    queues: QueueRow[];
    slots: SlotRow[];
    bookings: BookingRow[];
    exceptions: ExceptionRow[];
    listed?: { bookings: { booking: BookingRow; ticket: TicketRow | undefined }[]; total: number };
    filter?: { itemId?: number; status?: string };
  },
): string {
  const f = timeFormats(o.timeZone);
  const title = o.hall.name;
  const q = (id: number) => o.queues.find((x) => x.id === id);
  return adminLayout(
    { title, principal: o.principal, csrf: o.csrf, current: base, crumbs: [{ label: t('appt.admin.title'), href: base }, { label: title }] },
    html`<h1>${title}</h1>${officeNav(o.hall.slug, 'day')}${errorSummary(o.error)}${notice(o.notice)}
${o.queues.map(
  (queue) => html`<section class="card" aria-labelledby="h-q${queue.id}"><h2 id="h-q${queue.id}">${t('appt.admin.rules', { queue: `${queue.prefix} ${queue.name}` })}</h2>
<form method="post" action="${base}/queues/${queue.id}/rules">${csrfField(o.csrf)}<input type="hidden" name="version" value="${queue.version}">
${input({ name: `slotMinutes`, label: t('appt.admin.slotMinutes'), value: String(queue.slotMinutes), type: 'number', inputmode: 'numeric' })}
${input({ name: `seats`, label: t('appt.admin.seats'), value: String(queue.seats), type: 'number', inputmode: 'numeric' })}
${input({ name: `horizonDays`, label: t('appt.admin.horizon'), value: String(queue.horizonDays), type: 'number', inputmode: 'numeric' })}
${input({ name: `releaseTime`, label: t('appt.admin.release'), value: queue.releaseTime, maxlength: 5 })}
${input({ name: `minNoticeMinutes`, label: t('appt.admin.notice'), value: String(queue.minNoticeMinutes), type: 'number', inputmode: 'numeric' })}
${input({ name: `cancelCutoffMinutes`, label: t('appt.admin.cutoff'), value: String(queue.cancelCutoffMinutes), type: 'number', inputmode: 'numeric' })}
<button type="submit" class="primary">${t('appt.admin.save')}</button></form></section>`,
)}
<section class="card" aria-labelledby="h-ex"><h2 id="h-ex">${t('appt.admin.exceptions')}</h2>
<ul>${o.exceptions.map((e) => html`<li>${f.dayOf(e.day)}：${e.kind === 'closed' ? t('appt.admin.exClosed') : `${t('appt.admin.exOpen')} ${e.opens ?? ''}–${e.closes ?? ''}`}（${e.note}）</li>`)}</ul>
<form method="post" action="${base}/halls/${o.hall.slug}/exceptions">${csrfField(o.csrf)}
${input({ name: 'day', label: t('appt.admin.exDay'), type: 'date' })}
${select({ name: 'kind', label: t('appt.admin.exKind'), options: [{ value: 'closed', label: t('appt.admin.exClosed') }, { value: 'open', label: t('appt.admin.exOpen') }] })}
${input({ name: 'opens', label: t('appt.admin.exOpens'), optional: true, maxlength: 5 })}
${input({ name: 'closes', label: t('appt.admin.exCloses'), optional: true, maxlength: 5 })}
${input({ name: 'note', label: t('appt.admin.exNote'), maxlength: 200 })}
<button type="submit" class="primary">${t('appt.admin.exAdd')}</button></form></section>
<section aria-labelledby="h-slots"><h2 id="h-slots">${t('appt.admin.slots', { day: f.dayOf(o.day) })}</h2>
<form method="get" action="${base}/halls/${o.hall.slug}" class="inline">${input({ name: 'day', label: t('appt.slots.day'), type: 'date', value: o.day })}<button type="submit" class="secondary small">${t('ui.filter')}</button></form>
${scrollTable(
  t('appt.admin.slots', { day: o.day }),
  html`<table class="table"><thead><tr><th scope="col">${t('appt.slots.time')}</th><th scope="col">${t('appt.ticket.queue')}</th><th scope="col">${t('appt.admin.booked')}</th><th scope="col">${t('appt.admin.capacity')}</th></tr></thead><tbody>
${o.slots.map(
  (s) => html`<tr><td>${f.time(s.startsAt)}–${f.time(s.endsAt)}</td><td>${q(s.queueId)?.prefix ?? ''}</td><td class="num">${s.booked}</td><td><form method="post" action="${base}/slots/${s.id}/seats?day=${o.day}" class="inline">${csrfField(o.csrf)}<label class="visually-hidden" for="cap-${s.id}">${t('appt.admin.capacity')} ${f.time(s.startsAt)} ${q(s.queueId)?.prefix ?? ''}</label><input id="cap-${s.id}" name="capacity" type="number" inputmode="numeric" value="${s.capacity}" min="0" max="500" size="4"> <button type="submit" class="secondary small">${t('appt.admin.setSeats')}</button></form></td></tr>`,
)}</tbody></table>`,
)}</section>
<section aria-labelledby="h-bookings"><h2 id="h-bookings">${t('appt.admin.bookings')}</h2>
<form method="get" action="${base}/halls/${o.hall.slug}#h-bookings" class="inline"><input type="hidden" name="day" value="${o.day}">
${select({ name: 'item', label: t('appt.booking.item'), optional: true, value: o.filter?.itemId ? String(o.filter.itemId) : '', options: [{ value: '', label: t('appt.office.allItems') }, ...o.hall.items.map((i) => ({ value: String(i.itemId), label: i.name }))] })}
${select({ name: 'status', label: t('appt.booking.status'), optional: true, value: o.filter?.status ?? '', options: [{ value: '', label: t('appt.office.allStatuses') }, ...BOOKING_STATUSES.map((st) => ({ value: st, label: bookingStatusLabel(st) }))] })}
<button type="submit" class="secondary small">${t('ui.filter')}</button></form>
<p class="meta">${t('appt.office.listed', { n: o.listed?.bookings.length ?? 0, total: o.listed?.total ?? 0 })}</p>
${scrollTable(
  t('appt.admin.bookings'),
  html`<table class="table"><thead><tr><th scope="col">${t('appt.booking.code')}</th><th scope="col">${t('appt.slots.time')}</th><th scope="col">${t('appt.booking.item')}</th><th scope="col">${t('appt.booking.status')}</th><th scope="col">${t('appt.office.checkIn')}</th></tr></thead><tbody>
${(o.listed?.bookings ?? []).map(({ booking: b, ticket }) => {
  const s = o.slots.find((x) => x.id === b.slotId);
  return html`<tr><td>${b.code}</td><td>${s ? f.time(s.startsAt) : ''}</td><td>${o.hall.items.find((i) => i.itemId === b.itemId)?.name ?? ''}</td><td>${bookingStatusLabel(b.status)}</td><td>${ticket ? `${ticket.label} · ${ticketStatusLabel(ticket.status)}` : t('appt.office.notCheckedIn')}</td></tr>`;
})}</tbody></table>`,
)}</section>`,
  );
}
