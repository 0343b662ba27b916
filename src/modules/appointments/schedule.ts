/**
 * When a hall is open and which slots its rules make: pure functions of the holiday calendar,
 * the hall's hours and exceptions, and a queue's rules, so they are tested without a database.
 *
 * A hall is closed on public holidays (放假) and open on 调休 make-up workdays, when it keeps its
 * Monday hours; an exception (a closure, an extra day) overrides both.
 */
import type { WorkCalendar } from '../../lib/workdays.js';
import { minutesOf } from './model.js';

export interface Period {
  opens: string;
  closes: string;
}

export interface HallHours {
  /** weekday 1 (Monday) … 7 (Sunday) → its periods */
  weekly: ReadonlyMap<number, readonly Period[]>;
  /** 'YYYY-MM-DD' → closed, or open with its own hours (none given: Monday's) */
  exceptions: ReadonlyMap<string, { kind: 'closed' | 'open'; opens: string | null; closes: string | null }>;
}

export interface SlotRules {
  slotMinutes: number;
  seats: number;
  horizonDays: number;
  releaseTime: string;
  minNoticeMinutes: number;
}

const DAY = 86_400_000;

/** 1 (Monday) … 7 (Sunday) */
export const weekdayOf = (ymd: string) => {
  const d = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

export const addDays = (ymd: string, n: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Why a day is closed or how it is open, for the pages. */
export type DayKind = 'regular' | 'makeup' | 'extra' | 'holiday' | 'closed' | 'weekend';

export function dayOf(calendar: WorkCalendar, hours: HallHours, ymd: string): { kind: DayKind; periods: Period[]; note?: string } {
  const exception = hours.exceptions.get(ymd);
  const monday = [...(hours.weekly.get(1) ?? [])];
  if (exception?.kind === 'closed') return { kind: 'closed', periods: [] };
  if (exception?.kind === 'open') {
    return { kind: 'extra', periods: exception.opens && exception.closes ? [{ opens: exception.opens, closes: exception.closes }] : monday };
  }
  const holiday = calendar.holidayName(ymd);
  if (holiday) return { kind: 'holiday', periods: [], note: holiday };
  const weekday = weekdayOf(ymd);
  if (weekday >= 6 && calendar.isWorkday(ymd)) return { kind: 'makeup', periods: monday };
  const periods = [...(hours.weekly.get(weekday) ?? [])];
  return { kind: periods.length ? 'regular' : 'weekend', periods };
}

/** The instant of a local time on a local day. */
export const instantOf = (calendar: WorkCalendar, ymd: string, hhmm: string) => new Date(calendar.startOfDay(ymd).getTime() + minutesOf(hhmm) * 60_000);

/** The slots a queue's rules make on one day: [start, end) of slotMinutes within each period. */
export function slotsOfDay(calendar: WorkCalendar, hours: HallHours, ymd: string, rules: Pick<SlotRules, 'slotMinutes'>): { startsAt: Date; endsAt: Date }[] {
  const out: { startsAt: Date; endsAt: Date }[] = [];
  const midnight = calendar.startOfDay(ymd).getTime();
  for (const p of dayOf(calendar, hours, ymd).periods) {
    const end = minutesOf(p.closes);
    for (let m = minutesOf(p.opens); m + rules.slotMinutes <= end; m += rules.slotMinutes) {
      out.push({ startsAt: new Date(midnight + m * 60_000), endsAt: new Date(midnight + (m + rules.slotMinutes) * 60_000) });
    }
  }
  return out;
}

/**
 * The days one may book now: today and the next `horizonDays` days the hall is open; the last of
 * them opens at the release time (before it, one day fewer).
 */
export function bookableDays(calendar: WorkCalendar, hours: HallHours, rules: Pick<SlotRules, 'horizonDays' | 'releaseTime'>, now: Date): string[] {
  const today = calendar.localDate(now);
  const released = now.getTime() >= instantOf(calendar, today, rules.releaseTime).getTime();
  const ahead = released ? rules.horizonDays : rules.horizonDays - 1;
  const days: string[] = [];
  if (dayOf(calendar, hours, today).periods.length) days.push(today);
  let open = 0;
  // a hall closed for a long holiday still has days ahead: look at most a season on
  for (let i = 1; i <= 120 && open < ahead; i++) {
    const ymd = addDays(today, i);
    if (dayOf(calendar, hours, ymd).periods.length) {
      open++;
      days.push(ymd);
    }
  }
  return days;
}

/** Every day slots should exist for (generation runs ahead of release by one day). */
export function generationDays(calendar: WorkCalendar, hours: HallHours, rules: Pick<SlotRules, 'horizonDays'>, now: Date): string[] {
  return bookableDays(calendar, hours, { horizonDays: rules.horizonDays, releaseTime: '00:00' }, now);
}
