/**
 * The citizen's pages of appointments: halls, slots, booking, my bookings, check-in on the phone,
 * the kiosk, the display board and the hall status, and the live streams (SSE) of a ticket and a
 * board. Every form posts and redirects (303); a refused one comes back with its message and 4xx.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { t } from '../../lib/i18n/index.js';
import { citizenOrRedirect } from '../../web/guards.js';
import { flashFrom } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import { bookingFromForm, checkInFromForm, rescheduleFromForm, walkInFromForm } from './forms.js';
import { YMD } from './model.js';
import { bookingCan } from './policy.js';
import { bookingUrl, presentBoard, ticketUrl } from './present.js';
import type { AppointmentService } from './service.js';
import type { HallBoard, TicketView } from './operations/queue.js';
import { ticketOnBoard } from './operations/queue.js';
import { boardPage, expectedLine, kioskPage, ticketLine, ticketPage } from './views/queue.js';
import { bookingPage, hallPage, hallsPage, myBookingsPage, priorityOptions, slotsPage, statusPage } from './views/public.js';

export interface AppointmentRouteDeps {
  appointments: AppointmentService;
  timeZone: string;
  /** tickets and bookings per minute per address; 0: no limit */
  rateLimit: number;
}

const hidden = { schema: { hide: true } } as const;
const page = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);

const DONE = {
  booked: 'appt.done.booked',
  cancelled: 'appt.done.cancelled',
  rescheduled: 'appt.done.rescheduled',
  waiting: 'appt.done.waiting',
  left: 'appt.done.left',
} as const;

/** A Server-Sent Events stream: the first event at once, then one per change; a comment every 20 s keeps proxies from closing it. */
export function openStream(request: FastifyRequest, reply: FastifyReply, first: string, subscribe: (send: (data: string) => void) => () => void) {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  let last = '';
  const send = (data: string) => {
    if (data === last || raw.destroyed) return;
    last = data;
    // not awaited: a slow phone's socket buffers its own bytes and holds up nobody else
    raw.write(frameOf(data));
  };
  raw.write('retry: 3000\n\n');
  send(first);
  const stop = subscribe(send);
  const beat = setInterval(() => raw.write(': keep-alive\n\n'), 20_000);
  beat.unref();
  request.raw.on('close', () => {
    clearInterval(beat);
    stop();
  });
}

/** One SSE frame per event text: a board sent to 1,000 listeners is framed once, not 1,000 times. */
let lastFrame = { data: '', frame: '' };
function frameOf(data: string) {
  if (lastFrame.data !== data) lastFrame = { data, frame: `event: update\ndata: ${data}\n\n` };
  return lastFrame.frame;
}

/** A board's event text, made once per board read and shared by every listener of the hall. */
const boardEvents = new WeakMap<HallBoard, string>();
export const boardEvent = (b: HallBoard) => {
  const made = boardEvents.get(b);
  if (made !== undefined) return made;
  const text = boardEventText(b);
  boardEvents.set(b, text);
  return text;
};
const boardEventText = (b: HallBoard) => {
  const p = presentBoard(b);
  return JSON.stringify({
    calls: p.calls.map((c) => ({ number: c.number, window: c.window !== null ? t('appt.board.windowN', { n: c.window }) : '' })),
    queues: b.queues.map((q) => `${q.queue.prefix} ${q.queue.name}：${t('appt.halls.waiting', { n: q.waiting })}`),
    none: t('appt.board.none'),
  });
};
export const ticketEvent = (v: TicketView) =>
  JSON.stringify({ number: v.ticket.label, status: v.ticket.status, line: ticketLine(v), expected: expectedLine(v), window: v.window, position: v.position ?? null, rateUrl: v.rateUrl, rate: v.rateUrl ? t('appt.rating.link') : '' });

export async function appointmentRoutes(app: FastifyInstance, deps: AppointmentRouteDeps) {
  const { appointments: appt, timeZone } = deps;
  const limited: FastifyContextConfig = deps.rateLimit ? { rateLimit: { max: deps.rateLimit, timeWindow: '1 minute' } } : { rateLimit: false };
  const groups = async () => priorityOptions(await appt.ctx.catalog.listSpecialGroups());

  app.get('/appointments', hidden, async (_request, reply) => {
    const halls = await appt.appointmentHalls();
    const boards = await Promise.all(halls.map((h) => appt.hallBoard(h.hall.slug).catch(() => undefined)));
    return page(reply, hallsPage({ timeZone, halls: halls.map((h, i) => ({ hall: h.hall, board: boards[i] })) }));
  });

  app.get('/appointments/halls/:slug', hidden, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const d = await appt.hallDetail(slug);
    return page(reply, hallPage({ timeZone, hall: d.hall, items: d.items, week: d.week, board: await appt.hallBoard(slug) }));
  });

  async function slots(request: FastifyRequest, reply: FastifyReply, extra: { error?: string; notice?: string } = {}) {
    const { slug, itemId } = request.params as { slug: string; itemId: string };
    const q = request.query as Record<string, unknown>;
    const id = intParam(itemId);
    if (!id) return reply.callNotFound();
    const day = typeof q.day === 'string' && YMD.test(q.day) ? q.day : undefined;
    const reschedule = typeof q.reschedule === 'string' && /^[A-Z0-9]{10}$/.test(q.reschedule) ? q.reschedule : undefined;
    const view = await appt.slotsForItem(slug, id, day);
    const p = await request.principal();
    return slotsPage({ timeZone, view, signedIn: !!p && p.kind !== 'staff', csrf: reply.csrfToken(), reschedule, path: request.url, ...extra });
  }

  app.get('/appointments/halls/:slug/items/:itemId', hidden, async (request, reply) => {
    const body = await slots(request, reply);
    return typeof body === 'string' ? page(reply, body) : body;
  });

  // a refused booking goes back to the slots of its item with the reason
  async function backToSlots(request: FastifyRequest, reply: FastifyReply, slotItem: { slotId?: number; itemId?: number }, message: string, status: number) {
    const found = slotItem.slotId ? await appt.slotWithHall(slotItem.slotId) : undefined;
    const slot = found?.slot;
    const hall = found?.hall;
    if (hall && slotItem.itemId) {
      try {
        const view = await appt.slotsForItem(hall.slug, slotItem.itemId, slot?.day);
        return reply.code(status).type('text/html; charset=utf-8').send(slotsPage({ timeZone, view, signedIn: true, csrf: reply.csrfToken(), error: message, path: request.url }));
      } catch {
        // fall through to the plain error page
      }
    }
    return reply.code(status).type('text/html; charset=utf-8').send(hallsPage({ timeZone, halls: [], error: message }));
  }

  app.post('/appointments/bookings', { ...hidden, config: limited }, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, '/appointments');
    if (!p) return reply;
    const guess = { slotId: intParam((request.body as Record<string, string>)?.slotId), itemId: intParam((request.body as Record<string, string>)?.itemId) };
    try {
      const booked = await appt.book(p, bookingFromForm(request.body));
      return reply.redirect(`${bookingUrl(booked.booking.code)}?done=booked`, 303);
    } catch (e) {
      const err = e as { status?: number; message: string };
      if (typeof err.status === 'number' && err.status < 500) return backToSlots(request, reply, guess, err.message, err.status === 404 ? 400 : err.status);
      throw e;
    }
  });

  app.post('/appointments/waitlist', { ...hidden, config: limited }, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, '/appointments');
    if (!p) return reply;
    const guess = { slotId: intParam((request.body as Record<string, string>)?.slotId), itemId: intParam((request.body as Record<string, string>)?.itemId) };
    try {
      await appt.joinWaitlist(p, bookingFromForm(request.body));
      return reply.redirect('/appointments/mine?done=waiting', 303);
    } catch (e) {
      const err = e as { status?: number; message: string };
      if (typeof err.status === 'number' && err.status < 500) return backToSlots(request, reply, guess, err.message, err.status);
      throw e;
    }
  });

  app.post('/appointments/waitlist/:id/leave', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, '/appointments/mine');
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) return reply.callNotFound();
    await appt.leaveWaitlist(p, id);
    return reply.redirect('/appointments/mine?done=left', 303);
  });

  async function mine(request: FastifyRequest, reply: FastifyReply, extra: { error?: string } = {}) {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const { bookings, waits } = await appt.myBookings(p);
    const blocked = await appt.blockedUntil(p.userId);
    return page(
      reply,
      myBookingsPage({ timeZone, bookings, waits, csrf: reply.csrfToken(), notice: flashFrom(request.query, DONE), blockedUntil: blocked ? appt.calendar.localDate(blocked) : undefined, rateable: appt.ctx.ratings !== null, ...extra }),
    );
  }
  app.get('/appointments/mine', hidden, (request, reply) => mine(request, reply));

  async function bookingView(request: FastifyRequest, reply: FastifyReply, extra: { error?: string; status?: number } = {}) {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const { code } = request.params as { code: string };
    const found = await appt.myBooking(p, code);
    const now = appt.ctx.clock.now().getTime();
    const b = found.booking;
    const canChange = bookingCan(b.status, 'cancel', 'owner') && found.slot.startsAt.getTime() - now >= found.queue.cancelCutoffMinutes * 60_000;
    const canCheckIn =
      bookingCan(b.status, 'checkIn', 'owner') &&
      found.slot.day === appt.calendar.localDate(new Date(now)) &&
      now >= found.slot.startsAt.getTime() - found.queue.checkInEarlyMinutes * 60_000 &&
      now <= found.slot.endsAt.getTime();
    const qrSvg = await QRCode.toString(b.code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply
      .code(extra.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(
        bookingPage({ timeZone, ...found, qrSvg, canChange, canCheckIn, rateable: appt.ctx.ratings !== null, groups: await groups(), csrf: reply.csrfToken(), notice: flashFrom(request.query, DONE), error: extra.error }),
      );
  }
  app.get('/appointments/bookings/:code', hidden, (request, reply) => bookingView(request, reply));

  /** A change to one's booking: done → back to it with a notice; refused → the booking page with the reason. */
  const change = (run: (p: NonNullable<Awaited<ReturnType<FastifyRequest['principal']>>>, code: string, request: FastifyRequest) => Promise<string>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const p = await citizenOrRedirect(request, reply, '/appointments/mine');
      if (!p) return reply;
      const { code } = request.params as { code: string };
      try {
        return reply.redirect(await run(p, code, request), 303);
      } catch (e) {
        const err = e as { status?: number; message: string };
        if (typeof err.status === 'number' && err.status < 500 && err.status !== 404) return bookingView(request, reply, { error: err.message, status: err.status });
        throw e;
      }
    };

  app.post('/appointments/bookings/:code/cancel', hidden, change(async (p, code) => {
    await appt.cancel(p, code);
    return `${bookingUrl(code)}?done=cancelled`;
  }));
  app.post('/appointments/bookings/:code/reschedule', hidden, change(async (p, code, request) => {
    await appt.reschedule(p, code, rescheduleFromForm(request.body).slotId);
    return `${bookingUrl(code)}?done=rescheduled`;
  }));
  app.post('/appointments/bookings/:code/check-in', { ...hidden, config: limited }, change(async (p, code, request) => {
    const ticket = await appt.checkIn(p, { ...checkInFromForm({ ...(request.body as object), code }) }, 'phone');
    return ticketUrl(ticket.token);
  }));

  // ---- the hall's day -----------------------------------------------------------------------------

  async function kiosk(request: FastifyRequest, reply: FastifyReply, extra: { error?: string; code?: string; status?: number } = {}) {
    const { slug } = request.params as { slug: string };
    const d = await appt.hallDetail(slug);
    return reply
      .code(extra.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(kioskPage({ timeZone, hall: d.hall, queues: d.queues, groups: await groups(), csrf: reply.csrfToken(), error: extra.error, code: extra.code }));
  }
  app.get('/appointments/halls/:slug/kiosk', hidden, (request, reply) => kiosk(request, reply));

  const kioskAction = (run: (slug: string, body: unknown) => Promise<string>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug } = request.params as { slug: string };
    await appt.hallBySlug(slug);
    try {
      return reply.redirect(await run(slug, request.body), 303);
    } catch (e) {
      const err = e as { status?: number; message: string };
      if (typeof err.status === 'number' && err.status < 500)
        return kiosk(request, reply, { error: err.message, status: err.status === 404 ? 400 : err.status, code: String((request.body as Record<string, unknown>)?.code ?? '').slice(0, 12) });
      throw e;
    }
  };
  app.post('/appointments/halls/:slug/kiosk/check-in', { ...hidden, config: limited }, kioskAction(async (slug, body) => {
    const ticket = await appt.checkIn(undefined, checkInFromForm(body), 'kiosk', (await appt.hallBySlug(slug)).id);
    return ticketUrl(ticket.token);
  }));
  app.post('/appointments/halls/:slug/kiosk/walk-in', { ...hidden, config: limited }, kioskAction(async (slug, body) => ticketUrl((await appt.walkIn(slug, walkInFromForm(body))).token)));

  app.get('/appointments/halls/:slug/board', hidden, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    return page(reply, boardPage({ timeZone, board: await appt.hallBoard(slug) }));
  });
  app.get('/appointments/halls/:slug/status', hidden, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    return page(reply, statusPage({ timeZone, board: await appt.hallBoard(slug) }));
  });

  app.get('/appointments/halls/:slug/board/events', hidden, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const board = await appt.hallBoard(slug);
    openStream(request, reply, boardEvent(board), (send) => appt.live.watch(board.hall.id, (b) => send(boardEvent(b))));
  });

  app.get('/queue/tickets/:token', hidden, async (request, reply) => {
    const { token } = request.params as { token: string };
    return page(reply, ticketPage({ timeZone, view: await appt.ticketView(token) }));
  });
  app.get('/queue/tickets/:token/events', hidden, async (request, reply) => {
    const { token } = request.params as { token: string };
    const view = await appt.ticketView(token);
    const ratable = await appt.ratableUrlOf(view.ticket);
    openStream(request, reply, ticketEvent(view), (send) => appt.live.watch(view.hall.id, (b) => send(ticketEvent(ticketOnBoard(b, view.ticket, ratable)))));
  });

}
