import { describe, expect, it } from 'vitest';
import { loadWorkCalendar } from './workdays.js';

const cal = loadWorkCalendar();
const at = (iso: string) => new Date(iso);
const local = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(d);

describe('working-day calendar', () => {
  it('knows holidays, ordinary weekends and the weekend days that are worked', () => {
    expect(cal.years).toEqual([2025, 2026]);
    expect(cal.isWorkday('2026-10-01')).toBe(false);
    expect(cal.holidayName('2026-10-05')).toBe('国庆节');
    expect(cal.isWorkday('2026-10-10')).toBe(true); // Saturday, 调休上班
    expect(cal.isWorkday('2026-09-20')).toBe(true); // Sunday, 调休上班
    expect(cal.isWorkday('2026-11-21')).toBe(false); // an ordinary Saturday
    expect(cal.isWorkday('2026-11-23')).toBe(true);
    expect(cal.isWorkday('2025-10-08')).toBe(false);
  });

  it('counts a deadline to the end of the n-th working day, in the portal time zone', () => {
    // Monday 2026-11-23 10:00 in Shanghai; three working days → Thursday 23:59:59
    expect(local(cal.addWorkingDays(at('2026-11-23T02:00:00Z'), 3))).toBe('2026-11-26 23:59:59');
    // late on Friday evening in Shanghai is still Friday: Mon, Tue, Wed
    expect(local(cal.addWorkingDays(at('2026-11-27T15:30:00Z'), 3))).toBe('2026-12-02 23:59:59');
    // 16:30 UTC on Friday is already Saturday in Shanghai: counting starts Monday all the same
    expect(local(cal.addWorkingDays(at('2026-11-27T16:30:00Z'), 1))).toBe('2026-11-30 23:59:59');
  });

  it('skips the National Day week and counts its make-up Saturday', () => {
    // Wednesday 2026-09-30: 10/1–10/7 off, 10/8 Thu, 10/9 Fri, 10/10 Sat (worked), 10/12 Mon …
    expect(local(cal.addWorkingDays(at('2026-09-30T03:00:00Z'), 1))).toBe('2026-10-08 23:59:59');
    expect(local(cal.addWorkingDays(at('2026-09-30T03:00:00Z'), 3))).toBe('2026-10-10 23:59:59');
    expect(local(cal.addWorkingDays(at('2026-09-30T03:00:00Z'), 10))).toBe('2026-10-20 23:59:59');
    // received during the holiday: the first working day after it is day one
    expect(local(cal.addWorkingDays(at('2026-10-03T03:00:00Z'), 1))).toBe('2026-10-08 23:59:59');
    // the Spring Festival 2026 (2/15–2/23) with 2/14 and 2/28 worked
    expect(local(cal.addWorkingDays(at('2026-02-13T03:00:00Z'), 2))).toBe('2026-02-24 23:59:59');
  });

  it('counts working days between two moments', () => {
    expect(cal.workingDaysBetween(at('2026-11-23T02:00:00Z'), at('2026-11-23T09:00:00Z'))).toBe(0);
    expect(cal.workingDaysBetween(at('2026-09-30T03:00:00Z'), at('2026-10-12T03:00:00Z'))).toBe(4);
  });

  it('says which years the schedule is missing', () => {
    expect(cal.missingYears([2026, 2027])).toEqual([2027]);
  });
});

describe('day bounds', () => {
  it('gives the first instant of a local day', () => {
    expect(cal.startOfDay('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
});

describe('a zone with summer time', () => {
  // Europe/Berlin goes from +01:00 to +02:00 at 01:00 UTC on 2026-03-29 and back at 01:00 UTC on
  // 2026-10-25; the remembered offsets must follow the clock across both
  const berlin = loadWorkCalendar({ timeZone: 'Europe/Berlin' });
  it('knows the local day and the end of a day on both sides of a change', () => {
    expect(berlin.localDate(at('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // 00:30 CET
    expect(berlin.localDate(at('2026-03-29T22:30:00Z'))).toBe('2026-03-30'); // 00:30 CEST
    expect(berlin.localDate(at('2026-03-29T21:30:00Z'))).toBe('2026-03-29'); // 23:30 CEST
    expect(berlin.startOfDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(berlin.startOfDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(berlin.startOfDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    // Friday 2026-10-23 noon, one working day: Monday 10-26 (10-24/25 weekend), end of day in CET
    expect(berlin.addWorkingDays(at('2026-10-23T10:00:00Z'), 1).toISOString()).toBe('2026-10-26T22:59:59.999Z');
    // asked again, the same answers (now from memory)
    expect(berlin.addWorkingDays(at('2026-10-23T10:00:00Z'), 1).toISOString()).toBe('2026-10-26T22:59:59.999Z');
    expect(berlin.localDate(at('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
  });
});
