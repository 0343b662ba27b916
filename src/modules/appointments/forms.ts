/**
 * One schema per input of appointments. The JSON API uses each as its route schema; the HTML
 * forms read their fields into the same shape (`*FromForm`) and are checked against the same
 * schema (`parse`), so a page and the API refuse the same things with the same words.
 */
import { type Static, type TSchema, Type as T } from '@sinclair/typebox';
import { ValidationError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { checkSchema } from '../../lib/validation.js';
import { field } from '../../web/forms.js';
import { LIMITS, PRIORITY_GROUPS } from './model.js';

const Id = T.Integer({ minimum: 1, maximum: 2147483647 });
const Day = T.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', maxLength: 10, description: '日期 YYYY-MM-DD' });
const Time = T.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 5, description: '时间 HH:MM' });
const Minutes = T.Integer({ minimum: LIMITS.minutes.min, maximum: LIMITS.minutes.max });
export const Paging = {
  limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};

export const BookingInput = T.Object(
  {
    slotId: T.Integer({ minimum: 1, maximum: 2147483647, description: '时段编号（GET /api/v1/halls/{slug}/slots）' }),
    itemId: T.Integer({ minimum: 1, maximum: 2147483647, description: '办理的事项编号' }),
  },
  { additionalProperties: false },
);
export type BookingInput = Static<typeof BookingInput>;

export const RescheduleInput = T.Object({ slotId: Id }, { additionalProperties: false });
export type RescheduleInput = Static<typeof RescheduleInput>;

export const WaitInput = BookingInput;

export const CheckInInput = T.Object(
  {
    code: T.String({ maxLength: 40, description: '预约码（10 位字母数字）' }),
    priorityGroup: T.Optional(T.Union(PRIORITY_GROUPS.map((g) => T.Literal(g)), { description: `绿色通道：${PRIORITY_GROUPS.join(', ')}（到窗口出示证件核验）` })),
  },
  { additionalProperties: false },
);
export type CheckInInput = Static<typeof CheckInInput>;

export const WalkInInput = T.Object(
  {
    queueId: Id,
    priorityGroup: T.Optional(T.Union(PRIORITY_GROUPS.map((g) => T.Literal(g)))),
  },
  { additionalProperties: false },
);
export type WalkInInput = Static<typeof WalkInInput>;

export const RulesInput = T.Object(
  {
    version: T.Integer({ minimum: 1, maximum: 2147483647 }),
    slotMinutes: T.Integer({ minimum: LIMITS.slotMinutes.min, maximum: LIMITS.slotMinutes.max }),
    seats: T.Integer({ minimum: LIMITS.seats.min, maximum: LIMITS.seats.max }),
    horizonDays: T.Integer({ minimum: LIMITS.horizonDays.min, maximum: LIMITS.horizonDays.max }),
    releaseTime: Time,
    minNoticeMinutes: Minutes,
    cancelCutoffMinutes: Minutes,
  },
  { additionalProperties: false },
);
export type RulesInput = Static<typeof RulesInput>;

export const SeatsInput = T.Object({ capacity: T.Integer({ minimum: LIMITS.seats.min, maximum: LIMITS.seats.max }) }, { additionalProperties: false });

export const ExceptionInput = T.Object(
  {
    day: Day,
    kind: T.Union([T.Literal('closed'), T.Literal('open')]),
    opens: T.Optional(Time),
    closes: T.Optional(Time),
    note: T.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type ExceptionInput = Static<typeof ExceptionInput>;

export const TransferInput = T.Object({ queueId: T.Optional(Id), windowId: T.Optional(Id) }, { additionalProperties: false });
export type TransferInput = Static<typeof TransferInput>;

export const FinishInput = T.Object({ itemId: T.Optional(Id) }, { additionalProperties: false });

export { Day, Id };

/** Check a value against its schema; a 400 with every problem when it fails. */
export function parse<S extends TSchema>(schema: S, value: unknown): Static<S> {
  const problems = checkSchema(schema, value);
  if (problems.length) throw new ValidationError(t('appt.error.badInput'), problems);
  return value as Static<S>;
}

/** A form's whole number, or NaN (which the schema refuses) — never a silently different number. */
const int = (raw: string) => (/^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN);
const optional = (raw: string) => (raw.trim() ? raw.trim() : undefined);
const optionalInt = (raw: string) => (raw.trim() ? int(raw) : undefined);

export const bookingFromForm = (body: unknown) => parse(BookingInput, { slotId: int(field(body, 'slotId')), itemId: int(field(body, 'itemId')) });
export const rescheduleFromForm = (body: unknown) => parse(RescheduleInput, { slotId: int(field(body, 'slotId')) });
export const checkInFromForm = (body: unknown) =>
  parse(CheckInInput, dropUndefined({ code: field(body, 'code').trim().toUpperCase(), priorityGroup: optional(field(body, 'priorityGroup')) }));
export const walkInFromForm = (body: unknown) => parse(WalkInInput, dropUndefined({ queueId: int(field(body, 'queueId')), priorityGroup: optional(field(body, 'priorityGroup')) }));
export const rulesFromForm = (body: unknown) =>
  parse(RulesInput, {
    version: int(field(body, 'version')),
    slotMinutes: int(field(body, 'slotMinutes')),
    seats: int(field(body, 'seats')),
    horizonDays: int(field(body, 'horizonDays')),
    releaseTime: field(body, 'releaseTime').trim(),
    minNoticeMinutes: int(field(body, 'minNoticeMinutes')),
    cancelCutoffMinutes: int(field(body, 'cancelCutoffMinutes')),
  });
export const seatsFromForm = (body: unknown) => parse(SeatsInput, { capacity: int(field(body, 'capacity')) }).capacity;
export const exceptionFromForm = (body: unknown) =>
  parse(
    ExceptionInput,
    dropUndefined({ day: field(body, 'day').trim(), kind: field(body, 'kind'), opens: optional(field(body, 'opens')), closes: optional(field(body, 'closes')), note: field(body, 'note').trim() }),
  );
export const transferFromForm = (body: unknown) =>
  parse(TransferInput, dropUndefined({ queueId: optionalInt(field(body, 'queueId')), windowId: optionalInt(field(body, 'windowId')) }));
export const finishFromForm = (body: unknown) => parse(FinishInput, dropUndefined({ itemId: optionalInt(field(body, 'itemId')) }));

function dropUndefined<V extends Record<string, unknown>>(v: V): V {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as V;
}
