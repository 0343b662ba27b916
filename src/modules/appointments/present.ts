/**
 * The one place appointments' rows become what pages and the API show.
 */
import { t } from '../../lib/i18n/index.js';
import type { DirectoryHall } from './faces.js';
import type { HallBoard, TicketView } from './operations/queue.js';
import type { BookingRow, QueueRow, SlotRow, WindowRow } from './repo.js';

export const hallUrl = (slug: string) => `/appointments/halls/${slug}`;
import { bookingUrl, ratingUrl } from './model.js';

export { bookingUrl, ratingUrl };
export const ticketUrl = (token: string) => `/queue/tickets/${token}`;

export function timeFormats(timeZone: string) {
  const time = new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'long', day: 'numeric', weekday: 'short' });
  return {
    time: (d: Date) => time.format(d),
    day: (d: Date) => day.format(d),
    dayOf: (ymd: string) => day.format(new Date(`${ymd}T12:00:00+08:00`)),
    span: (a: Date, b: Date) => `${day.format(a)} ${time.format(a)}–${time.format(b)}`,
  };
}

export const presentQueue = (q: QueueRow) => ({
  id: q.id,
  prefix: q.prefix,
  name: q.name,
  itemIds: q.itemIds,
  rules: {
    slotMinutes: q.slotMinutes,
    seats: q.seats,
    horizonDays: q.horizonDays,
    releaseTime: q.releaseTime,
    minNoticeMinutes: q.minNoticeMinutes,
    cancelCutoffMinutes: q.cancelCutoffMinutes,
    checkInEarlyMinutes: q.checkInEarlyMinutes,
  },
  version: q.version,
});

export const presentWindow = (w: WindowRow) => ({ id: w.id, number: w.number, name: w.name, queueIds: w.queueIds, open: w.open });

export const presentHallSummary = (h: DirectoryHall, queues: QueueRow[]) => ({
  slug: h.slug,
  name: h.name,
  address: h.address,
  hours: h.hours,
  phone: h.phone,
  queues: queues.length,
  url: hallUrl(h.slug),
});

export const presentSlot = (s: { slot: SlotRow; seatsLeft: number; open: boolean }) => ({
  id: s.slot.id,
  day: s.slot.day,
  startsAt: s.slot.startsAt.toISOString(),
  endsAt: s.slot.endsAt.toISOString(),
  seats: s.slot.capacity,
  seatsLeft: s.seatsLeft,
  bookable: s.open && s.seatsLeft > 0,
});

export const bookingStatusLabel = (status: string) => t(`appt.booking.status.${status}` as never);

export function presentBooking(b: BookingRow, slot: SlotRow, hall: DirectoryHall | undefined) {
  return {
    code: b.code,
    status: b.status,
    statusLabel: bookingStatusLabel(b.status),
    hall: hall ? { slug: hall.slug, name: hall.name, address: hall.address } : null,
    item: { id: b.itemId, name: hall?.items.find((i) => i.itemId === b.itemId)?.name ?? '' },
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    sequence: b.sequence,
    fromWaitlist: b.fromWaitlist,
    url: bookingUrl(b.code),
    calendarUrl: `/api/v1/bookings/${b.code}/calendar.ics`,
  };
}

export const ticketStatusLabel = (status: string) => t(`appt.ticket.status.${status}` as never);

export function presentTicket(v: TicketView) {
  return {
    number: v.ticket.label,
    token: v.ticket.token,
    status: v.ticket.status,
    statusLabel: ticketStatusLabel(v.ticket.status),
    hall: { slug: v.hall.slug, name: v.hall.name },
    queue: v.queue ? { id: v.queue.id, name: v.queue.name } : null,
    kind: v.ticket.kind,
    priority: v.ticket.priorityGroup !== null,
    position: v.position ?? null,
    expectedWaitMinutes: v.expectedMinutes ?? null,
    window: v.window,
    url: ticketUrl(v.ticket.token),
  };
}

export function presentStatus(b: HallBoard) {
  return {
    hall: { slug: b.hall.slug, name: b.hall.name },
    day: b.day,
    queues: b.queues.map((q) => ({ id: q.queue.id, prefix: q.queue.prefix, name: q.queue.name, waiting: q.waiting, expectedWaitMinutes: q.expectedMinutes })),
    waiting: b.queues.reduce((n, q) => n + q.waiting, 0),
    averageWaitMinutes: b.waitMinutes,
    served: b.served,
    openWindows: b.windows.filter((w) => w.open).map((w) => ({ number: w.number, name: w.name })),
    windows: b.windows.length,
  };
}

/** What the display board shows (and its live stream sends). */
export function presentBoard(b: HallBoard) {
  return {
    ...presentStatus(b),
    calls: b.calls.slice(0, 8).map((c) => ({ number: c.label, window: c.window, status: c.status, calledAt: c.calledAt?.toISOString() ?? null, recalls: c.recalls })),
  };
}
