/** The citizen's side of appointments: halls, choosing a slot, a booking with its code, my bookings. */
import { t } from '../../../lib/i18n/index.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, notice, select } from '../../../web/forms.js';
import { html, type Renderable, raw } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import type { DirectoryHall } from '../faces.js';
import { PRIORITY_GROUPS } from '../model.js';
import type { SlotChoice } from '../operations/halls.js';
import type { HallBoard } from '../operations/queue.js';
import { bookingStatusLabel, bookingUrl, hallUrl, ratingUrl, ticketUrl, timeFormats } from '../present.js';
import type { BookingRow, QueueRow, SlotRow, TicketRow, WaitRow } from '../repo.js';
import type { DayKind, Period } from '../schedule.js';

export interface PageBase {
  timeZone: string;
  csrf?: string;
  notice?: string;
  error?: string;
}

const crumbsTo = (extra: { label: string; href?: string }[]) => [{ label: t('appt.halls.title'), href: '/appointments' }, ...extra];

export function apptNav(current: string): Renderable {
  const links = [
    { href: '/appointments', label: t('appt.halls.title') },
    { href: '/appointments/mine', label: t('appt.halls.mine') },
    { href: '/hospitals', label: t('nav.hospitals') },
  ];
  return html`<nav class="sub-nav" aria-label="${t('appt.halls.title')}"><ul>${links.map(
    (l) => html`<li><a href="${l.href}"${l.href === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
  )}</ul></nav>`;
}

export function hallsPage(o: PageBase & { halls: { hall: DirectoryHall; board: HallBoard | undefined }[] }): string {
  return layout(
    { title: t('appt.halls.title'), crumbs: [{ label: t('appt.halls.title') }] },
    html`<h1>${t('appt.halls.title')}</h1>${apptNav('/appointments')}<p class="lead">${t('appt.halls.lead')}</p>
<ul class="cards appt-halls">${o.halls.map(({ hall, board }) => {
      const waiting = board ? board.queues.reduce((n, q) => n + q.waiting, 0) : 0;
      return html`<li class="card"><h2><a href="${hallUrl(hall.slug)}">${hall.name}</a></h2>
<p class="meta">${hall.address}</p><p class="meta">${hall.hours}</p>
<p>${t('appt.halls.status')}：${t('appt.halls.waiting', { n: waiting })}${board ? html`，${t('appt.status.openWindows')} ${board.windows.filter((w) => w.open).length}` : ''}</p>
<p><a class="button small" href="${hallUrl(hall.slug)}">${t('appt.halls.book')}</a> <a href="${hallUrl(hall.slug)}/status">${t('appt.halls.status')}</a> · <a href="${hallUrl(hall.slug)}/board">${t('appt.halls.board')}</a> · <a href="${hallUrl(hall.slug)}/kiosk">${t('appt.halls.kiosk')}</a></p></li>`;
    })}</ul>`,
  );
}

const dayKindLabel = (kind: DayKind, note?: string) =>
  kind === 'holiday' ? t('appt.day.holiday', { name: note ?? '' }) : kind === 'regular' ? '' : t(`appt.day.${kind}` as never);

export function hallPage(
  o: PageBase & {
    hall: DirectoryHall;
    items: { itemId: number; name: string }[];
    week: { day: string; kind: DayKind; periods: Period[]; note?: string }[];
    board: HallBoard;
  },
): string {
  const f = timeFormats(o.timeZone);
  return layout(
    { title: o.hall.name, crumbs: crumbsTo([{ label: o.hall.name }]) },
    html`<h1>${o.hall.name}</h1>${apptNav('')}
<p class="meta">${o.hall.address} · ${o.hall.phone}</p>
<p><a href="${hallUrl(o.hall.slug)}/status">${t('appt.halls.status')}</a> · <a href="${hallUrl(o.hall.slug)}/board">${t('appt.halls.board')}</a> · <a href="${hallUrl(o.hall.slug)}/kiosk">${t('appt.halls.kiosk')}</a></p>
<section aria-labelledby="h-items"><h2 id="h-items">${t('appt.hall.chooseItem')}</h2>
${o.items.length ? html`<ul class="appt-items">${o.items.map((i) => html`<li><a href="${hallUrl(o.hall.slug)}/items/${i.itemId}">${i.name}</a></li>`)}</ul>` : html`<p>${t('appt.hall.noItems')}</p>`}
</section>
${statusTable(o.board)}
<section aria-labelledby="h-week"><h2 id="h-week">${t('appt.hall.week')}</h2>
${scrollTable(
  t('appt.hall.week'),
  html`<table class="table"><thead><tr><th scope="col">${t('appt.slots.day')}</th><th scope="col">${t('appt.hall.hours')}</th></tr></thead><tbody>
${o.week.map(
  (d) => html`<tr><td>${f.dayOf(d.day)}</td><td>${d.periods.map((p) => `${p.opens}–${p.closes}`).join('，') || t('appt.day.weekend')} ${dayKindLabel(d.kind, d.note) ? html`<span class="tag">${dayKindLabel(d.kind, d.note)}</span>` : ''}</td></tr>`,
)}</tbody></table>`,
)}
<p class="hint">${o.hall.hours}</p></section>`,
  );
}

export function statusTable(board: HallBoard, level: 'h2' | 'h1' = 'h2'): Renderable {
  const heading = level === 'h1' ? '' : html`<h2 id="h-status">${t('appt.hall.queues')}</h2>`;
  return html`<section aria-labelledby="h-status" class="appt-status" data-live-status>${heading}
${scrollTable(
  t('appt.hall.queues'),
  html`<table class="table"><thead><tr><th scope="col">${t('appt.status.queue')}</th><th scope="col">${t('appt.status.waiting')}</th><th scope="col">${t('appt.status.expected')}</th></tr></thead><tbody>
${board.queues.map((q) => html`<tr><td>${q.queue.prefix} ${q.queue.name}</td><td class="num">${q.waiting}</td><td>${t('appt.status.minutes', { n: q.expectedMinutes })}</td></tr>`)}
</tbody></table>`,
)}
<dl class="facts"><dt>${t('appt.status.avgWait')}</dt><dd>${board.waitMinutes === null ? t('appt.status.noData') : t('appt.status.minutes', { n: board.waitMinutes })}</dd>
<dt>${t('appt.status.openWindows')}</dt><dd>${board.windows.filter((w) => w.open).map((w) => t('appt.board.windowN', { n: w.number })).join('、') || t('appt.status.noData')}</dd>
<dt>${t('appt.status.served')}</dt><dd>${board.served}</dd></dl></section>`;
}

export function statusPage(o: PageBase & { board: HallBoard }): string {
  const title = t('appt.status.title', { hall: o.board.hall.name });
  return layout(
    { title, crumbs: crumbsTo([{ label: o.board.hall.name, href: hallUrl(o.board.hall.slug) }, { label: t('appt.halls.status') }]) },
    html`<h1 id="h-status">${title}</h1>${statusTable(o.board, 'h1')}<p><a href="${hallUrl(o.board.hall.slug)}/status">${t('appt.ticket.refresh')}</a></p>`,
  );
}

export interface SlotsView {
  hall: DirectoryHall;
  queue: QueueRow;
  item: { itemId: number; name: string };
  days: string[];
  day: string | undefined;
  slots: SlotChoice[];
}

export function slotsPage(o: PageBase & { view: SlotsView; signedIn: boolean; reschedule?: string; path: string }): string {
  const { view } = o;
  const f = timeFormats(o.timeZone);
  const title = t('appt.slots.title', { item: view.item.name });
  const q = view.queue;
  const extra = o.reschedule ? `&reschedule=${encodeURIComponent(o.reschedule)}` : '';
  const action = (s: SlotChoice) => {
    const label = f.time(s.slot.startsAt);
    if (!s.open) return html`<span class="hint">${t('appt.slots.closed')}</span>`;
    if (!o.signedIn) return html`<a href="/login?next=${encodeURIComponent(o.path)}">${t('appt.slots.signIn')}</a>`;
    if (o.reschedule) {
      return s.seatsLeft > 0
        ? html`<form method="post" action="${bookingUrl(o.reschedule)}/reschedule" class="inline">${csrfField(o.csrf ?? '')}<input type="hidden" name="slotId" value="${s.slot.id}"><button type="submit" class="primary small">${t('appt.booking.reschedule')} ${label}</button></form>`
        : html`<span class="hint">${t('appt.slots.full')}</span>`;
    }
    return s.seatsLeft > 0
      ? html`<form method="post" action="/appointments/bookings" class="inline">${csrfField(o.csrf ?? '')}<input type="hidden" name="slotId" value="${s.slot.id}"><input type="hidden" name="itemId" value="${view.item.itemId}"><button type="submit" class="primary small">${t('appt.slots.book', { time: label })}</button></form>`
      : html`<form method="post" action="/appointments/waitlist" class="inline">${csrfField(o.csrf ?? '')}<input type="hidden" name="slotId" value="${s.slot.id}"><input type="hidden" name="itemId" value="${view.item.itemId}"><button type="submit" class="secondary small">${t('appt.slots.wait', { time: label })}</button></form>`;
  };
  return layout(
    { title, crumbs: crumbsTo([{ label: view.hall.name, href: hallUrl(view.hall.slug) }, { label: view.item.name }]) },
    html`<h1>${title}</h1>${apptNav('')}${errorSummary(o.error)}${notice(o.notice)}
<p class="meta">${view.hall.name} · ${q.prefix} ${q.name}</p>
<p class="hint">${t('appt.slots.rules', { minutes: q.slotMinutes, days: q.horizonDays, release: q.releaseTime, notice: q.minNoticeMinutes, cutoff: Math.round((q.cancelCutoffMinutes / 60) * 10) / 10 })}</p>
${
  view.days.length
    ? html`<nav class="sub-nav appt-days" aria-label="${t('appt.slots.day')}"><ul>${view.days.map(
        (d) => html`<li><a href="${hallUrl(view.hall.slug)}/items/${view.item.itemId}?day=${d}${extra}"${d === view.day ? html` aria-current="page"` : ''}>${f.dayOf(d)}</a></li>`,
      )}</ul></nav>`
    : html`<p>${t('appt.slots.noDays')}</p>`
}
${
  view.day && view.slots.length
    ? html`<h2>${f.dayOf(view.day)}</h2>${scrollTable(
        t('appt.slots.time'),
        html`<table class="table appt-slots"><thead><tr><th scope="col">${t('appt.slots.time')}</th><th scope="col">${t('appt.slots.seats')}</th><th scope="col">${t('appt.slots.action')}</th></tr></thead><tbody>
${view.slots.map((s) => html`<tr><td>${f.time(s.slot.startsAt)}–${f.time(s.slot.endsAt)}</td><td>${s.seatsLeft > 0 ? t('appt.slots.left', { n: s.seatsLeft }) : t('appt.slots.full')}</td><td>${action(s)}</td></tr>`)}
</tbody></table>`,
      )}`
    : view.day
      ? html`<p>${t('appt.slots.noSlots')}</p>`
      : ''
}`,
  );
}

export function bookingPage(
  o: PageBase & { booking: BookingRow; slot: SlotRow; hall: DirectoryHall; ticket: TicketRow | undefined; qrSvg: string; canChange: boolean; canCheckIn: boolean; rateable?: boolean; groups: { slug: string; name: string }[] },
): string {
  const f = timeFormats(o.timeZone);
  const b = o.booking;
  const item = o.hall.items.find((i) => i.itemId === b.itemId);
  const title = o.notice && b.status === 'booked' ? t('appt.booking.done') : t('appt.booking.title');
  return layout(
    { title, crumbs: crumbsTo([{ label: t('appt.halls.mine'), href: '/appointments/mine' }, { label: b.code }]) },
    html`<h1>${title}</h1>${apptNav('')}${errorSummary(o.error)}${notice(o.notice)}
${b.fromWaitlist ? html`<p class="hint">${t('appt.booking.fromWaitlist')}</p>` : ''}
<div class="card appt-code"><p>${t('appt.booking.code')}</p><p class="code" data-booking-code>${b.code}</p>
<figure class="appt-qr">${raw(o.qrSvg)}<figcaption>${t('appt.booking.qr')}</figcaption></figure>
<p class="hint">${t('appt.booking.codeHint')}</p></div>
<dl class="facts"><dt>${t('appt.booking.status')}</dt><dd>${bookingStatusLabel(b.status)}</dd>
<dt>${t('appt.booking.item')}</dt><dd>${item?.name ?? ''}</dd>
<dt>${t('appt.booking.when')}</dt><dd>${f.span(o.slot.startsAt, o.slot.endsAt)}</dd>
<dt>${t('appt.booking.where')}</dt><dd>${o.hall.name}（${o.hall.address}）</dd></dl>
<p><a href="/api/v1/bookings/${b.code}/calendar.ics" download="booking-${b.code}.ics">${t('appt.booking.ics')}</a></p>
${b.status === 'served' && o.rateable ? html`<p><a class="button" href="${ratingUrl(b.code)}">${t('appt.rating.link')}</a></p>` : ''}
${o.ticket ? html`<p><a class="button" href="${ticketUrl(o.ticket.token)}">${t('appt.booking.ticket', { number: o.ticket.label })}</a></p>` : ''}
${
  o.canCheckIn
    ? html`<form method="post" action="${bookingUrl(b.code)}/check-in" class="card">${csrfField(o.csrf ?? '')}
${select({ name: 'priorityGroup', label: t('appt.booking.green'), optional: true, options: [{ value: '', label: t('appt.booking.greenNone') }, ...o.groups.map((g) => ({ value: g.slug, label: g.name }))] })}
<button type="submit" class="primary">${t('appt.booking.checkIn')}</button></form>`
    : ''
}
${
  o.canChange
    ? html`<p><a class="button secondary" href="${hallUrl(o.hall.slug)}/items/${b.itemId}?reschedule=${b.code}">${t('appt.booking.reschedule')}</a></p>
<form method="post" action="${bookingUrl(b.code)}/cancel">${csrfField(o.csrf ?? '')}<button type="submit" class="danger">${t('appt.booking.cancel')}</button></form>`
    : ''
}`,
  );
}

export function myBookingsPage(
  o: PageBase & {
    bookings: { booking: BookingRow; slot: SlotRow; hall: DirectoryHall | undefined }[];
    waits: { wait: WaitRow; slot: SlotRow; place: number; hall: DirectoryHall | undefined }[];
    blockedUntil?: string;
    rateable?: boolean;
  },
): string {
  const f = timeFormats(o.timeZone);
  const itemName = (hall: DirectoryHall | undefined, id: number) => hall?.items.find((i) => i.itemId === id)?.name ?? '';
  return layout(
    { title: t('appt.mine.title'), crumbs: crumbsTo([{ label: t('appt.mine.title') }]) },
    html`<h1>${t('appt.mine.title')}</h1>${apptNav('/appointments/mine')}${errorSummary(o.error)}${notice(o.notice)}
${o.blockedUntil ? html`<p class="notice" role="status">${t('appt.mine.blocked', { until: o.blockedUntil })}</p>` : ''}
${
  o.bookings.length
    ? html`<ul class="cards">${o.bookings.map(
        ({ booking, slot, hall }) => html`<li class="card"><h2><a href="${bookingUrl(booking.code)}">${itemName(hall, booking.itemId)}</a></h2>
<p class="meta">${hall?.name ?? ''} · ${f.span(slot.startsAt, slot.endsAt)}</p><p><span class="tag">${bookingStatusLabel(booking.status)}</span> ${t('appt.booking.code')} <span class="code">${booking.code}</span></p>
${booking.status === 'served' && o.rateable ? html`<p><a href="${ratingUrl(booking.code)}">${t('appt.rating.link')}</a></p>` : ''}</li>`,
      )}</ul>`
    : html`<p>${t('appt.mine.none')}</p>`
}
${
  o.waits.length
    ? html`<h2>${t('appt.mine.waits')}</h2><ul class="cards">${o.waits.map(
        ({ wait, slot, place, hall }) => html`<li class="card"><h3>${itemName(hall, wait.itemId)}</h3><p class="meta">${hall?.name ?? ''} · ${f.span(slot.startsAt, slot.endsAt)} · ${t('appt.mine.place', { n: place })}</p>
<form method="post" action="/appointments/waitlist/${wait.id}/leave" class="inline">${csrfField(o.csrf ?? '')}<button type="submit" class="link danger">${t('appt.mine.leave')}</button></form></li>`,
      )}</ul>`
    : ''
}`,
  );
}

export const priorityOptions = (groups: { slug: string; name: string }[]) => groups.filter((g) => (PRIORITY_GROUPS as readonly string[]).includes(g.slug));
