/**
 * The statutory clock of a request for government information (依申请公开), in pure functions
 * over local dates ('YYYY-MM-DD') and the working-day calendar (src/lib/workdays.ts). The rules
 * of the 政府信息公开条例 (2019):
 * - Art. 31 the receipt date follows the channel: in person, the day handed in; registered post,
 *   the day signed for; ordinary post (no signature), the day the office confirms it with the
 *   applicant; online or by the office's fax, the day submitted (confirmed by the system), or
 *   the next working day when submitted on a day off;
 * - Art. 30 one 补正 notice within 7 working days of receipt; the clock then starts again from
 *   the day the corrected request is received;
 * - Art. 33 reply within 20 working days of receipt; one extension of at most 20 more, approved
 *   by the head of the disclosure office; the time taken by third parties' and other agencies'
 *   opinions (Art. 32: 15 working days for a third party) is not counted.
 *
 * A pause (third-party consultation) from day F to day T leaves uncounted the working days after
 * F up to and including T: the day the consultation letter goes out still counts, the day the
 * opinion arrives does not (counting resumes the next working day). Every computation returns
 * the days it walked through, so a page can print how a deadline came about.
 */
import type { WorkCalendar } from '../../lib/workdays.js';

export const REPLY_DAYS = 20;
export const EXTENSION_DAYS = 20;
export const CORRECTION_NOTICE_DAYS = 7;
export const THIRD_PARTY_DAYS = 15;

export const CHANNELS = ['online', 'in_person', 'post_registered', 'post_ordinary', 'fax'] as const;
export type Channel = (typeof CHANNELS)[number];

type Cal = Pick<WorkCalendar, 'isWorkday' | 'holidayName'>;

const DAY = 86_400_000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 'YYYY-MM-DD' → days since 1970-01-01; undefined for anything else (including 2026-02-30) */
export function dayNumber(ymd: string): number | undefined {
  const m = YMD.exec(ymd);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== ymd) return undefined;
  return ms / DAY;
}
const dn = (ymd: string) => {
  const d = dayNumber(ymd);
  if (d === undefined) throw new RangeError(`not a date: ${ymd}`);
  return d;
};
export const ymdOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
export const isDate = (s: unknown): s is string => typeof s === 'string' && dayNumber(s) !== undefined;
export const addDays = (ymd: string, n: number) => ymdOf(dn(ymd) + n);

/** The kind of a calendar day, as the explanation prints it. */
export type DayKind = 'workday' | 'makeup' | 'weekend' | 'holiday';
export function dayKind(cal: Cal, ymd: string): DayKind {
  const weekend = [0, 6].includes(new Date(dn(ymd) * DAY).getUTCDay());
  if (cal.isWorkday(ymd)) return weekend ? 'makeup' : 'workday';
  return cal.holidayName(ymd) ? 'holiday' : 'weekend';
}

/** The first working day on or after `ymd`. */
export function workdayOnOrAfter(cal: Cal, ymd: string): string {
  let d = dn(ymd);
  for (let i = 0; i < 400 && !cal.isWorkday(ymdOf(d)); i++) d++;
  return ymdOf(d);
}

/** The n-th working day after `ymd` (the day itself not counted), with no pauses. */
export function addWorkingDays(cal: Cal, ymd: string, n: number): string {
  let d = dn(ymd);
  for (let left = Math.max(0, Math.floor(n)); left > 0; ) {
    d++;
    if (cal.isWorkday(ymdOf(d))) left--;
  }
  return ymdOf(d);
}

export interface ReceiptRule {
  channel: Channel;
  /** the day of the event the channel's rule names (submitted, signed for, confirmed) */
  eventOn: string;
  receivedOn: string;
  /** which rule: the i18n key suffix, e.g. 'online' */
  rule: Channel;
  /** moved to the next working day because the event fell on a day off */
  shifted: boolean;
}

/**
 * Art. 31: the day the request counts as received. `eventOn` is, by channel: the day handed in
 * (in person), signed for (registered post), confirmed with the applicant (ordinary post),
 * submitted (online, fax). Online and fax requests sent on a day off are received on the next
 * working day; a request handed in or signed for is received that day (the office was open).
 */
export function receiptDate(cal: Cal, channel: Channel, eventOn: string): ReceiptRule {
  dn(eventOn);
  const shifts = channel === 'online' || channel === 'fax';
  const receivedOn = shifts ? workdayOnOrAfter(cal, eventOn) : eventOn;
  return { channel, eventOn, receivedOn, rule: channel, shifted: receivedOn !== eventOn };
}

export interface Pause {
  /** the day the consultation letter was sent */
  from: string;
  /** the day the opinion arrived (or the consultation was closed); null while it runs */
  to: string | null;
  /** e.g. 'thirdParty' */
  reason: string;
}

export interface ClockFacts {
  channel: Channel;
  /** the event day of the channel's rule (see receiptDate) */
  eventOn: string;
  /** a 补正 notice sent that day, if any */
  correctionNoticeOn?: string | null;
  /** the day the corrected request was received */
  correctedOn?: string | null;
  /** an extension approved (once) */
  extended?: boolean;
  pauses?: Pause[];
  /** the day of the reply, once replied */
  repliedOn?: string | null;
}

export interface ClockDay {
  date: string;
  kind: DayKind;
  holiday?: string;
  /** the ordinal of this working day in the period, when counted */
  n?: number;
  /** not counted because of a pause */
  paused?: boolean;
  /** the day the limit before extension falls on */
  originalDue?: boolean;
}

export type ClockState = 'awaitingCorrection' | 'running' | 'paused' | 'overdue' | 'replied' | 'repliedLate';

export interface ClockExplanation {
  receipt: ReceiptRule;
  /** the last day a 补正 notice may be sent (7 working days after receipt) */
  correctionNoticeDue: string;
  correctionNoticeOn: string | null;
  /** a notice sent after its 7 days (kept, but shown as late) */
  correctionNoticeLate: boolean;
  /** the day counting starts from (not itself counted): receipt, or the corrected request's receipt */
  start: string | null;
  startReason: 'received' | 'corrected' | null;
  /** 20, or 40 with the extension */
  limit: number;
  extended: boolean;
  /** the 20th working day (before the extension), null when not yet known */
  originalDue: string | null;
  /** the last day to reply, null while waiting for the correction or during an open pause */
  due: string | null;
  pauses: (Pause & { workingDays: number })[];
  /** working days counted up to `today` (or the reply) and left */
  counted: number;
  left: number | null;
  state: ClockState;
  /** each calendar day from the day after the start to the due day (or today, if later) */
  days: ClockDay[];
}

/**
 * The whole clock of one request on `today`: its receipt, its start, each day counted or not
 * and why, the due day, and where the request stands.
 */
export function explainClock(cal: Cal, facts: ClockFacts, today: string): ClockExplanation {
  const receipt = receiptDate(cal, facts.channel, facts.eventOn);
  const correctionNoticeDue = addWorkingDays(cal, receipt.receivedOn, CORRECTION_NOTICE_DAYS);
  const noticeOn = facts.correctionNoticeOn ?? null;
  const extended = !!facts.extended;
  const limit = REPLY_DAYS + (extended ? EXTENSION_DAYS : 0);
  const base = {
    receipt,
    correctionNoticeDue,
    correctionNoticeOn: noticeOn,
    correctionNoticeLate: noticeOn !== null && noticeOn > correctionNoticeDue,
    limit,
    extended,
  };
  let start: string | null = receipt.receivedOn;
  let startReason: ClockExplanation['startReason'] = 'received';
  if (noticeOn) {
    if (facts.correctedOn) {
      start = facts.correctedOn;
      startReason = 'corrected';
    } else {
      start = null;
      startReason = null;
    }
  }
  const pauses = (facts.pauses ?? []).map((p) => ({ ...p, workingDays: 0 }));
  if (start === null) {
    return { ...base, start, startReason, originalDue: null, due: null, pauses, counted: 0, left: null, state: facts.repliedOn ? 'replied' : 'awaitingCorrection', days: [] };
  }
  const stop = facts.repliedOn ?? today;
  const pausedOn = (d: number) => {
    for (const p of pauses) {
      const from = dn(p.from);
      const to = p.to === null ? Infinity : dn(p.to);
      if (d > from && d <= to) return p;
    }
    return undefined;
  };
  const days: ClockDay[] = [];
  let n = 0;
  let originalDue: string | null = null;
  let due: string | null = null;
  let counted = 0;
  const stopDay = dn(stop);
  const openPause = pauses.some((p) => p.to === null && dn(p.from) <= stopDay);
  // walk until the due day is found and `stop` is passed; an open pause ends the walk at `stop`
  for (let d = dn(start) + 1; ; d++) {
    const date = ymdOf(d);
    const kind = dayKind(cal, date);
    const day: ClockDay = { date, kind };
    const holiday = cal.holidayName(date);
    if (holiday) day.holiday = holiday;
    if (kind === 'workday' || kind === 'makeup') {
      const p = pausedOn(d);
      if (p) {
        p.workingDays++;
        day.paused = true;
      } else {
        n++;
        day.n = n;
        if (d <= stopDay) counted = n;
        if (n === REPLY_DAYS) {
          originalDue = date;
          day.originalDue = extended;
        }
        if (n === limit) due = date;
      }
    }
    days.push(day);
    // while a consultation runs the due day is not known: the walk shows the days so far
    if (openPause ? d >= stopDay : d >= stopDay && due !== null) break;
    if (days.length > 3000) break;
  }
  if (openPause) due = null;
  let state: ClockState;
  if (facts.repliedOn) state = due !== null && facts.repliedOn > due ? 'repliedLate' : 'replied';
  else if (openPause) state = 'paused';
  else if (due !== null && today > due) state = 'overdue';
  else state = 'running';
  const left = due === null ? null : Math.max(0, limit - counted);
  return { ...base, start, startReason, originalDue, due, pauses, counted, left, state, days };
}

/** The due day without the explanation (null while waiting for a correction or paused). */
export const dueDate = (cal: Cal, facts: ClockFacts, today: string) => explainClock(cal, facts, today).due;

/** Whether a reply on `on` would come after the limit without an extension (refused). */
export function lateWithoutExtension(cal: Cal, facts: ClockFacts, on: string): boolean {
  if (facts.extended) return false;
  const c = explainClock(cal, { ...facts, repliedOn: null }, on);
  return c.due !== null && on > c.due;
}

/** Whether the extension may still be approved on `on`: once, before the 20 days run out. */
export function mayExtend(cal: Cal, facts: ClockFacts, on: string): 'ok' | 'already' | 'tooLate' | 'notRunning' {
  if (facts.extended) return 'already';
  const c = explainClock(cal, { ...facts, repliedOn: null }, on);
  if (c.start === null) return 'notRunning';
  if (c.due !== null && on > c.due) return 'tooLate';
  return 'ok';
}
