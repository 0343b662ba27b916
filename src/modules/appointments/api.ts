/**
 * Appointments over the JSON API v1: halls, slots with seats left, hall status; bookings of the
 * token's owner (Idempotency-Key on POST), their iCalendar file by booking code; tickets (check-in
 * by code, walk-ins, a ticket by its token); and the counter for hall staff with an
 * `appointments:write` token. Handlers check the wire format, call one operation and present.
 *
 * Idempotency: a POST /api/v1/bookings repeated with the same Idempotency-Key gets 201 and the
 * same booking, with `Idempotent-Replayed: true`; the same key for another slot is a 422.
 */
import { Type as T } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { apiCaller, perMinute } from './api-caller.js';
import { BookingInput, CheckInInput, Day, FinishInput, Id, RescheduleInput, TransferInput, WalkInInput } from './forms.js';
import { bookingIcs } from './ics.js';
import { ticketOnBoard } from './operations/queue.js';
import { presentBooking, presentHallSummary, presentQueue, presentSlot, presentStatus, presentTicket, presentWindow } from './present.js';
import type { AppointmentService } from './service.js';

export interface AppointmentApiDeps {
  appointments: AppointmentService;
  publicUrl: string;
  /** bookings and tickets per minute per address; 0: no limit */
  rateLimit: number;
}

const Problem = T.Object({ where: T.String(), field: T.String(), message: T.String() });
const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String(), problems: T.Optional(T.Array(Problem)) }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const security: { [name: string]: string[] }[] = [{ bearer: [] }, {}];
const tags = ['appointments'];
const DateTime = T.String({ format: 'date-time' });
const Nullable = <S extends import('@sinclair/typebox').TSchema>(s: S) => T.Union([s, T.Null()]);

const HallRef = T.Object({ slug: T.String(), name: T.String() });
const Rules = T.Object({
  slotMinutes: T.Integer(),
  seats: T.Integer(),
  horizonDays: T.Integer(),
  releaseTime: T.String(),
  minNoticeMinutes: T.Integer(),
  cancelCutoffMinutes: T.Integer(),
  checkInEarlyMinutes: T.Integer(),
});
const Queue = T.Object({ id: T.Integer(), prefix: T.String(), name: T.String(), itemIds: T.Array(T.Integer()), rules: Rules, version: T.Integer() });
const Window = T.Object({ id: T.Integer(), number: T.Integer(), name: T.String(), queueIds: T.Array(T.Integer()), open: T.Boolean() });
const HallSummary = T.Object({ slug: T.String(), name: T.String(), address: T.String(), hours: T.String(), phone: T.String(), queues: T.Integer(), url: T.String() });
const Slot = T.Object({ id: T.Integer(), day: T.String(), startsAt: DateTime, endsAt: DateTime, seats: T.Integer(), seatsLeft: T.Integer(), bookable: T.Boolean() });
const Booking = T.Object({
  code: T.String(),
  status: T.String(),
  statusLabel: T.String(),
  hall: Nullable(T.Object({ slug: T.String(), name: T.String(), address: T.String() })),
  item: T.Object({ id: T.Integer(), name: T.String() }),
  startsAt: DateTime,
  endsAt: DateTime,
  sequence: T.Integer(),
  fromWaitlist: T.Boolean(),
  url: T.String(),
  calendarUrl: T.String(),
});
const Ticket = T.Object({
  number: T.String({ description: '号码，如 A001' }),
  token: T.String({ description: '排队号的查看凭据（手机页面 /queue/tickets/{token}）' }),
  status: T.String(),
  statusLabel: T.String(),
  hall: HallRef,
  queue: Nullable(T.Object({ id: T.Integer(), name: T.String() })),
  kind: T.String(),
  priority: T.Boolean(),
  position: Nullable(T.Integer({ description: '在队列中的位置，1 = 下一个' })),
  expectedWaitMinutes: Nullable(T.Integer()),
  window: Nullable(T.Integer()),
  url: T.String(),
});
const Status = T.Object({
  hall: HallRef,
  day: T.String(),
  queues: T.Array(T.Object({ id: T.Integer(), prefix: T.String(), name: T.String(), waiting: T.Integer(), expectedWaitMinutes: T.Integer() })),
  waiting: T.Integer(),
  averageWaitMinutes: Nullable(T.Number()),
  served: T.Integer(),
  openWindows: T.Array(T.Object({ number: T.Integer(), name: T.String() })),
  windows: T.Integer(),
});
const Slug = T.Object({ slug: T.String({ maxLength: 100 }) });
const Code = T.Object({ code: T.String({ maxLength: 40 }) });

export async function appointmentApiRoutes(app: FastifyInstance, deps: AppointmentApiDeps) {
  const { appointments: appt } = deps;
  const limited = perMinute(deps.rateLimit);
  const host = new URL(deps.publicUrl).host;
  const caller = apiCaller(() => t('appt.error.signIn'));

  app.get(
    '/api/v1/halls',
    { schema: { tags, summary: '可预约的办事大厅', querystring: T.Object({ limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }), offset: T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }) }), response: { 200: T.Object({ total: T.Integer(), halls: T.Array(HallSummary) }), ...errors } } },
    async (request) => {
      const { limit, offset } = request.query as { limit: number; offset: number };
      const halls = await appt.appointmentHalls();
      return { total: halls.length, halls: halls.slice(offset, offset + limit).map((h) => presentHallSummary(h.hall, h.queues)) };
    },
  );

  app.get(
    '/api/v1/halls/:slug',
    {
      schema: {
        tags,
        summary: '大厅的排队队列（含预约规则）、窗口、可预约事项和近两周开放情况（法定节假日闭厅，调休上班日开放）',
        params: Slug,
        response: {
          200: T.Object({
            hall: HallSummary,
            queues: T.Array(Queue),
            windows: T.Array(Window),
            items: T.Array(T.Object({ id: T.Integer(), name: T.String(), queueId: T.Integer() })),
            days: T.Array(T.Object({ day: T.String(), kind: T.String(), periods: T.Array(T.Object({ opens: T.String(), closes: T.String() })), note: T.Optional(T.String()) })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const d = await appt.hallDetail((request.params as { slug: string }).slug);
      const queueOf = (itemId: number) => (d.queues.find((q) => q.itemIds.includes(itemId)) ?? d.queues.find((q) => q.itemIds.length === 0))?.id ?? 0;
      return {
        hall: presentHallSummary(d.hall, d.queues),
        queues: d.queues.map(presentQueue),
        windows: d.windows.map(presentWindow),
        items: d.items.map((i) => ({ id: i.itemId, name: i.name, queueId: queueOf(i.itemId) })),
        days: d.week.map((w) => ({ day: w.day, kind: w.kind, periods: w.periods, ...(w.note ? { note: w.note } : {}) })),
      };
    },
  );

  app.get(
    '/api/v1/halls/:slug/status',
    { schema: { tags, summary: '大厅实时排队情况：各队列等候人数、预计等候、今日平均等候、开放窗口', params: Slug, response: { 200: Status, ...errors } } },
    async (request) => presentStatus(await appt.hallBoard((request.params as { slug: string }).slug)),
  );

  app.get(
    '/api/v1/halls/:slug/slots',
    {
      schema: {
        tags,
        summary: '某事项在大厅可预约的日期和时段（含余号）',
        params: Slug,
        querystring: T.Object({ item: Id, day: T.Optional(Day) }),
        response: { 200: T.Object({ days: T.Array(T.String()), day: Nullable(T.String()), total: T.Integer(), slots: T.Array(Slot) }), ...errors },
      },
    },
    async (request) => {
      const q = request.query as { item: number; day?: string };
      const v = await appt.slotsForItem((request.params as { slug: string }).slug, q.item, q.day);
      return { days: v.days, day: v.day ?? null, total: v.slots.length, slots: v.slots.map(presentSlot) };
    },
  );

  // ---- bookings (the token's owner) --------------------------------------------------------------

  app.post(
    '/api/v1/bookings',
    {
      config: limited,
      schema: {
        tags,
        summary: '预约一个时段（需要市民本人的令牌和已验证的手机号）',
        description:
          '同一人同一事项只能有一个有效预约；时段约满返回 409 slot_full。请求头 Idempotency-Key（1–200 个可见 ASCII 字符）相同的重复提交返回同一个预约（201，带 Idempotent-Replayed: true）。',
        security,
        headers: T.Object({ 'idempotency-key': T.Optional(T.String({ maxLength: 1000 })) }),
        body: BookingInput,
        response: { 201: Booking, ...errors },
      },
    },
    async (request, reply) => {
      const booked = await appt.book(await caller(request), request.body as { slotId: number; itemId: number }, request.headers['idempotency-key'] as string | undefined);
      if (!booked.created) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(presentBooking(booked.booking, booked.slot, booked.hall));
    },
  );

  app.get(
    '/api/v1/bookings',
    { schema: { tags, summary: '我的预约', security, response: { 200: T.Object({ total: T.Integer(), bookings: T.Array(Booking) }), ...errors } } },
    async (request) => {
      const { bookings } = await appt.myBookings(await caller(request));
      return { total: bookings.length, bookings: bookings.map((b) => presentBooking(b.booking, b.slot, b.hall)) };
    },
  );

  app.get(
    '/api/v1/bookings/:code',
    { schema: { tags, summary: '我的一个预约', security, params: Code, response: { 200: T.Object({ booking: Booking, ticket: Nullable(T.String({ description: '已取号时的排队号 token' })) }), ...errors } } },
    async (request) => {
      const found = await appt.myBooking(await caller(request), (request.params as { code: string }).code);
      return { booking: presentBooking(found.booking, found.slot, found.hall), ticket: found.ticket?.token ?? null };
    },
  );

  app.post(
    '/api/v1/bookings/:code/cancel',
    { schema: { tags, summary: '取消预约（截止时间前）；空出的号源按候补顺序自动补位', security, params: Code, response: { 200: Booking, ...errors } } },
    async (request) => {
      const p = await caller(request);
      const code = (request.params as { code: string }).code;
      await appt.cancel(p, code);
      const found = await appt.myBooking(p, code);
      return presentBooking(found.booking, found.slot, found.hall);
    },
  );

  app.post(
    '/api/v1/bookings/:code/reschedule',
    { schema: { tags, summary: '改约到同一事项的另一个时段（截止时间前）', security, params: Code, body: RescheduleInput, response: { 200: Booking, ...errors } } },
    async (request) => {
      const p = await caller(request);
      const code = (request.params as { code: string }).code;
      await appt.reschedule(p, code, (request.body as { slotId: number }).slotId);
      const found = await appt.myBooking(p, code);
      return presentBooking(found.booking, found.slot, found.hall);
    },
  );

  app.post(
    '/api/v1/waitlist',
    { config: limited, schema: { tags, summary: '登记候补（时段约满时）；有人取消时按登记顺序自动预约并通知', security, body: BookingInput, response: { 201: T.Object({ id: T.Integer(), slotId: T.Integer() }), ...errors } } },
    async (request, reply) => {
      const w = await appt.joinWaitlist(await caller(request), request.body as { slotId: number; itemId: number });
      return reply.code(201).send({ id: w.id, slotId: w.slotId });
    },
  );

  app.get(
    '/api/v1/bookings/:code/calendar.ics',
    {
      schema: {
        tags,
        summary: '预约的 iCalendar 文件（UID 固定，改约或取消时 SEQUENCE 递增）',
        params: Code,
        produces: ['text/calendar'],
        response: { 200: T.String({ description: 'text/calendar' }), ...errors },
      },
    },
    async (request, reply) => {
      const code = (request.params as { code: string }).code.replace(/\.ics$/, '');
      const { booking, slot, hall } = await appt.bookingForCalendar(code);
      const item = hall.items.find((i) => i.itemId === booking.itemId)?.name ?? '';
      const body = bookingIcs({
        booking,
        slot,
        hall,
        host,
        url: `${deps.publicUrl.replace(/\/$/, '')}/appointments/bookings/${booking.code}`,
        summary: `${item}（${hall.name}）`,
        description: `${t('appt.booking.code')}：${booking.code}\n${t('appt.booking.codeHint')}`,
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="booking-${booking.code}.ics"`)
        .serializer((x: unknown) => String(x))
        .send(body);
    },
  );

  // ---- tickets ------------------------------------------------------------------------------------

  app.post(
    '/api/v1/tickets',
    {
      config: limited,
      schema: { tags, summary: '手机取号：凭预约码取号（预约当天、时段开始前可提前取号）', security, body: CheckInInput, response: { 201: Ticket, ...errors } },
    },
    async (request, reply) => {
      const ticket = await appt.checkIn(await caller(request), request.body as { code: string }, 'phone');
      return reply.code(201).send(presentTicket(await appt.ticketView(ticket.token)));
    },
  );

  app.post(
    '/api/v1/halls/:slug/tickets',
    { config: limited, schema: { tags, summary: '现场取号（大厅开放时间内）', params: Slug, body: WalkInInput, response: { 201: Ticket, ...errors } } },
    async (request, reply) => {
      const ticket = await appt.walkIn((request.params as { slug: string }).slug, request.body as { queueId: number });
      return reply.code(201).send(presentTicket(await appt.ticketView(ticket.token)));
    },
  );

  app.get(
    '/api/v1/tickets/:token',
    { schema: { tags, summary: '排队号的实时情况：状态、位置、预计等候、呼叫窗口', params: T.Object({ token: T.String({ maxLength: 60 }) }), response: { 200: Ticket, ...errors } } },
    async (request) => presentTicket(await appt.ticketView((request.params as { token: string }).token)),
  );

  // ---- the counter (hall staff) ----------------------------------------------------------------

  const WindowParams = T.Object({ id: Id });
  const TicketParams = T.Object({ id: Id, ticket: Id });
  const counterTicket = async (request: FastifyRequest, ticketId: number) => {
    // the ticket as its holder now sees it: every ticket acted on is one of the hall's today
    const { board } = await appt.counterView(await caller(request), (request.params as { id: number }).id);
    const row = board.tickets.find((tk) => tk.id === ticketId);
    if (!row) throw new NotFoundError(t('appt.error.ticketNotFound'));
    return presentTicket(ticketOnBoard(board, row));
  };

  app.post(
    '/api/v1/staff/windows/:id/call',
    { schema: { tags, summary: '叫号：本窗口呼叫下一位（绿色通道优先，其次预约，再次现场号）', security, params: WindowParams, response: { 200: Ticket, ...errors } } },
    async (request) => {
      const ticket = await appt.callNext(await caller(request), (request.params as { id: number }).id);
      return counterTicket(request, ticket.id);
    },
  );

  for (const action of ['recall', 'skip', 'start'] as const) {
    app.post(
      `/api/v1/staff/windows/:id/tickets/:ticket/${action}`,
      {
        schema: {
          tags,
          summary: { recall: '重呼', skip: '过号（第一次重新排队，第二次作废）', start: '开始办理' }[action],
          security,
          params: TicketParams,
          response: { 200: Ticket, ...errors },
        },
      },
      async (request) => {
        const { id, ticket } = request.params as { id: number; ticket: number };
        await appt.counterAction(await caller(request), id, ticket, action);
        return counterTicket(request, ticket);
      },
    );
  }

  app.post(
    '/api/v1/staff/windows/:id/tickets/:ticket/finish',
    { schema: { tags, summary: '办结（可注明办理的事项）', security, params: TicketParams, body: T.Optional(FinishInput), response: { 200: Ticket, ...errors } } },
    async (request) => {
      const { id, ticket } = request.params as { id: number; ticket: number };
      await appt.counterAction(await caller(request), id, ticket, 'finish', (request.body as { itemId?: number } | undefined) ?? {});
      return counterTicket(request, ticket);
    },
  );

  app.post(
    '/api/v1/staff/windows/:id/tickets/:ticket/transfer',
    { schema: { tags, summary: '转移到本大厅的另一队列或窗口（保留取号时间）', security, params: TicketParams, body: TransferInput, response: { 200: Ticket, ...errors } } },
    async (request) => {
      const { id, ticket } = request.params as { id: number; ticket: number };
      await appt.transfer(await caller(request), id, ticket, request.body as { queueId?: number; windowId?: number });
      return counterTicket(request, ticket);
    },
  );
}
