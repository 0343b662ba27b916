/**
 * The hall's day: tickets taken on the phone (手机取号) or at the kiosk, by booking code or as a
 * walk-in; the counter's calls (叫号: call next, recall, skip once, transfer, start, finish);
 * and what the display board, the citizen's phone and the hall status show.
 *
 * Call order in a queue: the green channel (the catalogue's special groups) first, then booked
 * tickets, then walk-ins, each by the time taken; a number skipped (过号) comes back once, behind
 * everyone then waiting. Two windows calling at once never get the
 * same ticket: the next one is read FOR UPDATE SKIP LOCKED and moved only from 'waiting'.
 */
import { randomBytes } from 'node:crypto';
import type { TicketStatus } from '../../../db/schema/appointments.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { AppointmentsContext } from '../context.js';
import { type DirectoryHall, type RatableSubject, actorOf, recordAudit } from '../faces.js';
import type { CheckInInput, TransferInput, WalkInInput } from '../forms.js';
import { CODE_PATTERN, LIMITS, bookingUrl, ratingUrl } from '../model.js';
import { bookingNext, ticketFromStates, ticketNext, type TicketAction } from '../policy.js';
import * as repo from '../repo.js';
import { dayOf, instantOf } from '../schedule.js';
import { guardHall, hallById, hallBySlug, hallHours, staffHalls } from './halls.js';

const label = (prefix: string, n: number) => `${prefix}${String(n).padStart(3, '0')}`;
const newToken = () => randomBytes(16).toString('base64url');

/** Take a ticket for a booking: on the phone (the owner) or at the kiosk (the code alone). */
export async function checkIn(ctx: AppointmentsContext, p: Principal | undefined, input: CheckInInput, via: 'phone' | 'kiosk', atHall?: number) {
  const code = input.code.trim().toUpperCase();
  const booking = CODE_PATTERN.test(code) ? await repo.bookingByCode(ctx.db, code) : undefined;
  // a forged code, someone else's booking, or a booking of another hall at this kiosk: all "not found"
  if (!booking || (via === 'phone' && booking.userId !== p?.userId) || (atHall !== undefined && booking.hallId !== atHall)) throw new NotFoundError(t('appt.error.codeNotFound'));
  const existing = await repo.ticketOfBooking(ctx.db, booking.id);
  if (existing) return existing;
  const slot = (await repo.findSlot(ctx.db, booking.slotId)) as repo.SlotRow;
  const queue = (await repo.findQueue(ctx.db, booking.queueId)) as repo.QueueRow;
  const now = ctx.clock.now();
  const today = ctx.calendar.localDate(now);
  bookingNext(booking.status, 'checkIn', via === 'phone' ? 'owner' : 'kiosk');
  if (slot.day !== today) throw new BadRequestError(t('appt.error.notToday', { day: slot.day }), 'not_today');
  if (now.getTime() < slot.startsAt.getTime() - queue.checkInEarlyMinutes * 60_000)
    throw new BadRequestError(t('appt.error.tooEarly', { minutes: queue.checkInEarlyMinutes }), 'too_early');
  if (now.getTime() > slot.endsAt.getTime()) throw new BadRequestError(t('appt.error.tooLate'), 'too_late');
  const ticket = await ctx.db.transaction(async (tx) => {
    const moved = await repo.moveBooking(tx, booking.id, ['booked'], { status: 'checked_in' });
    if (!moved) throw new ConflictError(t('appt.error.changedMeanwhile'));
    const n = await repo.nextNumber(tx, queue.id, today);
    const made = await repo.insertTicket(tx, {
      hallId: booking.hallId,
      queueId: queue.id,
      day: today,
      label: label(queue.prefix, n),
      token: newToken(),
      bookingId: booking.id,
      userId: booking.userId,
      kind: 'booked',
      priorityGroup: input.priorityGroup ?? null,
      queuedAt: now,
      createdAt: now,
    });
    await recordAudit(tx, p ? actorOf(p) : { id: 'kiosk', name: t('appt.kiosk') }, [
      { action: 'booking.checkIn', entity: 'appt_booking', entityId: booking.id, after: { ticket: made.label, via } },
    ]);
    return made;
  });
  ctx.queueChanged(booking.hallId);
  return ticket;
}

/** Is the hall open at this moment (a period of today's hours)? */
async function openNow(ctx: AppointmentsContext, hall: DirectoryHall) {
  const now = ctx.clock.now();
  const today = ctx.calendar.localDate(now);
  const { periods } = dayOf(ctx.calendar, await hallHours(ctx, hall.id), today);
  return periods.some((p) => now >= instantOf(ctx.calendar, today, p.opens) && now < instantOf(ctx.calendar, today, p.closes));
}

/** A walk-in's ticket at the kiosk. */
export async function walkIn(ctx: AppointmentsContext, slug: string, input: WalkInInput) {
  const hall = await hallBySlug(ctx, slug);
  const queue = await repo.findQueue(ctx.db, input.queueId);
  if (!queue || queue.hallId !== hall.id) throw new NotFoundError(t('appt.error.queueNotFound'));
  if (!(await openNow(ctx, hall))) throw new BadRequestError(t('appt.error.hallClosed'), 'hall_closed');
  const now = ctx.clock.now();
  const today = ctx.calendar.localDate(now);
  const ticket = await ctx.db.transaction(async (tx) => {
    const n = await repo.nextNumber(tx, queue.id, today);
    const made = await repo.insertTicket(tx, {
      hallId: hall.id,
      queueId: queue.id,
      day: today,
      label: label(queue.prefix, n),
      token: newToken(),
      kind: 'walkin',
      priorityGroup: input.priorityGroup ?? null,
      queuedAt: now,
      createdAt: now,
    });
    await recordAudit(tx, { id: 'kiosk', name: t('appt.kiosk') }, [{ action: 'ticket.walkIn', entity: 'appt_ticket', entityId: made.id, after: { label: made.label } }]);
    return made;
  });
  ctx.queueChanged(hall.id);
  return ticket;
}

// ---- what the board, the phone and the status page show --------------------------------------

/** The rank a waiting ticket has in its queue (the same order as repo.callOrder). */
export function byCallOrder(a: repo.TicketRow, b: repo.TicketRow): number {
  if (a.skips !== b.skips) return a.skips - b.skips;
  const pa = a.priorityGroup ? 0 : 1;
  const pb = b.priorityGroup ? 0 : 1;
  if (pa !== pb) return pa - pb;
  const ka = a.kind === 'booked' ? 0 : 1;
  const kb = b.kind === 'booked' ? 0 : 1;
  if (ka !== kb) return ka - kb;
  return a.queuedAt.getTime() - b.queuedAt.getTime() || a.id - b.id;
}

export interface HallBoard {
  hall: DirectoryHall;
  day: string;
  queues: { queue: repo.QueueRow; waiting: number; expectedMinutes: number }[];
  windows: repo.WindowRow[];
  /** called or being served, newest call first */
  calls: { label: string; window: number | null; status: TicketStatus; calledAt: Date | null; recalls: number }[];
  waitMinutes: number | null;
  serviceMinutes: number;
  served: number;
  tickets: repo.TicketRow[];
}

/** Everything a hall's pages show at this moment: one read of the day's tickets. */
export async function hallBoard(ctx: AppointmentsContext, hall: DirectoryHall): Promise<HallBoard> {
  const day = ctx.calendar.localDate(ctx.clock.now());
  const [queues, windows, tickets, averages] = await Promise.all([
    repo.queuesOf(ctx.db, hall.id),
    repo.windowsOf(ctx.db, hall.id),
    repo.ticketsOfDay(ctx.db, hall.id, day),
    repo.dayAverages(ctx.db, hall.id, day),
  ]);
  const serviceMinutes = averages.serviceMinutes ?? LIMITS.defaultServiceMinutes;
  const windowNumber = new Map(windows.map((w) => [w.id, w.number]));
  const calls = tickets
    .filter((tk) => tk.status === 'called' || tk.status === 'serving')
    .sort((a, b) => (b.calledAt?.getTime() ?? 0) - (a.calledAt?.getTime() ?? 0))
    .map((tk) => ({ label: tk.label, window: tk.windowId ? (windowNumber.get(tk.windowId) ?? null) : null, status: tk.status, calledAt: tk.calledAt, recalls: tk.recalls }));
  return {
    hall,
    day,
    queues: queues.map((queue) => {
      const waiting = tickets.filter((tk) => tk.queueId === queue.id && tk.status === 'waiting').length;
      return { queue, waiting, expectedMinutes: expected(waiting + 1, serving(windows, queue.id), serviceMinutes) };
    }),
    windows,
    calls,
    waitMinutes: averages.waitMinutes,
    serviceMinutes,
    served: averages.served,
    tickets,
  };
}

const serving = (windows: readonly repo.WindowRow[], queueId: number) => windows.filter((w) => w.open && (w.queueIds.length === 0 || w.queueIds.includes(queueId))).length;
const expected = (position: number, windowsOpen: number, serviceMinutes: number) => Math.round((Math.max(0, position - 1) / Math.max(1, windowsOpen)) * serviceMinutes);

export interface TicketView {
  ticket: repo.TicketRow;
  hall: DirectoryHall;
  queue: repo.QueueRow | undefined;
  /** 1 = next; undefined once called */
  position: number | undefined;
  expectedMinutes: number | undefined;
  window: number | null;
  /** the booking's 好差评 page, once served (a booked ticket, the ratings module wired) */
  rateUrl: string | null;
}

/** One ticket as its holder's phone shows it, from a board already read. */
export function ticketOnBoard(board: HallBoard, ticket: repo.TicketRow, ratable: string | null = null): TicketView {
  const current = board.tickets.find((tk) => tk.id === ticket.id) ?? ticket;
  const queue = board.queues.find((q) => q.queue.id === current.queueId);
  let position: number | undefined;
  let expectedMinutes: number | undefined;
  if (current.status === 'waiting') {
    const ahead = board.tickets.filter((tk) => tk.queueId === current.queueId && tk.status === 'waiting').sort(byCallOrder);
    position = ahead.findIndex((tk) => tk.id === current.id) + 1;
    expectedMinutes = expected(position, serving(board.windows, current.queueId), board.serviceMinutes);
  }
  const window = current.windowId ? (board.windows.find((w) => w.id === current.windowId)?.number ?? null) : null;
  return { ticket: current, hall: board.hall, queue: queue?.queue, position, expectedMinutes, window, rateUrl: current.status === 'done' ? ratable : null };
}

export async function ticketByToken(ctx: AppointmentsContext, token: string) {
  const ticket = /^[A-Za-z0-9_-]{10,40}$/.test(token) ? await repo.ticketByToken(ctx.db, token) : undefined;
  if (!ticket) throw new NotFoundError(t('appt.error.ticketNotFound'));
  return ticket;
}

/** Where the holder of a booked ticket rates the service once it is done (null: a walk-in, or no ratings). */
export async function ratableUrlOf(ctx: AppointmentsContext, ticket: repo.TicketRow): Promise<string | null> {
  if (!ctx.ratings || !ticket.bookingId) return null;
  const booking = await repo.findBooking(ctx.db, ticket.bookingId);
  return booking ? ratingUrl(booking.code) : null;
}

export async function ticketView(ctx: AppointmentsContext, token: string): Promise<TicketView> {
  const ticket = await ticketByToken(ctx, token);
  const [board, ratable] = await Promise.all([hallById(ctx, ticket.hallId).then((hall) => hallBoard(ctx, hall)), ratableUrlOf(ctx, ticket)]);
  return ticketOnBoard(board, ticket, ratable);
}

// ---- the counter ------------------------------------------------------------------------------------

/** The window and its hall, if the principal may work it; another hall's window is "not found". */
async function counterWindow(ctx: AppointmentsContext, p: Principal | undefined, windowId: number) {
  const window = await repo.findWindow(ctx.db, windowId);
  if (!window) throw new NotFoundError(t('appt.error.windowNotFound'));
  const hall = await hallById(ctx, window.hallId);
  await guardHall(ctx, p, hall, 'counter');
  return { window, hall };
}

export async function counterView(ctx: AppointmentsContext, p: Principal | undefined, windowId: number) {
  const { window, hall } = await counterWindow(ctx, p, windowId);
  const board = await hallBoard(ctx, hall);
  const mine = (tk: repo.TicketRow) => window.queueIds.length === 0 || window.queueIds.includes(tk.queueId);
  const current = board.tickets.find((tk) => tk.windowId === window.id && (tk.status === 'called' || tk.status === 'serving'));
  const next = board.tickets.filter((tk) => tk.status === 'waiting' && mine(tk) && (tk.forWindowId === null || tk.forWindowId === window.id)).sort(byCallOrder);
  return { window, hall, board, current, next };
}

export async function setWindowOpen(ctx: AppointmentsContext, p: Principal | undefined, windowId: number, open: boolean) {
  const { window, hall } = await counterWindow(ctx, p, windowId);
  await ctx.db.transaction(async (tx) => {
    await repo.setWindowOpen(tx, window.id, open);
    await recordAudit(tx, actorOf(p as Principal), [{ action: open ? 'window.open' : 'window.close', entity: 'appt_window', entityId: window.id, departmentId: hall.departmentId }]);
  });
  ctx.queueChanged(hall.id);
}

/** Call the next ticket to this window. */
export async function callNext(ctx: AppointmentsContext, p: Principal | undefined, windowId: number) {
  const { window, hall } = await counterWindow(ctx, p, windowId);
  const day = ctx.calendar.localDate(ctx.clock.now());
  if (await repo.currentAtWindow(ctx.db, window.id, day)) throw new ConflictError(t('appt.error.finishFirst'));
  const queueIds = window.queueIds.length ? window.queueIds : (await repo.queuesOf(ctx.db, hall.id)).map((q) => q.id);
  const called = await ctx.db.transaction(async (tx) => {
    const next = await repo.nextForWindow(tx, hall.id, day, queueIds, window.id);
    if (!next) throw new BadRequestError(t('appt.error.queueEmpty'), 'queue_empty');
    const moved = await repo.moveTicket(tx, next.id, ['waiting'], { status: ticketNext(next.status, 'call'), windowId: window.id, calledAt: ctx.clock.now() });
    if (!moved) throw new ConflictError(t('appt.error.changedMeanwhile'));
    if (!window.open) await repo.setWindowOpen(tx, window.id, true);
    await recordAudit(tx, actorOf(p as Principal), [{ action: 'ticket.call', entity: 'appt_ticket', entityId: moved.id, after: { label: moved.label, window: window.number }, departmentId: hall.departmentId }]);
    return moved;
  });
  ctx.queueChanged(hall.id);
  return called;
}

/** The ticket a counter action is about: at this window, in this hall; anything else is "not found". */
async function counterTicket(ctx: AppointmentsContext, p: Principal | undefined, windowId: number, ticketId: number) {
  const { window, hall } = await counterWindow(ctx, p, windowId);
  const ticket = await repo.findTicket(ctx.db, ticketId);
  if (!ticket || ticket.hallId !== hall.id || ticket.windowId !== window.id) throw new NotFoundError(t('appt.error.ticketNotFound'));
  return { window, hall, ticket };
}

export async function counterAction(
  ctx: AppointmentsContext,
  p: Principal | undefined,
  windowId: number,
  ticketId: number,
  action: Exclude<TicketAction, 'call' | 'transfer' | 'cancel'>,
  extra: { itemId?: number } = {},
) {
  const { window, hall, ticket } = await counterTicket(ctx, p, windowId, ticketId);
  const to = ticketNext(ticket.status, action, ticket.skips);
  const now = ctx.clock.now();
  const set: Partial<repo.TicketRow> = { status: to };
  if (action === 'recall') Object.assign(set, { recalls: ticket.recalls + 1, calledAt: now });
  if (action === 'skip' && to === 'waiting') Object.assign(set, { skips: ticket.skips + 1, windowId: null, queuedAt: now });
  if (action === 'start') set.startedAt = now;
  if (action === 'finish') {
    if (extra.itemId !== undefined && !hall.items.some((i) => i.itemId === extra.itemId)) throw new BadRequestError(t('appt.error.itemNotHere'));
    Object.assign(set, { finishedAt: now, itemId: extra.itemId ?? null });
  }
  const moved = await ctx.db.transaction(async (tx) => {
    const row = await repo.moveTicket(tx, ticket.id, ticketFromStates(action), set);
    if (!row) throw new ConflictError(t('appt.error.changedMeanwhile'));
    if (ticket.bookingId && (to === 'done' || to === 'missed')) {
      const booking = await repo.findBooking(tx, ticket.bookingId);
      if (booking?.status === 'checked_in') {
        await repo.moveBooking(tx, booking.id, ['checked_in'], { status: bookingNext(booking.status, to === 'done' ? 'serve' : 'noShow', 'counter') });
        // a served booking opens its 好差评 in the same transaction (decision 0018): it is ratable exactly when it was served
        const subject = to === 'done' && ctx.ratings ? ratableOf(hall, booking, now) : undefined;
        if (subject) await ctx.ratings?.openRatable(tx, subject);
      }
    }
    await recordAudit(tx, actorOf(p as Principal), [
      { action: `ticket.${action}`, entity: 'appt_ticket', entityId: ticket.id, before: { status: ticket.status }, after: { status: to, window: window.number }, departmentId: hall.departmentId },
    ]);
    return row;
  });
  ctx.queueChanged(hall.id);
  return moved;
}

/** A served booking as the ratings module sees it: the hall's department answers for a bad rating. */
export function ratableOf(hall: DirectoryHall, booking: repo.BookingRow, concludedAt: Date): RatableSubject | undefined {
  const item = hall.items.find((i) => i.itemId === booking.itemId);
  const departmentId = hall.departmentId ?? item?.departmentId;
  // a hall of no department serving an item the catalogue no longer lists: nobody could rectify, so no rating
  if (!departmentId) return undefined;
  return {
    kind: 'booking',
    subjectRef: booking.code,
    title: t('appt.rating.title', { item: item?.name ?? '', hall: hall.name, code: booking.code }),
    itemId: booking.itemId,
    itemName: item?.name ?? null,
    departmentId,
    raterUserId: booking.userId,
    detailUrl: bookingUrl(booking.code),
    concludedAt,
  };
}

/** Send a called ticket to another queue of the hall, or to one window; it keeps its place in time. */
export async function transferTicket(ctx: AppointmentsContext, p: Principal | undefined, windowId: number, ticketId: number, input: TransferInput) {
  const { window, hall, ticket } = await counterTicket(ctx, p, windowId, ticketId);
  if (input.queueId === undefined && input.windowId === undefined) throw new BadRequestError(t('appt.error.transferWhere'));
  const queue = input.queueId !== undefined ? await repo.findQueue(ctx.db, input.queueId) : undefined;
  if (input.queueId !== undefined && (!queue || queue.hallId !== hall.id)) throw new NotFoundError(t('appt.error.queueNotFound'));
  const target = input.windowId !== undefined ? await repo.findWindow(ctx.db, input.windowId) : undefined;
  if (input.windowId !== undefined && (!target || target.hallId !== hall.id)) throw new NotFoundError(t('appt.error.windowNotFound'));
  const queueId = queue?.id ?? ticket.queueId;
  if (target?.queueIds.length && !target.queueIds.includes(queueId)) throw new BadRequestError(t('appt.error.windowNotServing'));
  const to = ticketNext(ticket.status, 'transfer');
  const moved = await ctx.db.transaction(async (tx) => {
    const row = await repo.moveTicket(tx, ticket.id, ticketFromStates('transfer'), { status: to, queueId, forWindowId: target?.id ?? null, windowId: null });
    if (!row) throw new ConflictError(t('appt.error.changedMeanwhile'));
    await recordAudit(tx, actorOf(p as Principal), [
      { action: 'ticket.transfer', entity: 'appt_ticket', entityId: ticket.id, before: { queueId: ticket.queueId, window: window.number }, after: { queueId, window: target?.number ?? null }, departmentId: hall.departmentId },
    ]);
    return row;
  });
  ctx.queueChanged(hall.id);
  return moved;
}

/** The windows a staff member may work, by hall. */
export async function myWindows(ctx: AppointmentsContext, p: Principal) {
  const halls = (await staffHalls(ctx, p)).filter((h) => h.abilities.counter);
  return Promise.all(halls.map(async (h) => ({ ...h, windows: await repo.windowsOf(ctx.db, h.hall.id) })));
}
