/**
 * The working-day clock of an application: the item's promised limit (承诺时限) counted in
 * working days from acceptance over the holiday calendar (lib/workdays.ts: 法定节假日 off,
 * 调休 make-up weekend days worked), with 补正 pausing it. Pure: the operation passes the
 * calendar, the case's dates and now; the applicant reads the explanation.
 *
 * Counting, as lib/workdays counts letters: day one is the first working day after the day of
 * acceptance; the deadline is the end of the last day. A 补正 notice's own day is counted (the
 * department worked on the case that day), the working days after it up to and including the
 * day the applicant resubmits are not, and the deadline moves by as many working days.
 */
import type { WorkCalendar } from '../../lib/workdays.js';
import { msg } from './messages.js';

export interface Pause {
  /** when the 补正 notice went out */
  from: Date;
  /** when the applicant resubmitted; null while they are correcting */
  to: Date | null;
}

export interface ClockInput {
  /** 承诺时限 in working days; 0 for 即办件 */
  promisedDays: number;
  acceptedAt: Date;
  pauses: readonly Pause[];
  now: Date;
  /** set once the case is concluded: the clock stops there */
  concludedAt?: Date | null;
}

export interface ClockReading {
  state: 'running' | 'paused' | 'concluded';
  /** the deadline (end of a working day); null while paused, it moves on resumption */
  dueAt: Date | null;
  /** working days left after today; negative when past the deadline */
  remainingDays: number;
  overdue: boolean;
  /** working days not counted because of 补正 */
  pausedDays: number;
  /** working days used so far (or in all, once concluded) */
  usedDays: number;
  /** how it was computed, line by line, for the applicant */
  explanation: string[];
}

const DAY = 86_400_000;
const ymdToUtc = (ymd: string) => Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)));
const nextDay = (ymd: string) => new Date(ymdToUtc(ymd) + DAY).toISOString().slice(0, 10);
const weekday = (ymd: string) => new Date(ymdToUtc(ymd)).getUTCDay();
/** 2026年10月8日 */
export const formatDay = (ymd: string) => msg('clock.date', { y: Number(ymd.slice(0, 4)), m: Number(ymd.slice(5, 7)), d: Number(ymd.slice(8, 10)) });

/** Working days a pause kept off the clock (so far, for a pause still open). */
export const pausedDaysOf = (calendar: WorkCalendar, pause: Pause, now: Date) => calendar.workingDaysBetween(pause.from, pause.to ?? now);

/** Read the clock: due date, working days left, and why. */
export function readClock(calendar: WorkCalendar, input: ClockInput): ClockReading {
  const { promisedDays, acceptedAt, now } = input;
  // a 补正 before acceptance (the window's) happens before the clock starts: it pauses nothing
  const pauses = input.pauses.filter((p) => p.from >= acceptedAt).sort((a, b) => a.from.getTime() - b.from.getTime());
  const open = pauses.find((p) => p.to === null);
  const closed = pauses.filter((p) => p.to !== null && (!open || p.from < open.from));
  const pausedDays = closed.reduce((sum, p) => sum + pausedDaysOf(calendar, p, now), 0);
  const lines: string[] = [promisedDays === 0 ? msg('clock.immediate') : msg('clock.start', { date: formatDay(calendar.localDate(acceptedAt)), days: promisedDays })];
  const pauseLines = closed.map((p) =>
    msg('clock.pause', { from: formatDay(calendar.localDate(p.from)), to: formatDay(calendar.localDate(p.to as Date)), days: pausedDaysOf(calendar, p, now) }),
  );

  if (input.concludedAt) {
    const usedDays = Math.max(0, calendar.workingDaysBetween(acceptedAt, input.concludedAt) - pausedDays);
    const dueAt = calendar.addWorkingDays(acceptedAt, promisedDays + pausedDays);
    lines.push(...calendarNotes(calendar, acceptedAt, input.concludedAt), ...pauseLines);
    lines.push(msg('clock.concluded', { date: formatDay(calendar.localDate(input.concludedAt)), used: usedDays, days: promisedDays }));
    return { state: 'concluded', dueAt, remainingDays: promisedDays - usedDays, overdue: input.concludedAt > dueAt, pausedDays, usedDays, explanation: lines };
  }

  if (open) {
    const usedDays = Math.max(0, calendar.workingDaysBetween(acceptedAt, open.from) - pausedDays);
    const remainingDays = promisedDays - usedDays;
    lines.push(...calendarNotes(calendar, acceptedAt, open.from), ...pauseLines);
    lines.push(msg('clock.pauseOpen', { from: formatDay(calendar.localDate(open.from)) }), msg('clock.pausedRemaining', { days: Math.max(0, remainingDays) }));
    return { state: 'paused', dueAt: null, remainingDays, overdue: remainingDays < 0, pausedDays, usedDays, explanation: lines };
  }

  const dueAt = calendar.addWorkingDays(acceptedAt, promisedDays + pausedDays);
  const overdue = now > dueAt;
  const remainingDays = overdue ? 0 - calendar.workingDaysBetween(dueAt, now) : calendar.workingDaysBetween(now, dueAt);
  const usedDays = Math.max(0, calendar.workingDaysBetween(acceptedAt, now) - pausedDays);
  lines.push(...calendarNotes(calendar, acceptedAt, dueAt), ...pauseLines);
  const due = msg('clock.due', { date: formatDay(calendar.localDate(dueAt)) });
  const left = overdue
    ? remainingDays < 0
      ? msg('clock.overdue', { days: -remainingDays })
      : msg('clock.overdueToday')
    : remainingDays === 0
      ? msg('clock.dueToday')
      : msg('clock.remaining', { days: remainingDays });
  lines.push(due + left);
  return { state: 'running', dueAt, remainingDays, overdue, pausedDays, usedDays, explanation: lines };
}

/**
 * The holidays (each run once, by name) and the make-up weekend days between the day after
 * `from` and the day of `to`: what makes the count differ from a plain Monday-to-Friday one.
 */
function calendarNotes(calendar: WorkCalendar, from: Date, to: Date): string[] {
  const notes: string[] = [];
  const last = calendar.localDate(to);
  let run: { name: string; from: string; to: string } | undefined;
  const flush = () => {
    if (run) notes.push(msg('clock.holiday', { from: formatDay(run.from), to: formatDay(run.to), name: run.name }));
    run = undefined;
  };
  // at most a year of days: a limit is at most 365 working days and pauses are short
  for (let day = nextDay(calendar.localDate(from)), n = 0; day <= last && n < 800; day = nextDay(day), n++) {
    const holiday = calendar.holidayName(day);
    if (holiday && !calendar.isWorkday(day)) {
      if (run && run.name === holiday) run.to = day;
      else {
        flush();
        run = { name: holiday, from: day, to: day };
      }
      continue;
    }
    flush();
    const wd = weekday(day);
    if ((wd === 0 || wd === 6) && calendar.isWorkday(day)) notes.push(msg('clock.makeUpDay', { date: formatDay(day), weekday: msg(wd === 0 ? 'weekday.0' : 'weekday.6') }));
  }
  flush();
  return notes;
}
