/**
 * What a principal may do in appointments, decided in this one place (deny by default):
 * - a hall's staff (hall managers; portal-wide administrators everywhere) reach only their halls:
 *   the halls they are assigned to, or, with no assignment, the halls of their department;
 *   another hall's queue, window or slot is "not found", as if it did not exist;
 * - a booking is its owner's; the counter moves tickets; the system marks no-shows.
 * The booking's and the ticket's states are each one transition table.
 */
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { can, isPortalWide, isStaff, type Principal } from '../../lib/principal.js';
import type { BookingStatus, TicketStatus } from '../../db/schema/appointments.js';

export interface HallFacts {
  id: number;
  departmentId: number | null;
}

export interface HallAbilities {
  /** rules, seats, hours, exceptions, the day's bookings */
  manage: boolean;
  /** work its windows */
  counter: boolean;
}

/** Does the principal work in this hall? `assigned`: the halls they are assigned to. */
export function worksIn(p: Principal | undefined, hall: HallFacts, assigned: readonly number[]): boolean {
  if (!isStaff(p)) return false;
  if (isPortalWide(p)) return true;
  if (assigned.length) return assigned.includes(hall.id);
  return hall.departmentId !== null && hall.departmentId === p.departmentId;
}

export function hallAbilities(p: Principal | undefined, hall: HallFacts, assigned: readonly number[]): HallAbilities {
  const here = worksIn(p, hall, assigned);
  return { manage: here && can(p, 'appointments.manage'), counter: here && can(p, 'appointments.counter') };
}

/** Throw "not found" unless the principal has the ability in this hall. */
export function requireHall(p: Principal | undefined, hall: HallFacts, assigned: readonly number[], ability: keyof HallAbilities): void {
  if (!hallAbilities(p, hall, assigned)[ability]) throw new NotFoundError(t('appt.error.hallNotFound'));
}

// ---- the booking -------------------------------------------------------------------------------

export type BookingAction = 'cancel' | 'reschedule' | 'checkIn' | 'serve' | 'noShow';
type Who = 'owner' | 'kiosk' | 'counter' | 'system';

export const BOOKING_TRANSITIONS: readonly { from: BookingStatus; action: BookingAction; to: BookingStatus; who: readonly Who[] }[] = [
  { from: 'booked', action: 'cancel', to: 'cancelled', who: ['owner'] },
  { from: 'booked', action: 'reschedule', to: 'booked', who: ['owner'] },
  { from: 'booked', action: 'checkIn', to: 'checked_in', who: ['owner', 'kiosk'] },
  { from: 'checked_in', action: 'serve', to: 'served', who: ['counter'] },
  { from: 'booked', action: 'noShow', to: 'no_show', who: ['system'] },
  // called twice and not there: the ticket is missed, the booking a no-show
  { from: 'checked_in', action: 'noShow', to: 'no_show', who: ['counter'] },
];

/** Where a booking goes by an action, or a conflict saying it cannot (its status has moved on). */
export function bookingNext(status: BookingStatus, action: BookingAction, who: Who): BookingStatus {
  const row = BOOKING_TRANSITIONS.find((r) => r.from === status && r.action === action && r.who.includes(who));
  if (!row) throw new ConflictError(t('appt.error.bookingState', { status: t(`appt.booking.status.${status}`) }));
  return row.to;
}

export const bookingCan = (status: BookingStatus, action: BookingAction, who: Who) =>
  BOOKING_TRANSITIONS.some((r) => r.from === status && r.action === action && r.who.includes(who));

// ---- the ticket --------------------------------------------------------------------------------

export type TicketAction = 'call' | 'recall' | 'skip' | 'start' | 'finish' | 'transfer' | 'cancel';

/** `skip` sends a ticket back once (过号重排); a second skip leaves it missed. */
export const TICKET_TRANSITIONS: readonly { from: TicketStatus; action: TicketAction; to: TicketStatus }[] = [
  { from: 'waiting', action: 'call', to: 'called' },
  { from: 'called', action: 'recall', to: 'called' },
  { from: 'called', action: 'skip', to: 'waiting' },
  { from: 'called', action: 'start', to: 'serving' },
  { from: 'serving', action: 'finish', to: 'done' },
  { from: 'called', action: 'transfer', to: 'waiting' },
  { from: 'serving', action: 'transfer', to: 'waiting' },
  { from: 'waiting', action: 'cancel', to: 'cancelled' },
];

export function ticketNext(status: TicketStatus, action: TicketAction, skips = 0): TicketStatus {
  const row = TICKET_TRANSITIONS.find((r) => r.from === status && r.action === action);
  if (!row) throw new ConflictError(t('appt.error.ticketState'));
  if (action === 'skip' && skips >= 1) return 'missed';
  return row.to;
}

export const ticketFromStates = (action: TicketAction): TicketStatus[] => TICKET_TRANSITIONS.filter((r) => r.action === action).map((r) => r.from);
