/**
 * The hall managers' inputs (back office, issue 15 point 9): a window, the weekly hours, a filter of
 * the day's bookings and a report's period. One schema each, read from the form into the same
 * shape and checked by `parse` (forms.ts), so a bad field is a Chinese message and nothing changes.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { BadRequestError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { field, fields } from '../../web/forms.js';
import { Day, Id, parse } from './forms.js';
import { HHMM } from './model.js';

export const WindowInput = T.Object(
  {
    number: T.Integer({ minimum: 1, maximum: 999, description: '窗口号' }),
    name: T.String({ minLength: 1, maxLength: 40, description: '窗口名称，如 综合窗口' }),
    /** the queues it calls from; none: every queue of the hall (综合窗口) */
    queueIds: T.Array(Id, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type WindowInput = Static<typeof WindowInput>;

const Period = T.Object({ weekday: T.Integer({ minimum: 1, maximum: 7 }), opens: T.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }), closes: T.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }) });
export const HoursInput = T.Object({ hours: T.Array(Period, { maxItems: 28 }) }, { additionalProperties: false });
export type HoursInput = Static<typeof HoursInput>;

export const ReportQuery = T.Object({ from: Day, to: Day }, { additionalProperties: false });
export type ReportQuery = Static<typeof ReportQuery>;

const int = (raw: string) => (/^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN);

export const windowFromForm = (body: unknown) =>
  parse(WindowInput, { number: int(field(body, 'number')), name: field(body, 'name').trim(), queueIds: fields(body, 'queueIds').filter((x) => x.trim()).map(int) });

/**
 * The week's hours as the form gives them: one field per weekday (`day1` … `day7`), periods
 * separated by a comma or 、, each `HH:MM-HH:MM`; an empty field is a closed day. A period that
 * does not read, ends before it starts or overlaps another is refused with the weekday named.
 */
export function hoursFromForm(body: unknown): HoursInput {
  const hours: HoursInput['hours'] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const raw = field(body, `day${weekday}`).replace(/[，、；;]/g, ',').replace(/[－—–~～至]/g, '-').replace(/：/g, ':').trim();
    if (!raw) continue;
    const periods = raw.split(',').map((p) => p.trim()).filter(Boolean);
    let last = '';
    for (const p of periods) {
      const m = /^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(p);
      const pad = (s: string) => s.padStart(5, '0');
      if (!m || !HHMM.test(pad(m[1] as string)) || !HHMM.test(pad(m[2] as string))) throw new BadRequestError(t('appt.office.hoursBad', { day: t(`appt.office.weekday.${weekday}` as never), value: p }), 'bad_hours');
      const opens = pad(m[1] as string);
      const closes = pad(m[2] as string);
      if (opens >= closes || opens < last) throw new BadRequestError(t('appt.office.hoursOrder', { day: t(`appt.office.weekday.${weekday}` as never) }), 'bad_hours');
      last = closes;
      hours.push({ weekday, opens, closes });
    }
  }
  return parse(HoursInput, { hours });
}
