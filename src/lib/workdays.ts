/**
 * Working days: the State Council's yearly schedule of public holidays (放假) and the weekend
 * days that are worked instead (调休上班), in the portal's time zone. Deadlines of letters and
 * applications are counted in these days. A year missing from the schedule counts weekends only;
 * `missingYears` lets the operator see that before it matters.
 *
 * The schedule is a JSON file ({ years: { "2026": { off: [[name, from, to]], work: [day] } } }),
 * one per deployment: data/calendar/cn-public-holidays.json ships 2025 and 2026, and
 * HOLIDAYS_FILE points at a newer one when the next year's notice is published.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_HOLIDAYS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'calendar', 'cn-public-holidays.json');

interface Schedule {
  years: Record<string, { off: [string, string, string][]; work: string[] }>;
}

const DAY = 86_400_000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → days since 1970-01-01, the arithmetic unit here (no time zone involved). */
function dayNumber(ymd: string): number {
  const m = YMD.exec(ymd);
  if (!m) throw new Error(`not a date: ${ymd}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY;
}

const ymdOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

export interface WorkCalendar {
  timeZone: string;
  /** years the schedule covers */
  years: number[];
  isWorkday(ymd: string): boolean;
  /** the holiday's name when the day is off for a holiday */
  holidayName(ymd: string): string | undefined;
  /** the local date of an instant, 'YYYY-MM-DD' */
  localDate(at: Date): string;
  /** the first instant of a local day ('YYYY-MM-DD'), e.g. for month and year bounds */
  startOfDay(ymd: string): Date;
  /**
   * The deadline n working days after `from`: the end (23:59:59.999 local) of the n-th working
   * day after the day of `from`. Something received on a holiday starts counting on the next
   * working day like anything else.
   */
  addWorkingDays(from: Date, n: number): Date;
  /** working days after the day of `from` up to and including the day of `to` (0 on the same day) */
  workingDaysBetween(from: Date, to: Date): number;
  /** years among `years` that the schedule does not cover */
  missingYears(years: number[]): number[];
}

export function loadWorkCalendar(options: { file?: string; timeZone?: string } = {}): WorkCalendar {
  const file = options.file ?? DEFAULT_HOLIDAYS_FILE;
  let schedule: Schedule;
  try {
    schedule = JSON.parse(readFileSync(file, 'utf8')) as Schedule;
  } catch (e) {
    throw new Error(`cannot read the holiday schedule ${file}: ${(e as Error).message}`);
  }
  return createWorkCalendar(schedule, options.timeZone ?? 'Asia/Shanghai');
}

export function createWorkCalendar(schedule: Schedule, timeZone: string): WorkCalendar {
  const off = new Map<number, string>();
  const work = new Set<number>();
  for (const [year, entry] of Object.entries(schedule.years ?? {})) {
    if (!/^\d{4}$/.test(year)) throw new Error(`holiday schedule: "${year}" is not a year`);
    for (const [name, from, to] of entry.off ?? []) {
      for (let d = dayNumber(from); d <= dayNumber(to); d++) off.set(d, name);
    }
    for (const day of entry.work ?? []) work.add(dayNumber(day));
  }
  const years = Object.keys(schedule.years ?? {}).map(Number).sort();
  const partsFormat = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

  const workday = (day: number) => {
    if (work.has(day)) return true;
    if (off.has(day)) return false;
    const weekday = new Date(day * DAY).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
  // Intl formatting is the costly part of every deadline (intake computes two per letter), and
  // its answers change only when the clock crosses a zone transition: the offset is remembered
  // per quarter of an hour (transitions fall on those), a day's end per day
  const QUARTER = 900_000;
  const offsets = new Map<number, number>();
  /** the offset of the zone from UTC at an instant, in ms */
  const offsetAt = (at: Date) => {
    const quarter = Math.floor(at.getTime() / QUARTER);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      const p = Object.fromEntries(partsFormat.formatToParts(new Date(quarter * QUARTER)).map((x) => [x.type, x.value]));
      offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - quarter * QUARTER;
      if (offsets.size > 10_000) offsets.clear();
      offsets.set(quarter, offset);
    }
    return offset;
  };
  const localDay = (at: Date) => Math.floor((at.getTime() + offsetAt(at)) / DAY);
  const ends = new Map<number, Date>();
  /** the last millisecond of a local day, as an instant */
  const endOfDay = (day: number) => {
    let end = ends.get(day);
    if (!end) {
      const localEnd = (day + 1) * DAY - 1;
      const guess = new Date(localEnd - offsetAt(new Date(localEnd)));
      end = new Date(localEnd - offsetAt(guess));
      if (ends.size > 10_000) ends.clear();
      ends.set(day, end);
    }
    return new Date(end);
  };

  return {
    timeZone,
    years,
    isWorkday: (ymd) => workday(dayNumber(ymd)),
    holidayName: (ymd) => off.get(dayNumber(ymd)),
    localDate: (at) => ymdOf(localDay(at)),
    startOfDay: (ymd) => new Date(endOfDay(dayNumber(ymd) - 1).getTime() + 1),
    addWorkingDays(from, n) {
      let day = localDay(from);
      for (let left = Math.max(0, Math.floor(n)); left > 0; ) {
        day++;
        if (workday(day)) left--;
      }
      return endOfDay(day);
    },
    workingDaysBetween(from, to) {
      const end = localDay(to);
      let count = 0;
      for (let day = localDay(from) + 1; day <= end; day++) if (workday(day)) count++;
      return count;
    },
    missingYears: (wanted) => wanted.filter((y) => !years.includes(y)),
  };
}
