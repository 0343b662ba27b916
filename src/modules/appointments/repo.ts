/**
 * All SQL of appointments, on its own tables only (db/schema/appointments.ts). Seats are taken
 * and given back by one conditional UPDATE of the slot row each (`booked < capacity`): the row
 * lock serialises concurrent bookings and the CHECK constraint backs it, so a slot never holds
 * more bookings than seats, on PGlite or PostgreSQL, however many processes book at once.
 */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import {
  apptBookings,
  apptExceptions,
  apptHallStaff,
  apptHours,
  apptNumbers,
  apptQueues,
  apptSlots,
  apptTickets,
  apptWaitlist,
  apptWindows,
  type BookingStatus,
  type TicketStatus,
} from '../../db/schema/appointments.js';

export type QueueRow = typeof apptQueues.$inferSelect;
export type WindowRow = typeof apptWindows.$inferSelect;
export type HoursRow = typeof apptHours.$inferSelect;
export type ExceptionRow = typeof apptExceptions.$inferSelect;
export type SlotRow = typeof apptSlots.$inferSelect;
export type BookingRow = typeof apptBookings.$inferSelect;
export type TicketRow = typeof apptTickets.$inferSelect;
export type WaitRow = typeof apptWaitlist.$inferSelect;

// ---- halls: queues, windows, hours, exceptions, staff -------------------------------------------

export const queuesOf = (db: Runner, hallId: number) => db.select().from(apptQueues).where(eq(apptQueues.hallId, hallId)).orderBy(asc(apptQueues.sort), asc(apptQueues.id));
export const allQueues = (db: Runner) => db.select().from(apptQueues).orderBy(asc(apptQueues.hallId), asc(apptQueues.sort), asc(apptQueues.id));

export async function findQueue(db: Runner, id: number): Promise<QueueRow | undefined> {
  const [row] = await db.select().from(apptQueues).where(eq(apptQueues.id, id));
  return row;
}

export async function insertQueue(db: Runner, row: typeof apptQueues.$inferInsert): Promise<QueueRow> {
  const [created] = await db.insert(apptQueues).values(row).returning();
  return created as QueueRow;
}

/** Change a queue's rules if it is still at `version`; undefined when someone changed it first. */
export async function updateQueueRules(db: Runner, id: number, version: number, set: Partial<typeof apptQueues.$inferInsert>): Promise<QueueRow | undefined> {
  const [row] = await db
    .update(apptQueues)
    .set({ ...set, version: sql`${apptQueues.version} + 1` })
    .where(and(eq(apptQueues.id, id), eq(apptQueues.version, version)))
    .returning();
  return row;
}

export const windowsOf = (db: Runner, hallId: number) => db.select().from(apptWindows).where(eq(apptWindows.hallId, hallId)).orderBy(asc(apptWindows.number));

export async function findWindow(db: Runner, id: number): Promise<WindowRow | undefined> {
  const [row] = await db.select().from(apptWindows).where(eq(apptWindows.id, id));
  return row;
}

export async function insertWindow(db: Runner, row: typeof apptWindows.$inferInsert): Promise<WindowRow> {
  const [created] = await db.insert(apptWindows).values(row).returning();
  return created as WindowRow;
}

export async function setWindowOpen(db: Runner, id: number, open: boolean): Promise<void> {
  await db.update(apptWindows).set({ open }).where(eq(apptWindows.id, id));
}

export const hoursOf = (db: Runner, hallId: number) => db.select().from(apptHours).where(eq(apptHours.hallId, hallId)).orderBy(asc(apptHours.weekday), asc(apptHours.opens));

export async function replaceHours(db: Runner, hallId: number, rows: { weekday: number; opens: string; closes: string }[]): Promise<void> {
  await db.delete(apptHours).where(eq(apptHours.hallId, hallId));
  if (rows.length) await db.insert(apptHours).values(rows.map((r) => ({ ...r, hallId })));
}

export const exceptionsOf = (db: Runner, hallId: number, from: string) =>
  db.select().from(apptExceptions).where(and(eq(apptExceptions.hallId, hallId), gte(apptExceptions.day, from))).orderBy(asc(apptExceptions.day));

export async function upsertException(db: Runner, row: typeof apptExceptions.$inferInsert): Promise<void> {
  await db
    .insert(apptExceptions)
    .values(row)
    .onConflictDoUpdate({ target: [apptExceptions.hallId, apptExceptions.day], set: { kind: row.kind, opens: row.opens ?? null, closes: row.closes ?? null, note: row.note } });
}

export async function deleteException(db: Runner, hallId: number, id: number): Promise<ExceptionRow | undefined> {
  const [row] = await db.delete(apptExceptions).where(and(eq(apptExceptions.id, id), eq(apptExceptions.hallId, hallId))).returning();
  return row;
}

export async function hallsOfStaff(db: Runner, userId: number): Promise<number[]> {
  return (await db.select({ hallId: apptHallStaff.hallId }).from(apptHallStaff).where(eq(apptHallStaff.userId, userId))).map((r) => r.hallId);
}

export async function assignStaff(db: Runner, userId: number, hallId: number): Promise<void> {
  await db.insert(apptHallStaff).values({ userId, hallId }).onConflictDoNothing();
}

// ---- slots -----------------------------------------------------------------------------------------

export async function insertSlots(db: Runner, rows: (typeof apptSlots.$inferInsert)[]): Promise<number> {
  let made = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const done = await db.insert(apptSlots).values(rows.slice(i, i + 500)).onConflictDoNothing().returning({ id: apptSlots.id });
    made += done.length;
  }
  return made;
}

export const slotsOf = (db: Runner, queueId: number, days: string[]) =>
  days.length
    ? db.select().from(apptSlots).where(and(eq(apptSlots.queueId, queueId), inArray(apptSlots.day, days))).orderBy(asc(apptSlots.startsAt))
    : Promise.resolve([] as SlotRow[]);

export const slotsOfHallDay = (db: Runner, hallId: number, day: string) =>
  db.select().from(apptSlots).where(and(eq(apptSlots.hallId, hallId), eq(apptSlots.day, day))).orderBy(asc(apptSlots.startsAt), asc(apptSlots.queueId));

export async function findSlot(db: Runner, id: number): Promise<SlotRow | undefined> {
  const [row] = await db.select().from(apptSlots).where(eq(apptSlots.id, id));
  return row;
}

/** Take one seat: the slot row after, or undefined when it was full. */
export async function takeSeat(db: Runner, slotId: number): Promise<SlotRow | undefined> {
  const [row] = await db
    .update(apptSlots)
    .set({ booked: sql`${apptSlots.booked} + 1` })
    .where(and(eq(apptSlots.id, slotId), sql`${apptSlots.booked} < ${apptSlots.capacity}`))
    .returning();
  return row;
}

export async function freeSeat(db: Runner, slotId: number): Promise<void> {
  await db
    .update(apptSlots)
    .set({ booked: sql`${apptSlots.booked} - 1` })
    .where(and(eq(apptSlots.id, slotId), sql`${apptSlots.booked} > 0`));
}

/** Set a slot's seats; undefined when it would fall below the seats already booked. */
export async function setCapacity(db: Runner, slotId: number, capacity: number): Promise<SlotRow | undefined> {
  const [row] = await db
    .update(apptSlots)
    .set({ capacity })
    .where(and(eq(apptSlots.id, slotId), lte(apptSlots.booked, capacity)))
    .returning();
  return row;
}

// ---- bookings -----------------------------------------------------------------------------------

export async function insertBooking(db: Runner, row: typeof apptBookings.$inferInsert): Promise<BookingRow> {
  const [created] = await db.insert(apptBookings).values(row).returning();
  return created as BookingRow;
}

export async function findBooking(db: Runner, id: number): Promise<BookingRow | undefined> {
  const [row] = await db.select().from(apptBookings).where(eq(apptBookings.id, id));
  return row;
}

export async function bookingByCode(db: Runner, code: string): Promise<BookingRow | undefined> {
  const [row] = await db.select().from(apptBookings).where(eq(apptBookings.code, code));
  return row;
}

export async function bookingByKey(db: Runner, userId: number, key: string): Promise<BookingRow | undefined> {
  const [row] = await db.select().from(apptBookings).where(and(eq(apptBookings.userId, userId), eq(apptBookings.idempotencyKey, key)));
  return row;
}

export const bookingsOfUser = (db: Runner, userId: number) =>
  db.select().from(apptBookings).where(eq(apptBookings.userId, userId)).orderBy(desc(apptBookings.createdAt), desc(apptBookings.id)).limit(200);

export async function bookingsOfSlots(db: Runner, slotIds: number[]): Promise<BookingRow[]> {
  if (!slotIds.length) return [];
  return db.select().from(apptBookings).where(inArray(apptBookings.slotId, slotIds)).orderBy(asc(apptBookings.id));
}

/** Move a booking on if it is still in `from`; undefined when it was not (someone was first). */
export async function moveBooking(db: Runner, id: number, from: BookingStatus[], set: Partial<typeof apptBookings.$inferInsert>): Promise<BookingRow | undefined> {
  const [row] = await db
    .update(apptBookings)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(apptBookings.id, id), inArray(apptBookings.status, from)))
    .returning();
  return row;
}

/** When the person did not come, newest first, since `since` (by the slot's start). */
export async function noShowTimes(db: Runner, userId: number, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: apptSlots.startsAt })
    .from(apptBookings)
    .innerJoin(apptSlots, eq(apptSlots.id, apptBookings.slotId))
    .where(and(eq(apptBookings.userId, userId), eq(apptBookings.status, 'no_show'), gte(apptSlots.startsAt, since)))
    .orderBy(asc(apptSlots.startsAt));
  return rows.map((r) => new Date(r.at));
}

/** Bookings of slots starting in [from, to) not yet reminded, locked for this run. */
export async function dueReminders(db: Runner, from: Date, to: Date, limit: number): Promise<(BookingRow & { startsAt: Date })[]> {
  const rows = await db
    .select({ b: apptBookings, startsAt: apptSlots.startsAt })
    .from(apptBookings)
    .innerJoin(apptSlots, eq(apptSlots.id, apptBookings.slotId))
    .where(and(eq(apptBookings.status, 'booked'), sql`${apptBookings.remindedAt} is null`, gte(apptSlots.startsAt, from), lt(apptSlots.startsAt, to)))
    .limit(limit)
    .for('update', { of: apptBookings, skipLocked: true });
  return rows.map((r) => ({ ...r.b, startsAt: new Date(r.startsAt) }));
}

/** Bookings still 'booked' whose slot ended before `before`, locked for this run. */
export async function dueNoShows(db: Runner, before: Date, limit: number): Promise<BookingRow[]> {
  const rows = await db
    .select({ b: apptBookings })
    .from(apptBookings)
    .innerJoin(apptSlots, eq(apptSlots.id, apptBookings.slotId))
    .where(and(eq(apptBookings.status, 'booked'), lt(apptSlots.endsAt, before)))
    .limit(limit)
    .for('update', { of: apptBookings, skipLocked: true });
  return rows.map((r) => r.b);
}

// ---- waiting list -----------------------------------------------------------------------------

export async function insertWait(db: Runner, row: typeof apptWaitlist.$inferInsert): Promise<WaitRow | undefined> {
  const [created] = await db.insert(apptWaitlist).values(row).onConflictDoNothing().returning();
  return created;
}

/** The first still waiting for a slot, locked: who gets the seat just freed. */
export async function firstWaiting(db: Runner, slotId: number): Promise<WaitRow | undefined> {
  const [row] = await db
    .select()
    .from(apptWaitlist)
    .where(and(eq(apptWaitlist.slotId, slotId), eq(apptWaitlist.status, 'waiting')))
    .orderBy(asc(apptWaitlist.id))
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

export async function closeWait(db: Runner, id: number, status: 'booked' | 'left', bookingId?: number): Promise<void> {
  await db.update(apptWaitlist).set({ status, bookingId: bookingId ?? null }).where(eq(apptWaitlist.id, id));
}

export async function leaveWait(db: Runner, userId: number, id: number): Promise<WaitRow | undefined> {
  const [row] = await db
    .update(apptWaitlist)
    .set({ status: 'left' })
    .where(and(eq(apptWaitlist.id, id), eq(apptWaitlist.userId, userId), eq(apptWaitlist.status, 'waiting')))
    .returning();
  return row;
}

export const waitsOfUser = (db: Runner, userId: number) =>
  db.select().from(apptWaitlist).where(and(eq(apptWaitlist.userId, userId), eq(apptWaitlist.status, 'waiting'))).orderBy(asc(apptWaitlist.id));

/** Place in the waiting list of its slot (1 = next). */
export async function waitPlace(db: Runner, w: WaitRow): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(apptWaitlist)
    .where(and(eq(apptWaitlist.slotId, w.slotId), eq(apptWaitlist.status, 'waiting'), lte(apptWaitlist.id, w.id)));
  return Number(row?.n ?? 0);
}

// ---- tickets ---------------------------------------------------------------------------------------

/** The next number of a queue on a day: one row per queue and day, incremented in place. */
export async function nextNumber(db: Runner, queueId: number, day: string): Promise<number> {
  const [row] = await db
    .insert(apptNumbers)
    .values({ queueId, day, last: 1 })
    .onConflictDoUpdate({ target: [apptNumbers.queueId, apptNumbers.day], set: { last: sql`${apptNumbers.last} + 1` } })
    .returning({ last: apptNumbers.last });
  return row?.last ?? 1;
}

export async function insertTicket(db: Runner, row: typeof apptTickets.$inferInsert): Promise<TicketRow> {
  const [created] = await db.insert(apptTickets).values(row).returning();
  return created as TicketRow;
}

export async function ticketByToken(db: Runner, token: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(apptTickets).where(eq(apptTickets.token, token));
  return row;
}

export async function findTicket(db: Runner, id: number): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(apptTickets).where(eq(apptTickets.id, id));
  return row;
}

export async function ticketOfBooking(db: Runner, bookingId: number): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(apptTickets).where(eq(apptTickets.bookingId, bookingId));
  return row;
}

/** Every ticket of a hall's day (a hall gives a few hundred a day). */
export const ticketsOfDay = (db: Runner, hallId: number, day: string) =>
  db.select().from(apptTickets).where(and(eq(apptTickets.hallId, hallId), eq(apptTickets.day, day))).orderBy(asc(apptTickets.id));

/** The order a queue is called in: a number called and not there (过号) goes behind the others; then green channel, booked, by the time taken. */
const callOrder = [
  asc(apptTickets.skips),
  desc(sql`(${apptTickets.priorityGroup} is not null)`),
  desc(sql`(${apptTickets.kind} = 'booked')`),
  asc(apptTickets.queuedAt),
  asc(apptTickets.id),
];
export { callOrder };

/** The next ticket a window calls, locked (a second window calling at once takes the one after). */
export async function nextForWindow(db: Runner, hallId: number, day: string, queueIds: number[], windowId: number): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(apptTickets)
    .where(
      and(
        eq(apptTickets.hallId, hallId),
        eq(apptTickets.day, day),
        eq(apptTickets.status, 'waiting'),
        inArray(apptTickets.queueId, queueIds),
        sql`(${apptTickets.forWindowId} is null or ${apptTickets.forWindowId} = ${windowId})`,
      ),
    )
    .orderBy(...callOrder)
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

/** Move a ticket on if it is still in `from` (and, when given, at `windowId`). */
export async function moveTicket(db: Runner, id: number, from: TicketStatus[], set: Partial<typeof apptTickets.$inferInsert>): Promise<TicketRow | undefined> {
  const [row] = await db
    .update(apptTickets)
    .set({ ...set, version: sql`${apptTickets.version} + 1` })
    .where(and(eq(apptTickets.id, id), inArray(apptTickets.status, from)))
    .returning();
  return row;
}

/** A window's ticket now being called or served. */
export async function currentAtWindow(db: Runner, windowId: number, day: string): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(apptTickets)
    .where(and(eq(apptTickets.windowId, windowId), eq(apptTickets.day, day), inArray(apptTickets.status, ['called', 'serving'])))
    .orderBy(desc(apptTickets.calledAt))
    .limit(1);
  return row;
}

/** Minutes from taking a ticket to being called, and from start to finish, averaged over a hall's day. */
export async function dayAverages(db: Runner, hallId: number, day: string): Promise<{ waitMinutes: number | null; serviceMinutes: number | null; served: number }> {
  const [row] = await db
    .select({
      wait: sql<string | null>`avg(extract(epoch from ${apptTickets.calledAt} - ${apptTickets.createdAt})) filter (where ${apptTickets.calledAt} is not null)`,
      service: sql<string | null>`avg(extract(epoch from ${apptTickets.finishedAt} - ${apptTickets.startedAt})) filter (where ${apptTickets.finishedAt} is not null and ${apptTickets.startedAt} is not null)`,
      served: sql<string>`count(*) filter (where ${apptTickets.status} = 'done')`,
    })
    .from(apptTickets)
    .where(and(eq(apptTickets.hallId, hallId), eq(apptTickets.day, day), isNotNull(apptTickets.id)));
  const min = (v: string | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v) / 6) / 10);
  return { waitMinutes: min(row?.wait), serviceMinutes: min(row?.service), served: Number(row?.served ?? 0) };
}
