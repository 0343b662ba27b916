/** Opening days and slots from the holiday calendar: closed on public holidays, open on 调休 days. */
import { describe, expect, it } from 'vitest';
import { loadWorkCalendar } from '../../lib/workdays.js';
import { bookableDays, dayOf, type HallHours, slotsOfDay } from './schedule.js';

const calendar = loadWorkCalendar({ timeZone: 'Asia/Shanghai' });
const weekdays = new Map([1, 2, 3, 4, 5].map((d) => [d, [{ opens: '09:00', closes: '12:00' }, { opens: '13:30', closes: '17:00' }]]));
const hours = (exceptions: HallHours['exceptions'] = new Map()): HallHours => ({ weekly: weekdays, exceptions });

describe('opening days', () => {
  it('closes on public holidays, even on a weekday', () => {
    expect(dayOf(calendar, hours(), '2026-10-01')).toMatchObject({ kind: 'holiday', periods: [], note: '国庆节' });
    expect(dayOf(calendar, hours(), '2026-10-05')).toMatchObject({ kind: 'holiday', periods: [] }); // a Monday
  });

  it('opens on a 调休 make-up Saturday with Monday hours', () => {
    expect(dayOf(calendar, hours(), '2026-10-10')).toMatchObject({ kind: 'makeup', periods: weekdays.get(1) });
    expect(dayOf(calendar, hours(), '2026-02-14').kind).toBe('makeup');
  });

  it('keeps an ordinary weekend closed and an ordinary weekday open', () => {
    expect(dayOf(calendar, hours(), '2026-03-07')).toMatchObject({ kind: 'weekend', periods: [] });
    expect(dayOf(calendar, hours(), '2026-03-04').periods).toHaveLength(2);
  });

  it('lets an exception close a working day or open a holiday', () => {
    const ex = new Map([
      ['2026-03-04', { kind: 'closed' as const, opens: null, closes: null }],
      ['2026-10-02', { kind: 'open' as const, opens: '09:00', closes: '11:00' }],
    ]);
    expect(dayOf(calendar, hours(ex), '2026-03-04').kind).toBe('closed');
    expect(dayOf(calendar, hours(ex), '2026-10-02')).toMatchObject({ kind: 'extra', periods: [{ opens: '09:00', closes: '11:00' }] });
  });
});

describe('slots and the booking horizon', () => {
  it('cuts each period into whole slots, in local time', () => {
    const slots = slotsOfDay(calendar, hours(), '2026-03-04', { slotMinutes: 30 });
    expect(slots).toHaveLength(6 + 7);
    expect(slots[0]?.startsAt.toISOString()).toBe('2026-03-04T01:00:00.000Z'); // 09:00 in Shanghai
    expect(slots.at(-1)?.endsAt.toISOString()).toBe('2026-03-04T09:00:00.000Z'); // 17:00
    expect(slotsOfDay(calendar, hours(), '2026-10-01', { slotMinutes: 30 })).toEqual([]);
  });

  it('counts the horizon in open days across the National Day holiday, the last day opening at the release time', () => {
    const rules = { horizonDays: 3, releaseTime: '08:00' };
    const beforeRelease = new Date('2026-09-29T23:00:00Z'); // 07:00 on Wednesday 30 September
    const afterRelease = new Date('2026-09-30T01:00:00Z'); // 09:00
    expect(bookableDays(calendar, hours(), rules, beforeRelease)).toEqual(['2026-09-30', '2026-10-08', '2026-10-09']);
    expect(bookableDays(calendar, hours(), rules, afterRelease)).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
  });
});
