/**
 * Booking a slot, and everything that changes a booking before the citizen arrives: cancel,
 * reschedule, the waiting list, the reminder the day before and the no-show rule.
 *
 * A seat is taken by one conditional UPDATE of the slot row inside the booking's transaction
 * (repo.takeSeat): the database, not a count read beforehand, decides who gets the last seat.
 * One active booking per person and item is a unique index; a freed seat goes to the first on
 * the waiting list in the same transaction that freed it.
 */
import { randomInt } from 'node:crypto';
import { AppError, BadRequestError, ConflictError, NotFoundError, UnauthorizedError, sqlStateOf } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { Runner } from '../../../db/client.js';
import type { AppointmentsContext } from '../context.js';
import { type DirectoryHall, SYSTEM, actorOf, recordAudit } from '../faces.js';
import type { BookingInput } from '../forms.js';
import { CODE_ALPHABET, CODE_PATTERN, LIMITS } from '../model.js';
import { bookingNext } from '../policy.js';
import * as office from '../office-repo.js';
import * as repo from '../repo.js';
import { bookableDays } from '../schedule.js';
import { bookableItems, hallById, hallSetupOf, queueForItem } from './halls.js';

const DAY = 86_400_000;

export const newCode = () => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

function requireCitizen(p: Principal | undefined): asserts p is Principal {
  if (!p) throw new UnauthorizedError(t('appt.error.signIn'));
  if (p.kind === 'staff') throw new AppError(403, 'forbidden', t('appt.error.citizensOnly'));
}

/** Until when the no-show rule blocks a person from booking, or undefined. */
export async function blockedUntil(ctx: AppointmentsContext, userId: number, db: Runner = ctx.db): Promise<Date | undefined> {
  const { limit, windowDays, blockDays } = ctx.noShowRule;
  if (limit <= 0) return undefined;
  const now = ctx.clock.now().getTime();
  const times = await repo.noShowTimes(db, userId, new Date(now - (windowDays + blockDays) * DAY));
  let until: number | undefined;
  for (let i = limit - 1; i < times.length; i++) {
    const last = (times[i] as Date).getTime();
    if (last - (times[i - limit + 1] as Date).getTime() <= windowDays * DAY) until = Math.max(until ?? 0, last + blockDays * DAY);
  }
  return until !== undefined && until > now ? new Date(until) : undefined;
}

interface SlotCheck {
  slot: repo.SlotRow;
  queue: repo.QueueRow;
  hall: DirectoryHall;
}

/** The slot exists, serves the item in its hall, and may be booked now (released, not past). */
async function bookableSlot(ctx: AppointmentsContext, slotId: number, itemId: number): Promise<SlotCheck> {
  const slot = await repo.findSlot(ctx.db, slotId);
  if (!slot) throw new NotFoundError(t('appt.error.slotNotFound'));
  const hall = await hallById(ctx, slot.hallId);
  const { queues, hours } = await hallSetupOf(ctx, hall.id);
  const queue = queues.find((q) => q.id === slot.queueId);
  if (!queue) throw new NotFoundError(t('appt.error.slotNotFound'));
  if (!bookableItems(hall, queues).some((i) => i.itemId === itemId) || queueForItem(queues, itemId)?.id !== queue.id)
    throw new BadRequestError(t('appt.error.itemNotHere'), 'item_not_here');
  const now = ctx.clock.now();
  if (slot.startsAt.getTime() < now.getTime() + queue.minNoticeMinutes * 60_000) throw new BadRequestError(t('appt.error.slotPast', { minutes: queue.minNoticeMinutes }), 'slot_past');
  if (!bookableDays(ctx.calendar, hours, queue, now).includes(slot.day)) throw new BadRequestError(t('appt.error.notReleased', { time: queue.releaseTime }), 'slot_not_released');
  return { slot, queue, hall };
}

const itemName = (hall: DirectoryHall, itemId: number) => hall.items.find((i) => i.itemId === itemId)?.name ?? '';

const messageTimes = new Map<string, Intl.DateTimeFormat>();
/** A slot's time in messages, e.g. 3月5日周四 10:00 (one formatter per time zone: making one costs more than using it). */
const messageTime = (timeZone: string) =>
  messageTimes.get(timeZone) ??
  (messageTimes.set(timeZone, new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).get(timeZone) as Intl.DateTimeFormat);

/** What a message about a booking says. */
export function bookingVars(ctx: AppointmentsContext, b: Pick<repo.BookingRow, 'code' | 'itemId'>, slot: repo.SlotRow, hall: DirectoryHall) {
  const f = messageTime(ctx.calendar.timeZone);
  return { code: b.code, hall: hall.name, address: hall.address, item: itemName(hall, b.itemId), time: f.format(slot.startsAt), link: `${ctx.publicUrl}/appointments/bookings/${b.code}` };
}

export interface Booked {
  booking: repo.BookingRow;
  slot: repo.SlotRow;
  hall: DirectoryHall;
  /** false: the Idempotency-Key had already made it */
  created: boolean;
}

/** Book a seat of a slot for an item. */
export async function bookSlot(ctx: AppointmentsContext, p: Principal | undefined, input: BookingInput, idempotencyKey?: string): Promise<Booked> {
  requireCitizen(p);
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) throw new BadRequestError(t('appt.error.idempotencyKey'), 'bad_idempotency_key');
  const replay = async () => {
    const earlier = idempotencyKey ? await repo.bookingByKey(ctx.db, p.userId, idempotencyKey) : undefined;
    if (!earlier) return undefined;
    if (earlier.slotId !== input.slotId || earlier.itemId !== input.itemId) throw new AppError(422, 'idempotency_key_reused', t('appt.error.idempotencyMismatch'));
    const slot = (await repo.findSlot(ctx.db, earlier.slotId)) as repo.SlotRow;
    return { booking: earlier, slot, hall: await hallById(ctx, earlier.hallId), created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  // the three reads before writing go out together (a phone, the slot and its rules, the no-show rule)
  const [phone, checked, until] = await Promise.all([ctx.accounts.verifiedPhone(p.userId), bookableSlot(ctx, input.slotId, input.itemId), blockedUntil(ctx, p.userId)]);
  if (!phone) throw new BadRequestError(t('appt.error.phoneNeeded'), 'phone_needed');
  const { slot, queue, hall } = checked;
  if (until) throw new AppError(403, 'blocked', t('appt.error.blocked', { until: ctx.calendar.localDate(until), limit: ctx.noShowRule.limit, days: ctx.noShowRule.windowDays }));
  // a slot already full when read is refused without a transaction (under a rush most attempts are
  // these); a seat is only ever granted by the conditional UPDATE below, never by this read
  if (slot.booked >= slot.capacity) throw new AppError(409, 'slot_full', t('appt.error.full'));
  const code = newCode();
  try {
    return await ctx.db.transaction(async (tx) => {
      // the confirmation first: the slot row is locked only from the seat taken to the commit
      await ctx.accounts.notifyAccount(tx, p.userId, 'booking-confirmed', bookingVars(ctx, { code, itemId: input.itemId }, slot, hall));
      const made = await office.takeSeatAndBook(tx, slot.id, { code, queueId: queue.id, hallId: hall.id, itemId: input.itemId, userId: p.userId, idempotencyKey: idempotencyKey ?? null });
      if (!made) throw new AppError(409, 'slot_full', t('appt.error.full'));
      const { booking } = made;
      await recordAudit(tx, actorOf(p), [{ action: 'booking.create', entity: 'appt_booking', entityId: booking.id, after: { slotId: slot.id, itemId: input.itemId, code: booking.code } }]);
      return { booking, slot: { ...slot, booked: made.booked }, hall, created: true };
    });
  } catch (e) {
    if (sqlStateOf(e) !== '23505') throw e;
    // a unique index said no: the same Idempotency-Key a moment ago, or a second active booking
    const again = await replay();
    if (again) return again;
    throw new ConflictError(t('appt.error.alreadyBooked'));
  }
}

/** The owner's booking by code; anyone else's (or a forged code) is "not found". */
async function ownBooking(ctx: AppointmentsContext, p: Principal | undefined, code: string) {
  requireCitizen(p);
  const booking = CODE_PATTERN.test(code) ? await repo.bookingByCode(ctx.db, code) : undefined;
  if (!booking || booking.userId !== p.userId) throw new NotFoundError(t('appt.error.bookingNotFound'));
  const slot = (await repo.findSlot(ctx.db, booking.slotId)) as repo.SlotRow;
  const queue = (await repo.findQueue(ctx.db, booking.queueId)) as repo.QueueRow;
  return { booking, slot, queue, hall: await hallById(ctx, booking.hallId) };
}

function beforeCutoff(ctx: AppointmentsContext, slot: repo.SlotRow, queue: repo.QueueRow) {
  if (slot.startsAt.getTime() - ctx.clock.now().getTime() < queue.cancelCutoffMinutes * 60_000)
    throw new BadRequestError(t('appt.error.pastCutoff', { hours: Math.round((queue.cancelCutoffMinutes / 60) * 10) / 10 }), 'past_cutoff');
}

/**
 * Give a freed seat to the first on the waiting list who may still have it, in the transaction
 * that freed it; each is told. Someone who booked the item meanwhile, or is blocked, is passed over.
 */
async function fillFromWaitlist(ctx: AppointmentsContext, tx: Runner, slotId: number, hall: DirectoryHall): Promise<void> {
  for (let guard = 0; guard < 50; guard++) {
    const next = await repo.firstWaiting(tx, slotId);
    if (!next) return;
    if (await blockedUntil(ctx, next.userId, tx)) {
      await repo.closeWait(tx, next.id, 'left');
      continue;
    }
    const slot = await repo.takeSeat(tx, slotId);
    if (!slot) return;
    const code = newCode();
    // a savepoint: a second active booking for the item passes this person over, not the cancellation
    const booking = await tx
      .transaction((sp) => repo.insertBooking(sp, { code, slotId, queueId: slot.queueId, hallId: slot.hallId, itemId: next.itemId, userId: next.userId, status: 'booked', fromWaitlist: true }))
      .catch((e) => {
        if (sqlStateOf(e) === '23505') return undefined;
        throw e;
      });
    if (!booking) {
      await repo.freeSeat(tx, slotId);
      await repo.closeWait(tx, next.id, 'left');
      continue;
    }
    await repo.closeWait(tx, next.id, 'booked', booking.id);
    await recordAudit(tx, SYSTEM, [{ action: 'booking.fromWaitlist', entity: 'appt_booking', entityId: booking.id, after: { slotId, waitId: next.id, userId: next.userId } }]);
    await ctx.accounts.notifyAccount(tx, next.userId, 'booking-from-waitlist', bookingVars(ctx, booking, slot, hall));
    return;
  }
}

export async function cancelBooking(ctx: AppointmentsContext, p: Principal | undefined, code: string) {
  const { booking, slot, queue, hall } = await ownBooking(ctx, p, code);
  const to = bookingNext(booking.status, 'cancel', 'owner');
  beforeCutoff(ctx, slot, queue);
  return ctx.db.transaction(async (tx) => {
    const moved = await repo.moveBooking(tx, booking.id, ['booked'], { status: to, sequence: booking.sequence + 1 });
    if (!moved) throw new ConflictError(t('appt.error.changedMeanwhile'));
    await repo.freeSeat(tx, slot.id);
    await recordAudit(tx, actorOf(p as Principal), [{ action: 'booking.cancel', entity: 'appt_booking', entityId: booking.id, before: { status: booking.status }, after: { status: to } }]);
    await ctx.accounts.notifyAccount(tx, booking.userId, 'booking-cancelled', bookingVars(ctx, moved, slot, hall));
    await fillFromWaitlist(ctx, tx, slot.id, hall);
    return moved;
  });
}

export async function rescheduleBooking(ctx: AppointmentsContext, p: Principal | undefined, code: string, slotId: number) {
  const { booking, slot, queue, hall } = await ownBooking(ctx, p, code);
  bookingNext(booking.status, 'reschedule', 'owner');
  beforeCutoff(ctx, slot, queue);
  if (slotId === slot.id) throw new BadRequestError(t('appt.error.sameSlot'));
  const target = await bookableSlot(ctx, slotId, booking.itemId);
  return ctx.db.transaction(async (tx) => {
    const taken = await repo.takeSeat(tx, target.slot.id);
    if (!taken) throw new AppError(409, 'slot_full', t('appt.error.full'));
    const moved = await repo.moveBooking(tx, booking.id, ['booked'], { slotId: taken.id, sequence: booking.sequence + 1, remindedAt: null });
    if (!moved) throw new ConflictError(t('appt.error.changedMeanwhile'));
    await repo.freeSeat(tx, slot.id);
    await recordAudit(tx, actorOf(p as Principal), [{ action: 'booking.reschedule', entity: 'appt_booking', entityId: booking.id, before: { slotId: slot.id }, after: { slotId: taken.id } }]);
    await ctx.accounts.notifyAccount(tx, booking.userId, 'booking-changed', bookingVars(ctx, moved, taken, hall));
    await fillFromWaitlist(ctx, tx, slot.id, hall);
    return moved;
  });
}

/** Wait for a seat of a full slot; the first freed seat is booked for the first waiting. */
export async function joinWaitlist(ctx: AppointmentsContext, p: Principal | undefined, input: BookingInput) {
  requireCitizen(p);
  if (!(await ctx.accounts.verifiedPhone(p.userId))) throw new BadRequestError(t('appt.error.phoneNeeded'), 'phone_needed');
  const { slot } = await bookableSlot(ctx, input.slotId, input.itemId);
  if (slot.booked < slot.capacity) throw new BadRequestError(t('appt.error.notFull'), 'slot_not_full');
  const until = await blockedUntil(ctx, p.userId);
  if (until) throw new AppError(403, 'blocked', t('appt.error.blocked', { until: ctx.calendar.localDate(until), limit: ctx.noShowRule.limit, days: ctx.noShowRule.windowDays }));
  return ctx.db.transaction(async (tx) => {
    const w = await repo.insertWait(tx, { slotId: slot.id, userId: p.userId, itemId: input.itemId });
    if (!w) throw new ConflictError(t('appt.error.alreadyWaiting'));
    await recordAudit(tx, actorOf(p), [{ action: 'booking.wait', entity: 'appt_slot', entityId: slot.id, after: { itemId: input.itemId } }]);
    return w;
  });
}

export async function leaveWaitlist(ctx: AppointmentsContext, p: Principal | undefined, waitId: number) {
  requireCitizen(p);
  const left = await repo.leaveWait(ctx.db, p.userId, waitId);
  if (!left) throw new NotFoundError(t('appt.error.bookingNotFound'));
}

/** A person's bookings and waiting places, newest first. */
export async function myBookings(ctx: AppointmentsContext, p: Principal | undefined) {
  requireCitizen(p);
  const [bookings, waits] = await Promise.all([repo.bookingsOfUser(ctx.db, p.userId), repo.waitsOfUser(ctx.db, p.userId)]);
  const slots = new Map<number, repo.SlotRow>();
  for (const id of new Set([...bookings.map((b) => b.slotId), ...waits.map((w) => w.slotId)])) {
    const s = await repo.findSlot(ctx.db, id);
    if (s) slots.set(id, s);
  }
  const directory = await ctx.catalog.hallDirectory();
  const hallOf = (id: number) => directory.find((h) => h.id === id);
  return {
    bookings: bookings.map((b) => ({ booking: b, slot: slots.get(b.slotId) as repo.SlotRow, hall: hallOf(b.hallId) })),
    waits: await Promise.all(waits.map(async (w) => ({ wait: w, slot: slots.get(w.slotId) as repo.SlotRow, place: await repo.waitPlace(ctx.db, w), hall: hallOf(slots.get(w.slotId)?.hallId ?? 0) }))),
  };
}

/** One booking of its owner, with its ticket once checked in. */
export async function myBooking(ctx: AppointmentsContext, p: Principal | undefined, code: string) {
  const found = await ownBooking(ctx, p, code);
  return { ...found, ticket: await repo.ticketOfBooking(ctx.db, found.booking.id) };
}

/** A booking by its code alone (the .ics link a calendar app fetches): the code is the key. */
export async function bookingForCalendar(ctx: AppointmentsContext, code: string) {
  const booking = CODE_PATTERN.test(code) ? await repo.bookingByCode(ctx.db, code) : undefined;
  if (!booking) throw new NotFoundError(t('appt.error.bookingNotFound'));
  const slot = (await repo.findSlot(ctx.db, booking.slotId)) as repo.SlotRow;
  return { booking, slot, hall: await hallById(ctx, booking.hallId) };
}

// ---- the scheduler's work -------------------------------------------------------------------------

/** Remind everyone booked for tomorrow, once (runs every few minutes; a reminder is sent once). */
export async function sendReminders(ctx: AppointmentsContext): Promise<number> {
  const now = ctx.clock.now();
  const today = ctx.calendar.localDate(now);
  const tomorrow = ctx.calendar.startOfDay(new Date(Date.parse(`${today}T00:00:00Z`) + DAY).toISOString().slice(0, 10));
  const after = new Date(tomorrow.getTime() + DAY + 3_600_000);
  const dayAfter = ctx.calendar.startOfDay(ctx.calendar.localDate(after));
  const directory = await ctx.catalog.hallDirectory();
  let sent = 0;
  for (;;) {
    const n = await ctx.db.transaction(async (tx) => {
      const due = await repo.dueReminders(tx, tomorrow, dayAfter, 200);
      for (const b of due) {
        const hall = directory.find((h) => h.id === b.hallId);
        if (hall) await ctx.accounts.notifyAccount(tx, b.userId, 'booking-reminder', bookingVars(ctx, b, { startsAt: b.startsAt } as repo.SlotRow, hall));
        await repo.moveBooking(tx, b.id, ['booked'], { remindedAt: now });
      }
      return due.length;
    });
    sent += n;
    if (n < 200) return sent;
  }
}

/** Bookings whose slot ended without the person taking a ticket become no-shows. */
export async function markNoShows(ctx: AppointmentsContext): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - LIMITS.noShowGraceMinutes * 60_000);
  let marked = 0;
  for (;;) {
    const n = await ctx.db.transaction(async (tx) => {
      const due = await repo.dueNoShows(tx, before, 200);
      for (const b of due) {
        await repo.moveBooking(tx, b.id, ['booked'], { status: bookingNext(b.status, 'noShow', 'system') });
      }
      if (due.length) await recordAudit(tx, SYSTEM, due.map((b) => ({ action: 'booking.noShow', entity: 'appt_booking', entityId: b.id, before: { status: 'booked' }, after: { status: 'no_show' } })));
      return due.length;
    });
    marked += n;
    if (n < 200) return marked;
  }
}
