/**
 * The appointments module's constants and limits: what a rule may say, how codes look, and the
 * green-channel groups whose tickets are called first.
 */

/** The catalogue's special groups (slugs) that get the green channel (绿色通道) at the counter. */
export const PRIORITY_GROUPS = ['laonian', 'canji', 'funv', 'junren'] as const;

/** The no-show rule: `limit` no-shows within `windowDays` block new bookings for `blockDays`. */
export interface NoShowRule {
  limit: number;
  windowDays: number;
  blockDays: number;
}
export const DEFAULT_NO_SHOW_RULE: NoShowRule = { limit: 3, windowDays: 90, blockDays: 30 };

export const LIMITS = {
  slotMinutes: { min: 5, max: 240 },
  seats: { min: 0, max: 500 },
  horizonDays: { min: 1, max: 60 },
  minutes: { min: 0, max: 10_080 },
  /** a booking is a no-show this long after its slot ended without a ticket */
  noShowGraceMinutes: 30,
  /** average service time assumed before any ticket was finished today, in minutes */
  defaultServiceMinutes: 8,
};

/** Booking codes: 10 characters without the look-alikes (0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_PATTERN = /^[2-9A-HJKMNP-Z]{10}$/;

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const YMD = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmmOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A booking's page, and its 好差评 page in the ratings module (decision 0018: /me/ratings/<kind>/<ref>). */
export const bookingUrl = (code: string) => `/appointments/bookings/${code}`;
export const ratingUrl = (code: string) => `/me/ratings/booking/${code}`;
