/**
 * What a hall manager runs from the back office (issue 15 point 9): the windows (add, change which
 * queues they call, close), the weekly hours, removing an exception, the holiday calendar ahead,
 * the day's bookings with their check-in state, and the hall's report — bookings, no-show rate,
 * average wait and service time, by day, item and window. Each checks the hall first: another
 * hall is "not found", as everywhere in appointments.
 */
import { BadRequestError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { cleanText } from '../../../lib/text.js';
import type { Principal } from '../../../lib/principal.js';
import type { BookingStatus } from '../../../db/schema/appointments.js';
import type { AppointmentsContext } from '../context.js';
import { type DirectoryHall, actorOf, recordAudit } from '../faces.js';
import type { HoursInput, ReportQuery, WindowInput } from '../office-forms.js';
import * as office from '../office-repo.js';
import * as repo from '../repo.js';
import { addDays } from '../schedule.js';
import { generateSlots, guardHall, hallBySlug, hallById } from './halls.js';

/** The hall, if the principal manages it. */
export async function managedHall(ctx: AppointmentsContext, p: Principal, slug: string): Promise<DirectoryHall> {
  const hall = await hallBySlug(ctx, slug);
  await guardHall(ctx, p, hall, 'manage');
  return hall;
}

/** A window of a hall the principal manages; else "not found". */
async function managedWindow(ctx: AppointmentsContext, p: Principal, windowId: number) {
  const window = await repo.findWindow(ctx.db, windowId);
  if (!window) throw new NotFoundError(t('appt.error.windowNotFound'));
  const hall = await hallById(ctx, window.hallId);
  await guardHall(ctx, p, hall, 'manage');
  return { window, hall };
}

export async function slugOfWindow(ctx: AppointmentsContext, p: Principal, windowId: number) {
  return (await managedWindow(ctx, p, windowId)).hall.slug;
}

/** The window's number is free in the hall and its queues are the hall's. */
async function checkWindow(ctx: AppointmentsContext, hall: DirectoryHall, input: WindowInput, self?: number) {
  const [windows, queues] = await Promise.all([repo.windowsOf(ctx.db, hall.id), repo.queuesOf(ctx.db, hall.id)]);
  if (windows.some((w) => w.number === input.number && w.id !== self)) throw new BadRequestError(t('appt.office.numberTaken', { n: input.number }), 'number_taken');
  if (input.queueIds.some((id) => !queues.some((q) => q.id === id))) throw new BadRequestError(t('appt.error.queueNotFound'), 'bad_queue');
  const name = cleanText(input.name, { max: 40 });
  if (!name) throw new BadRequestError(t('appt.office.nameNeeded'), 'name_needed');
  return { ...input, name, queueIds: [...new Set(input.queueIds)] };
}

export async function addWindow(ctx: AppointmentsContext, p: Principal, slug: string, input: WindowInput) {
  const hall = await managedHall(ctx, p, slug);
  const set = await checkWindow(ctx, hall, input);
  const made = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertWindow(tx, { hallId: hall.id, ...set, open: false });
    await recordAudit(tx, actorOf(p), [{ action: 'window.add', entity: 'appt_window', entityId: row.id, after: set, departmentId: hall.departmentId }]);
    return row;
  });
  ctx.queueChanged(hall.id);
  return made;
}

export async function editWindow(ctx: AppointmentsContext, p: Principal, windowId: number, input: WindowInput) {
  const { window, hall } = await managedWindow(ctx, p, windowId);
  const set = await checkWindow(ctx, hall, input, window.id);
  const row = await ctx.db.transaction(async (tx) => {
    const changed = await office.updateWindow(tx, window.id, set);
    if (!changed) throw new ConflictError(t('appt.error.changedMeanwhile'));
    await recordAudit(tx, actorOf(p), [
      { action: 'window.edit', entity: 'appt_window', entityId: window.id, before: { number: window.number, name: window.name, queueIds: window.queueIds }, after: set, departmentId: hall.departmentId },
    ]);
    return changed;
  });
  ctx.queueChanged(hall.id);
  return row;
}

/** Close a window from the back office (it stops calling; the counter opens it again). */
export async function closeWindow(ctx: AppointmentsContext, p: Principal, windowId: number) {
  const { window, hall } = await managedWindow(ctx, p, windowId);
  await ctx.db.transaction(async (tx) => {
    await repo.setWindowOpen(tx, window.id, false);
    await recordAudit(tx, actorOf(p), [{ action: 'window.close', entity: 'appt_window', entityId: window.id, departmentId: hall.departmentId }]);
  });
  ctx.queueChanged(hall.id);
}

/** Replace the weekly hours; slots already made stay (with their bookings), new ones follow the hours. */
export async function setHours(ctx: AppointmentsContext, p: Principal, slug: string, input: HoursInput) {
  const hall = await managedHall(ctx, p, slug);
  const before = await repo.hoursOf(ctx.db, hall.id);
  await ctx.db.transaction(async (tx) => {
    await repo.replaceHours(tx, hall.id, input.hours);
    await recordAudit(tx, actorOf(p), [
      { action: 'appointments.hours', entity: 'hall', entityId: hall.id, before: before.map((h) => `${h.weekday} ${h.opens}-${h.closes}`), after: input.hours.map((h) => `${h.weekday} ${h.opens}-${h.closes}`), departmentId: hall.departmentId },
    ]);
  });
  ctx.hallCache.delete(hall.id);
  await generateSlots(ctx, hall.id);
}

export async function removeException(ctx: AppointmentsContext, p: Principal, slug: string, exceptionId: number) {
  const hall = await managedHall(ctx, p, slug);
  await ctx.db.transaction(async (tx) => {
    const gone = await repo.deleteException(tx, hall.id, exceptionId);
    if (!gone) throw new NotFoundError(t('appt.office.exceptionNotFound'));
    await recordAudit(tx, actorOf(p), [{ action: 'appointments.exceptionRemoved', entity: 'hall', entityId: hall.id, before: { day: gone.day, kind: gone.kind, note: gone.note }, departmentId: hall.departmentId }]);
  });
  ctx.hallCache.delete(hall.id);
  await generateSlots(ctx, hall.id);
}

export const WEEKDAY_OF = (ymd: string) => ((new Date(`${ymd}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The holiday calendar ahead: public holidays and 调休 make-up working days within `days`. */
export function calendarAhead(ctx: AppointmentsContext, days = 90) {
  const today = ctx.calendar.localDate(ctx.clock.now());
  const out: { day: string; kind: 'holiday' | 'makeup'; name: string }[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(today, i);
    const weekend = WEEKDAY_OF(day) >= 6;
    const holiday = ctx.calendar.holidayName(day);
    if (holiday) out.push({ day, kind: 'holiday', name: holiday });
    else if (weekend && ctx.calendar.isWorkday(day)) out.push({ day, kind: 'makeup', name: '' });
  }
  return out;
}

/** The weekly hours and exceptions of a hall the principal manages, with the holiday calendar. */
export async function hallHoursView(ctx: AppointmentsContext, p: Principal, slug: string) {
  const hall = await managedHall(ctx, p, slug);
  const today = ctx.calendar.localDate(ctx.clock.now());
  const [hours, exceptions] = await Promise.all([repo.hoursOf(ctx.db, hall.id), repo.exceptionsOf(ctx.db, hall.id, today)]);
  return { hall, hours, exceptions, calendar: calendarAhead(ctx), missingYears: ctx.calendar.missingYears([Number(today.slice(0, 4)), Number(addDays(today, 90).slice(0, 4))]) };
}

export async function hallWindowsView(ctx: AppointmentsContext, p: Principal, slug: string) {
  const hall = await managedHall(ctx, p, slug);
  const [windows, queues] = await Promise.all([repo.windowsOf(ctx.db, hall.id), repo.queuesOf(ctx.db, hall.id)]);
  return { hall, windows, queues };
}

export interface BookingFilter {
  itemId?: number;
  status?: BookingStatus;
}

/** The day's bookings of a hall, filtered by item and status, each with its ticket (checked in or not). */
export async function dayBookings(ctx: AppointmentsContext, hallId: number, slots: repo.SlotRow[], filter: BookingFilter) {
  const all = await repo.bookingsOfSlots(ctx.db, slots.map((s) => s.id));
  const bookings = all.filter((b) => (filter.itemId === undefined || b.itemId === filter.itemId) && (filter.status === undefined || b.status === filter.status));
  const tickets = await office.ticketsOfBookings(ctx.db, bookings.map((b) => b.id));
  const byBooking = new Map(tickets.filter((tk) => tk.hallId === hallId).map((tk) => [tk.bookingId as number, tk]));
  return { bookings: bookings.map((booking) => ({ booking, ticket: byBooking.get(booking.id) })), total: all.length };
}

// ---- reports ---------------------------------------------------------------------------------------

export interface ReportRow {
  key: string;
  label: string;
  bookings: number;
  served: number;
  noShows: number;
  cancelled: number;
  /** no-shows of the bookings that came due (served, checked in or no-show); null when none did */
  noShowRate: number | null;
  tickets: number;
  waitMinutes: number | null;
  serviceMinutes: number | null;
}

interface Acc {
  bookings: number;
  served: number;
  noShows: number;
  cancelled: number;
  due: number;
  tickets: number;
  waitSeconds: number;
  waited: number;
  serviceSeconds: number;
  timed: number;
}
const empty = (): Acc => ({ bookings: 0, served: 0, noShows: 0, cancelled: 0, due: 0, tickets: 0, waitSeconds: 0, waited: 0, serviceSeconds: 0, timed: 0 });
const minutes = (seconds: number, n: number) => (n ? Math.round(seconds / n / 6) / 10 : null);
const rowOf = (key: string, label: string, a: Acc): ReportRow => ({
  key,
  label,
  bookings: a.bookings,
  served: a.served,
  noShows: a.noShows,
  cancelled: a.cancelled,
  noShowRate: a.due ? Math.round((a.noShows / a.due) * 1000) / 10 : null,
  tickets: a.tickets,
  waitMinutes: minutes(a.waitSeconds, a.waited),
  serviceMinutes: minutes(a.serviceSeconds, a.timed),
});

export const REPORT_MAX_DAYS = 92;

export interface HallReport {
  hall: DirectoryHall;
  from: string;
  to: string;
  total: ReportRow;
  days: ReportRow[];
  items: ReportRow[];
  windows: ReportRow[];
}

/** The hall's figures over a period (at most 92 days): by day, by item, by window, and in total. */
export async function hallReport(ctx: AppointmentsContext, p: Principal, slug: string, period: ReportQuery): Promise<HallReport> {
  const hall = await managedHall(ctx, p, slug);
  const { from, to } = period;
  // 2026-02-30 passes the pattern; a day that is not in the calendar is refused here, not by the database
  if (addDays(from, 0) !== from || addDays(to, 0) !== to) throw new BadRequestError(t('appt.office.badDate'), 'bad_period');
  if (from > to) throw new BadRequestError(t('appt.office.periodOrder'), 'bad_period');
  if (addDays(from, REPORT_MAX_DAYS - 1) < to) throw new BadRequestError(t('appt.office.periodLong', { days: REPORT_MAX_DAYS }), 'bad_period');
  const [counts, figures, windows] = await Promise.all([office.bookingCounts(ctx.db, hall.id, from, to), office.ticketFigures(ctx.db, hall.id, from, to), repo.windowsOf(ctx.db, hall.id)]);
  const byDay = new Map<string, Acc>();
  const byItem = new Map<number, Acc>();
  const byWindow = new Map<number, Acc>();
  const total = empty();
  const at = <K>(m: Map<K, Acc>, k: K) => m.get(k) ?? (m.set(k, empty()).get(k) as Acc);
  for (const c of counts) {
    for (const a of [at(byDay, c.day), at(byItem, c.itemId), total]) {
      a.bookings += c.status === 'cancelled' ? 0 : c.n;
      a.cancelled += c.status === 'cancelled' ? c.n : 0;
      a.served += c.status === 'served' ? c.n : 0;
      a.noShows += c.status === 'no_show' ? c.n : 0;
      a.due += c.status === 'served' || c.status === 'no_show' || c.status === 'checked_in' ? c.n : 0;
    }
  }
  for (const f of figures) {
    const targets = [at(byDay, f.day), total];
    if (f.itemId !== null) targets.push(at(byItem, f.itemId));
    if (f.windowId !== null) targets.push(at(byWindow, f.windowId));
    for (const a of targets) {
      a.tickets += f.tickets;
      a.waitSeconds += f.waitSeconds;
      a.waited += f.waited;
      a.serviceSeconds += f.serviceSeconds;
      a.timed += f.timed;
    }
    // a window's "served" is the tickets it finished (walk-ins included): bookings have no window
    if (f.windowId !== null) {
      const w = at(byWindow, f.windowId);
      w.served += f.served;
      w.noShows += f.missed;
    }
  }
  const days: ReportRow[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(rowOf(d, d, byDay.get(d) ?? empty()));
  const itemName = (id: number) => hall.items.find((i) => i.itemId === id)?.name ?? t('appt.office.itemGone', { id });
  const items = [...byItem.entries()].map(([id, a]) => rowOf(String(id), itemName(id), a)).sort((a, b) => b.bookings - a.bookings || a.label.localeCompare(b.label, 'zh'));
  const windowRows = windows.map((w) => rowOf(String(w.id), `${t('appt.board.windowN', { n: w.number })} ${w.name}`, byWindow.get(w.id) ?? empty()));
  return { hall, from, to, total: rowOf('total', t('appt.office.total'), total), days, items, windows: windowRows };
}

/** The default period: the last 30 days up to today. */
export function defaultPeriod(ctx: AppointmentsContext) {
  const today = ctx.calendar.localDate(ctx.clock.now());
  return { from: addDays(today, -29), to: today };
}
