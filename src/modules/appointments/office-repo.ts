/**
 * The back office's SQL on appointments' own tables: windows changed, the tickets of a list of
 * bookings, and the two grouped reads reports are made of (bookings by day and item; tickets by
 * day, item and window). Averages are sums and counts, so any grouping can be added up exactly.
 */
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { apptBookings, apptSlots, apptTickets, apptWindows } from '../../db/schema/appointments.js';
import type { BookingStatus } from '../../db/schema/appointments.js';
import type { TicketRow, WindowRow } from './repo.js';

export async function updateWindow(db: Runner, id: number, set: { number: number; name: string; queueIds: number[] }): Promise<WindowRow | undefined> {
  const [row] = await db.update(apptWindows).set(set).where(eq(apptWindows.id, id)).returning();
  return row;
}

export async function ticketsOfBookings(db: Runner, bookingIds: number[]): Promise<TicketRow[]> {
  if (!bookingIds.length) return [];
  return db.select().from(apptTickets).where(inArray(apptTickets.bookingId, bookingIds));
}

export interface BookingCount {
  day: string;
  itemId: number;
  status: BookingStatus;
  n: number;
}

/** Bookings of a hall's slots from `from` to `to` (local days), counted by day, item and status. */
export async function bookingCounts(db: Runner, hallId: number, from: string, to: string): Promise<BookingCount[]> {
  const rows = await db
    .select({ day: apptSlots.day, itemId: apptBookings.itemId, status: apptBookings.status, n: sql<string>`count(*)` })
    .from(apptBookings)
    .innerJoin(apptSlots, eq(apptSlots.id, apptBookings.slotId))
    .where(and(eq(apptSlots.hallId, hallId), gte(apptSlots.day, from), lte(apptSlots.day, to)))
    .groupBy(apptSlots.day, apptBookings.itemId, apptBookings.status);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export interface TicketFigures {
  day: string;
  itemId: number | null;
  windowId: number | null;
  tickets: number;
  served: number;
  missed: number;
  waitSeconds: number;
  waited: number;
  serviceSeconds: number;
  timed: number;
}

/** Tickets of a hall's days, by day, item (the one served, else the booking's) and window. */
export async function ticketFigures(db: Runner, hallId: number, from: string, to: string): Promise<TicketFigures[]> {
  const item = sql<number | null>`coalesce(${apptTickets.itemId}, ${apptBookings.itemId})`;
  const rows = await db
    .select({
      day: apptTickets.day,
      itemId: item,
      windowId: apptTickets.windowId,
      tickets: sql<string>`count(*)`,
      served: sql<string>`count(*) filter (where ${apptTickets.status} = 'done')`,
      missed: sql<string>`count(*) filter (where ${apptTickets.status} = 'missed')`,
      waitSeconds: sql<string>`coalesce(sum(extract(epoch from ${apptTickets.calledAt} - ${apptTickets.createdAt})) filter (where ${apptTickets.calledAt} is not null), 0)`,
      waited: sql<string>`count(*) filter (where ${apptTickets.calledAt} is not null)`,
      serviceSeconds: sql<string>`coalesce(sum(extract(epoch from ${apptTickets.finishedAt} - ${apptTickets.startedAt})) filter (where ${apptTickets.finishedAt} is not null and ${apptTickets.startedAt} is not null), 0)`,
      timed: sql<string>`count(*) filter (where ${apptTickets.finishedAt} is not null and ${apptTickets.startedAt} is not null)`,
    })
    .from(apptTickets)
    .leftJoin(apptBookings, eq(apptBookings.id, apptTickets.bookingId))
    .where(and(eq(apptTickets.hallId, hallId), gte(apptTickets.day, from), lte(apptTickets.day, to)))
    .groupBy(apptTickets.day, item, apptTickets.windowId);
  return rows.map((r) => ({
    day: r.day,
    itemId: r.itemId === null ? null : Number(r.itemId),
    windowId: r.windowId,
    tickets: Number(r.tickets),
    served: Number(r.served),
    missed: Number(r.missed),
    waitSeconds: Number(r.waitSeconds),
    waited: Number(r.waited),
    serviceSeconds: Number(r.serviceSeconds),
    timed: Number(r.timed),
  }));
}

// ---- the booking path in one statement -------------------------------------------------------------

type NewBooking = { code: string; queueId: number; hallId: number; itemId: number; userId: number; idempotencyKey: string | null };

const rowsOf = (result: unknown) => ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as Record<string, unknown>[];
const dateOf = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/**
 * Take a seat and write the booking in one round trip: the conditional UPDATE of the slot row
 * (`booked < capacity`, the same guarantee as repo.takeSeat) feeds the INSERT, so a full slot
 * inserts nothing (undefined) and a unique index refusing the booking undoes the seat with it.
 */
export async function takeSeatAndBook(db: Runner, slotId: number, b: NewBooking): Promise<{ booking: import('./repo.js').BookingRow; booked: number } | undefined> {
  const result = await db.execute(sql`
    with seat as (
      update ${apptSlots} set booked = booked + 1
      where id = ${slotId} and booked < capacity
      returning id, booked
    )
    insert into ${apptBookings} (code, slot_id, queue_id, hall_id, item_id, user_id, status, idempotency_key)
    select ${b.code}, seat.id, ${b.queueId}, ${b.hallId}, ${b.itemId}, ${b.userId}, 'booked', ${b.idempotencyKey}
    from seat
    returning id, code, slot_id, queue_id, hall_id, item_id, user_id, status, sequence, idempotency_key, reminded_at, created_at, updated_at, from_waitlist,
      (select booked from seat) as seat_booked`);
  const r = rowsOf(result)[0];
  if (!r) return undefined;
  return {
    booking: {
      id: Number(r.id),
      code: String(r.code),
      slotId: Number(r.slot_id),
      queueId: Number(r.queue_id),
      hallId: Number(r.hall_id),
      itemId: Number(r.item_id),
      userId: Number(r.user_id),
      status: r.status as BookingStatus,
      sequence: Number(r.sequence),
      idempotencyKey: (r.idempotency_key as string | null) ?? null,
      remindedAt: dateOf(r.reminded_at),
      createdAt: dateOf(r.created_at) as Date,
      updatedAt: dateOf(r.updated_at) as Date,
      fromWaitlist: Boolean(r.from_waitlist),
    },
    booked: Number(r.seat_booked),
  };
}
