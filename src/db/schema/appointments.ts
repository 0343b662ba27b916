/**
 * Tables of the appointments module: for each of the catalogue's halls its queues (an item group
 * with its booking rules and ticket prefix), windows, opening hours and exceptions; the slots made
 * from the rules, the bookings and the waiting list; the day's queue tickets and their numbers.
 *
 * Two guarantees live here rather than in code: a slot never holds more bookings than seats
 * (`booked <= capacity`, and booking is one conditional UPDATE of the slot row), and a person has
 * at most one active booking per item (a partial unique index).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { halls } from './catalog.js';

const stamp = (name: string) => timestamp(name, { withTimezone: true });

/** A queue of a hall: the items it serves, its ticket prefix and the rules its slots are made by. */
export const apptQueues = pgTable(
  'appt_queues',
  {
    id: serial('id').primaryKey(),
    hallId: integer('hall_id')
      .notNull()
      .references(() => halls.id),
    /** the letter on its tickets: A001 */
    prefix: text('prefix').notNull(),
    name: text('name').notNull(),
    /** the catalogue's items this queue serves */
    itemIds: jsonb('item_ids').$type<number[]>().notNull(),
    slotMinutes: integer('slot_minutes').notNull().default(30),
    seats: integer('seats').notNull().default(4),
    /** bookable this many working days ahead */
    horizonDays: integer('horizon_days').notNull().default(7),
    /** local time the furthest day opens for booking, 'HH:MM' */
    releaseTime: text('release_time').notNull().default('08:00'),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(60),
    cancelCutoffMinutes: integer('cancel_cutoff_minutes').notNull().default(120),
    /** minutes a citizen may take their ticket before the slot starts */
    checkInEarlyMinutes: integer('check_in_early_minutes').notNull().default(30),
    sort: integer('sort').notNull().default(0),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('appt_queues_prefix').on(t.hallId, t.prefix), check('appt_queues_rules', sql`${t.slotMinutes} between 5 and 240 and ${t.seats} between 0 and 500 and ${t.horizonDays} between 1 and 60`)],
);

/** A service window (综合窗口 or one for certain queues). */
export const apptWindows = pgTable(
  'appt_windows',
  {
    id: serial('id').primaryKey(),
    hallId: integer('hall_id')
      .notNull()
      .references(() => halls.id),
    /** what the board and the caller say: 3号窗口 */
    number: integer('number').notNull(),
    name: text('name').notNull(),
    /** the queues it calls from; empty: every queue of the hall (综合窗口) */
    queueIds: jsonb('queue_ids').$type<number[]>().notNull(),
    /** staffed now: a window is open when someone opened it at the counter */
    open: boolean('open').notNull().default(false),
  },
  (t) => [uniqueIndex('appt_windows_number').on(t.hallId, t.number)],
);

/** Regular opening hours: one row per period (morning, afternoon) of a weekday (1 Monday … 7 Sunday). */
export const apptHours = pgTable(
  'appt_hours',
  {
    id: serial('id').primaryKey(),
    hallId: integer('hall_id')
      .notNull()
      .references(() => halls.id),
    weekday: integer('weekday').notNull(),
    opens: text('opens').notNull(),
    closes: text('closes').notNull(),
  },
  (t) => [index('appt_hours_hall').on(t.hallId)],
);

/** A day that differs: closed (kind 'closed') or open with its own hours ('open'). */
export const apptExceptions = pgTable(
  'appt_exceptions',
  {
    id: serial('id').primaryKey(),
    hallId: integer('hall_id')
      .notNull()
      .references(() => halls.id),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').$type<'closed' | 'open'>().notNull(),
    opens: text('opens'),
    closes: text('closes'),
    note: text('note').notNull(),
  },
  (t) => [uniqueIndex('appt_exceptions_day').on(t.hallId, t.day)],
);

/** Staff who work in a hall (window clerks, hall managers): their counter and pages are this hall's. */
export const apptHallStaff = pgTable(
  'appt_hall_staff',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    hallId: integer('hall_id')
      .notNull()
      .references(() => halls.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.hallId] })],
);

export const apptSlots = pgTable(
  'appt_slots',
  {
    id: serial('id').primaryKey(),
    queueId: integer('queue_id')
      .notNull()
      .references(() => apptQueues.id),
    hallId: integer('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    startsAt: stamp('starts_at').notNull(),
    endsAt: stamp('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
  },
  (t) => [
    uniqueIndex('appt_slots_start').on(t.queueId, t.startsAt),
    index('appt_slots_day').on(t.hallId, t.day),
    check('appt_slots_seats', sql`${t.booked} >= 0 and ${t.booked} <= ${t.capacity}`),
  ],
);

export const BOOKING_STATUSES = ['booked', 'checked_in', 'served', 'cancelled', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const apptBookings = pgTable(
  'appt_bookings',
  {
    id: serial('id').primaryKey(),
    /** what the citizen shows at the kiosk: 10 letters and digits, hard to guess */
    code: text('code').notNull(),
    slotId: integer('slot_id')
      .notNull()
      .references(() => apptSlots.id),
    queueId: integer('queue_id').notNull(),
    hallId: integer('hall_id').notNull(),
    itemId: integer('item_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    status: text('status').$type<BookingStatus>().notNull(),
    /** the .ics SEQUENCE: bumped by every change the calendar should hear of */
    sequence: integer('sequence').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    remindedAt: stamp('reminded_at'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
    /** from the waiting list: the seat it took was freed by someone else */
    fromWaitlist: boolean('from_waitlist').notNull().default(false),
  },
  (t) => [
    uniqueIndex('appt_bookings_code').on(t.code),
    uniqueIndex('appt_bookings_one_active').on(t.userId, t.itemId).where(sql`status in ('booked', 'checked_in')`),
    uniqueIndex('appt_bookings_idempotency').on(t.userId, t.idempotencyKey),
    index('appt_bookings_slot').on(t.slotId),
    index('appt_bookings_user').on(t.userId, t.status),
  ],
);

export const apptWaitlist = pgTable(
  'appt_waitlist',
  {
    id: serial('id').primaryKey(),
    slotId: integer('slot_id')
      .notNull()
      .references(() => apptSlots.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    itemId: integer('item_id').notNull(),
    status: text('status').$type<'waiting' | 'booked' | 'left'>().notNull().default('waiting'),
    bookingId: integer('booking_id'),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appt_waitlist_one').on(t.slotId, t.userId).where(sql`status = 'waiting'`),
    index('appt_waitlist_order').on(t.slotId, t.status, t.id),
  ],
);

/** The last number given in a queue on a day (A001, A002…): one row, incremented in place. */
export const apptNumbers = pgTable(
  'appt_numbers',
  {
    queueId: integer('queue_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.day] })],
);

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'missed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const apptTickets = pgTable(
  'appt_tickets',
  {
    id: serial('id').primaryKey(),
    hallId: integer('hall_id').notNull(),
    queueId: integer('queue_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** A001: the queue's prefix and the day's number */
    label: text('label').notNull(),
    /** the ticket's own address for the phone (unguessable) */
    token: text('token').notNull(),
    bookingId: integer('booking_id'),
    userId: integer('user_id'),
    kind: text('kind').$type<'booked' | 'walkin'>().notNull(),
    /** a green-channel group (the catalogue's special group slug) */
    priorityGroup: text('priority_group'),
    status: text('status').$type<TicketStatus>().notNull().default('waiting'),
    /** where it stands in its queue among the same rank: the take (or re-queue) time */
    queuedAt: stamp('queued_at').notNull().defaultNow(),
    windowId: integer('window_id'),
    /** transferred to one window: only that window calls it */
    forWindowId: integer('for_window_id'),
    skips: integer('skips').notNull().default(0),
    recalls: integer('recalls').notNull().default(0),
    itemId: integer('item_id'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    calledAt: stamp('called_at'),
    startedAt: stamp('started_at'),
    finishedAt: stamp('finished_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('appt_tickets_token').on(t.token),
    uniqueIndex('appt_tickets_label').on(t.queueId, t.day, t.label),
    uniqueIndex('appt_tickets_booking').on(t.bookingId),
    index('appt_tickets_queue').on(t.hallId, t.day, t.status),
  ],
);
