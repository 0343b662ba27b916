import { describe, expect, it } from 'vitest';
import { loadWorkCalendar } from '../../lib/workdays.js';
import { addWorkingDays, explainClock, lateWithoutExtension, mayExtend, receiptDate } from './clock.js';

const cal = loadWorkCalendar();

describe('FOI clock: receipt by channel (Art. 31)', () => {
  it('online on a working day is received that day; on a holiday the next working day', () => {
    expect(receiptDate(cal, 'online', '2026-02-10').receivedOn).toBe('2026-02-10');
    const r = receiptDate(cal, 'online', '2026-02-15');
    expect(r).toMatchObject({ receivedOn: '2026-02-24', shifted: true });
    // a 调休 Saturday is a working day
    expect(receiptDate(cal, 'fax', '2026-02-14')).toMatchObject({ receivedOn: '2026-02-14', shifted: false });
    expect(receiptDate(cal, 'online', '2026-10-03').receivedOn).toBe('2026-10-08');
  });
  it('post is received the day signed for, in person the day handed in', () => {
    expect(receiptDate(cal, 'post_registered', '2026-02-16').receivedOn).toBe('2026-02-16');
    expect(receiptDate(cal, 'in_person', '2026-03-02').receivedOn).toBe('2026-03-02');
  });
});

describe('FOI clock: 20 working days across holidays and make-up days', () => {
  it('Spring Festival 2026: the two 调休 Saturdays count, the nine days off do not', () => {
    const c = explainClock(cal, { channel: 'online', eventOn: '2026-02-10' }, '2026-02-11');
    expect(c.due).toBe('2026-03-16');
    expect(c.days.find((d) => d.date === '2026-02-14')).toMatchObject({ kind: 'makeup', n: 4 });
    expect(c.days.find((d) => d.date === '2026-02-17')).toMatchObject({ kind: 'holiday', holiday: '春节' });
    expect(c.days.find((d) => d.date === '2026-02-28')).toMatchObject({ kind: 'makeup', n: 9 });
    expect(c.days.at(-1)).toMatchObject({ date: '2026-03-16', n: 20 });
    expect(c).toMatchObject({ state: 'running', counted: 1, left: 19, start: '2026-02-10', startReason: 'received' });
  });
  it('submitted online during the holiday: counting starts from the first working day after it', () => {
    expect(explainClock(cal, { channel: 'online', eventOn: '2026-02-15' }, '2026-02-15').due).toBe('2026-03-23');
  });
  it('National Day 2026 with 中秋 and the 9-20 and 10-10 make-up days; the extension adds 20', () => {
    const c = explainClock(cal, { channel: 'in_person', eventOn: '2026-09-18' }, '2026-09-18');
    expect(c.due).toBe('2026-10-22');
    expect(c.days.find((d) => d.date === '2026-09-20')).toMatchObject({ kind: 'makeup', n: 1 });
    expect(c.days.find((d) => d.date === '2026-10-10')).toMatchObject({ kind: 'makeup', n: 11 });
    const e = explainClock(cal, { channel: 'in_person', eventOn: '2026-09-18', extended: true }, '2026-10-20');
    expect(e).toMatchObject({ originalDue: '2026-10-22', due: '2026-11-19', limit: 40 });
    expect(e.days.find((d) => d.date === '2026-10-22')?.originalDue).toBe(true);
  });
});

describe('FOI clock: 补正, pauses, extension, lateness', () => {
  it('a 补正 notice within 7 working days stops the clock; the corrected request restarts it', () => {
    const facts = { channel: 'in_person' as const, eventOn: '2026-03-02', correctionNoticeOn: '2026-03-05' };
    const waiting = explainClock(cal, facts, '2026-03-10');
    expect(waiting).toMatchObject({ state: 'awaitingCorrection', due: null, correctionNoticeDue: '2026-03-11', correctionNoticeLate: false });
    const c = explainClock(cal, { ...facts, correctedOn: '2026-03-20' }, '2026-03-20');
    expect(c).toMatchObject({ start: '2026-03-20', startReason: 'corrected', due: '2026-04-20' });
    expect(c.days.find((d) => d.date === '2026-04-06')).toMatchObject({ kind: 'holiday', holiday: '清明节' });
    expect(explainClock(cal, { ...facts, correctionNoticeOn: '2026-03-12' }, '2026-03-12').correctionNoticeLate).toBe(true);
  });
  it('third-party consultation time is not counted; while open the due day is unknown', () => {
    const base = { channel: 'in_person' as const, eventOn: '2026-03-02' };
    expect(explainClock(cal, base, '2026-03-02').due).toBe('2026-03-30');
    const open = explainClock(cal, { ...base, pauses: [{ from: '2026-03-10', to: null, reason: 'thirdParty' }] }, '2026-03-16');
    expect(open).toMatchObject({ state: 'paused', due: null, counted: 6 });
    expect(open.pauses[0]?.workingDays).toBe(4);
    const closed = explainClock(cal, { ...base, pauses: [{ from: '2026-03-10', to: '2026-03-20', reason: 'thirdParty' }] }, '2026-03-23');
    expect(closed).toMatchObject({ due: '2026-04-10', state: 'running', counted: 7 });
    expect(closed.pauses[0]?.workingDays).toBe(8);
    expect(closed.days.find((d) => d.date === '2026-03-12')).toMatchObject({ paused: true });
  });
  it('a reply after the 20 days without extension is late; the extension only before and only once', () => {
    const base = { channel: 'in_person' as const, eventOn: '2026-03-02' };
    expect(lateWithoutExtension(cal, base, '2026-03-30')).toBe(false);
    expect(lateWithoutExtension(cal, base, '2026-03-31')).toBe(true);
    expect(lateWithoutExtension(cal, { ...base, extended: true }, '2026-03-31')).toBe(false);
    expect(mayExtend(cal, base, '2026-03-30')).toBe('ok');
    expect(mayExtend(cal, base, '2026-03-31')).toBe('tooLate');
    expect(mayExtend(cal, { ...base, extended: true }, '2026-03-10')).toBe('already');
    expect(explainClock(cal, base, '2026-04-01').state).toBe('overdue');
    expect(explainClock(cal, { ...base, repliedOn: '2026-03-20' }, '2026-04-01')).toMatchObject({ state: 'replied', counted: 14 });
  });
  it('addWorkingDays skips the whole Spring Festival', () => {
    expect(addWorkingDays(cal, '2026-02-13', 2)).toBe('2026-02-24');
  });
});
