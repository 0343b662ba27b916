/**
 * When hospital half-days are held and when their 号源 open: pure functions of a hospital's rule,
 * a doctor's weekly clinic and the clock, so tests move the clock and nothing else.
 *
 * Release: the half-days of day D open at `releaseTime` (local) `releaseDays` days before D —
 * with 7 days at 08:00, next Wednesday opens this Wednesday at 08:00. Until then they are 未放号.
 */
import type { HalfDay } from '../../db/schema/hospitals.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import { minutesOf } from './model.js';

/** Half-day hours: 上午 08:00–12:00, 下午 13:30–17:00. */
export const HALF_HOURS: Record<HalfDay, { start: string; end: string }> = { am: { start: '08:00', end: '12:00' }, pm: { start: '13:30', end: '17:00' } };

export interface ReleaseRule {
  releaseDays: number;
  releaseTime: string;
}

const DAY = 86_400_000;

/** The day `n` days after `ymd`. */
export const addDays = (ymd: string, n: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** 1 Monday … 7 Sunday */
export const weekdayOf = (ymd: string) => ((new Date(`${ymd}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export const atLocal = (cal: WorkCalendar, ymd: string, hhmm: string) => new Date(cal.startOfDay(ymd).getTime() + minutesOf(hhmm) * 60_000);

/** When the half-days of `day` open for registration. */
export const releaseAt = (cal: WorkCalendar, rule: ReleaseRule, day: string) => atLocal(cal, addDays(day, -rule.releaseDays), rule.releaseTime);

/** The days a schedule shows and sessions are made for: today and the `releaseDays` after it. */
export const scheduleDays = (cal: WorkCalendar, rule: ReleaseRule, now: Date) => {
  const today = cal.localDate(now);
  return Array.from({ length: rule.releaseDays + 1 }, (_, i) => addDays(today, i));
};

export const halfTimes = (cal: WorkCalendar, day: string, half: HalfDay) => ({ startsAt: atLocal(cal, day, HALF_HOURS[half].start), endsAt: atLocal(cal, day, HALF_HOURS[half].end) });

/** What a session is now for a patient. */
export type SessionState = 'open' | 'full' | 'unreleased' | 'past' | 'suspended';

export function sessionState(cal: WorkCalendar, rule: ReleaseRule, s: { day: string; startsAt: Date; quota: number; booked: number; status: 'open' | 'suspended' }, now: Date): SessionState {
  if (s.status === 'suspended') return 'suspended';
  if (now.getTime() >= s.startsAt.getTime()) return 'past';
  if (now.getTime() < releaseAt(cal, rule, s.day).getTime()) return 'unreleased';
  return s.booked >= s.quota ? 'full' : 'open';
}

/** A weekly clinic's key: '3-pm' is Wednesday afternoon. */
export const weeklyKey = (weekday: number, half: HalfDay) => `${weekday}-${half}`;
export const WEEKLY_KEY = /^[1-7]-(am|pm)$/;
