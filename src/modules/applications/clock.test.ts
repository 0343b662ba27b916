import { describe, expect, it } from 'vitest';
import { loadWorkCalendar } from '../../lib/workdays.js';
import { readClock } from './clock.js';

const calendar = loadWorkCalendar({ timeZone: 'Asia/Shanghai' });
/** 10:00 in Shanghai on a local day */
const at = (ymd: string, hour = 10) => new Date(`${ymd}T${String(hour - 8).padStart(2, '0')}:00:00Z`);
const local = (d: Date | null) => (d ? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(d) : null);

describe('the working-day clock', () => {
  it('counts the promised limit across the National Day holiday and its make-up Saturday', () => {
    // Wednesday 30 September 2026: 10/1–10/7 off; 10/8 Thu, 10/9 Fri, 10/10 Sat (worked), 10/12 Mon, 10/13 Tue
    const reading = readClock(calendar, { promisedDays: 5, acceptedAt: at('2026-09-30'), pauses: [], now: at('2026-10-09') });
    expect(local(reading.dueAt)).toBe('2026-10-13 23:59:59');
    expect(reading).toMatchObject({ state: 'running', remainingDays: 3, overdue: false, pausedDays: 0, usedDays: 2 });
    expect(reading.explanation).toEqual([
      '自2026年9月30日受理之日起计算，承诺办结时限为 5 个工作日（不含受理当日、法定节假日和休息日）。',
      '2026年10月1日至2026年10月7日为国庆节假期，不计入时限。',
      '2026年10月10日（星期六）为调休工作日，计入时限。',
      '办结期限为2026年10月13日，尚余 3 个工作日。',
    ]);
  });

  it('counts a make-up Sunday and names the Mid-Autumn holiday', () => {
    // Friday 18 September: 9/20 Sun (worked), 9/21 Mon … 9/24 Thu; 9/25–9/27 中秋节; 9/28 Mon
    const reading = readClock(calendar, { promisedDays: 6, acceptedAt: at('2026-09-18'), pauses: [], now: at('2026-09-18') });
    expect(local(reading.dueAt)).toBe('2026-09-28 23:59:59');
    expect(reading.explanation.slice(1)).toEqual([
      '2026年9月20日（星期日）为调休工作日，计入时限。',
      '2026年9月25日至2026年9月27日为中秋节假期，不计入时限。',
      '办结期限为2026年9月28日，尚余 6 个工作日。',
    ]);
  });

  it('pauses during 补正 and resumes on resubmission, moving the deadline by the working days paused', () => {
    // accepted Monday 9/28; 补正 notice Tuesday 9/29; resubmitted Friday 10/9 (9/30, 10/8, 10/9 paused)
    const acceptedAt = at('2026-09-28');
    const paused = readClock(calendar, { promisedDays: 5, acceptedAt, pauses: [{ from: at('2026-09-29'), to: null }], now: at('2026-10-08') });
    expect(paused).toMatchObject({ state: 'paused', dueAt: null, usedDays: 1, remainingDays: 4, overdue: false });
    expect(paused.explanation.slice(-2)).toEqual(['2026年9月29日起通知补正，计时暂停，提交补正材料后继续计时。', '计时暂停中，恢复计时后尚余 4 个工作日。']);

    const pauses = [{ from: at('2026-09-29'), to: at('2026-10-09', 16) }];
    const resumed = readClock(calendar, { promisedDays: 5, acceptedAt, pauses, now: at('2026-10-12') });
    // one day used before the notice (9/29); then 10/10, 10/12 used and 10/13, 10/14 left
    expect(local(resumed.dueAt)).toBe('2026-10-14 23:59:59');
    expect(resumed).toMatchObject({ state: 'running', pausedDays: 3, remainingDays: 2, usedDays: 3 });
    expect(resumed.explanation).toContain('2026年9月29日通知补正，2026年10月9日提交补正材料，补正期间 3 个工作日不计入时限。');
    expect(resumed.explanation.at(-1)).toBe('办结期限为2026年10月14日，尚余 2 个工作日。');
  });

  it('ignores a 补正 before acceptance: the clock had not started', () => {
    const reading = readClock(calendar, {
      promisedDays: 3,
      acceptedAt: at('2026-11-23'),
      pauses: [{ from: at('2026-11-16'), to: at('2026-11-20') }],
      now: at('2026-11-24'),
    });
    expect(reading).toMatchObject({ pausedDays: 0, state: 'running' });
    expect(local(reading.dueAt)).toBe('2026-11-26 23:59:59');
  });

  it('counts a 补正 answered on the day of the notice as no pause', () => {
    const reading = readClock(calendar, {
      promisedDays: 3,
      acceptedAt: at('2026-11-23'),
      pauses: [{ from: at('2026-11-24', 9), to: at('2026-11-24', 15) }],
      now: at('2026-11-24', 16),
    });
    expect(reading.pausedDays).toBe(0);
    expect(local(reading.dueAt)).toBe('2026-11-26 23:59:59');
  });

  it('says when today is the last day and how many working days a case is overdue', () => {
    const input = { promisedDays: 3, acceptedAt: at('2026-11-23'), pauses: [] };
    expect(readClock(calendar, { ...input, now: at('2026-11-26') })).toMatchObject({ remainingDays: 0, overdue: false });
    expect(readClock(calendar, { ...input, now: at('2026-11-26') }).explanation.at(-1)).toBe('办结期限为2026年11月26日，今天是最后一个工作日。');
    const late = readClock(calendar, { ...input, now: at('2026-11-30') });
    expect(late).toMatchObject({ remainingDays: -2, overdue: true });
    expect(late.explanation.at(-1)).toBe('办结期限为2026年11月26日，已超期 2 个工作日。');
    // past the deadline on a Saturday: overdue, no working day lost yet
    const weekend = readClock(calendar, { ...input, acceptedAt: at('2026-11-24'), now: at('2026-11-28') });
    expect(weekend).toMatchObject({ remainingDays: 0, overdue: true });
    expect(weekend.explanation.at(-1)).toBe('办结期限为2026年11月27日，已超过办结期限。');
  });

  it('is due the same day for an immediate item (即办件)', () => {
    const reading = readClock(calendar, { promisedDays: 0, acceptedAt: at('2026-11-23'), pauses: [], now: at('2026-11-23', 11) });
    expect(local(reading.dueAt)).toBe('2026-11-23 23:59:59');
    expect(reading.explanation).toEqual(['本事项为即办件，受理当日办结。', '办结期限为2026年11月23日，今天是最后一个工作日。']);
  });

  it('stops at conclusion and reports the working days used', () => {
    const reading = readClock(calendar, {
      promisedDays: 5,
      acceptedAt: at('2026-09-28'),
      pauses: [{ from: at('2026-09-29'), to: at('2026-10-09', 16) }],
      now: at('2026-11-30'),
      concludedAt: at('2026-10-12', 15),
    });
    expect(reading).toMatchObject({ state: 'concluded', usedDays: 3, pausedDays: 3, overdue: false });
    expect(reading.explanation.at(-1)).toBe('已于2026年10月12日办结，用时 3 个工作日（承诺 5 个工作日）。');
  });
});
