/**
 * The back office of appointments: a hall's staff see their halls and windows; the counter page
 * (叫号) calls, recalls, skips, transfers, starts and finishes; hall managers change a queue's
 * rules, a slot's seats and the hall's closures. Another hall's window, queue or slot is
 * "not found". Forms post and redirect; a refused one comes back with its reason and a 4xx.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { MessageKey } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { flashFrom } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import { exceptionFromForm, finishFromForm, rulesFromForm, seatsFromForm, transferFromForm } from './forms.js';
import { YMD } from './model.js';
import { BOOKING_STATUSES, type BookingStatus } from '../../db/schema/appointments.js';
import type { DirectoryHall } from './faces.js';
import type { AppointmentService } from './service.js';
import { counterPage, managePage, staffHomePage } from './views/staff.js';
import { appointmentOfficeRoutes } from './office-routes.js';

export interface AppointmentStaffRouteDeps {
  appointments: AppointmentService;
  timeZone: string;
}

const hidden = { schema: { hide: true } } as const;
const HTML = 'text/html; charset=utf-8';
const base = '/admin/appointments';
const DONE: Record<string, MessageKey> = { called: 'appt.counter.done.called', saved: 'appt.counter.done.saved', rules: 'appt.admin.saved' };

/** The day list's filter from the query: an item of the hall, a booking status; anything else is no filter. */
function bookingFilterOf(query: unknown, hall: DirectoryHall) {
  const q = query as Record<string, unknown>;
  const item = typeof q.item === 'string' ? intParam(q.item) : undefined;
  const status = typeof q.status === 'string' && (BOOKING_STATUSES as readonly string[]).includes(q.status) ? (q.status as BookingStatus) : undefined;
  return { itemId: item && hall.items.some((i) => i.itemId === item) ? item : undefined, status };
}

export async function appointmentStaffRoutes(app: FastifyInstance, deps: AppointmentStaffRouteDeps) {
  const { appointments: appt, timeZone } = deps;
  const common = (p: Principal, reply: FastifyReply, query: unknown) => ({ principal: p, csrf: reply.csrfToken(), timeZone, notice: flashFrom(query, DONE) });

  app.get(base, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const halls = await appt.staffHalls(p);
    const windows = await appt.myWindows(p);
    return reply.type(HTML).send(
      staffHomePage({ ...common(p, reply, request.query), halls: halls.map((h) => ({ ...h, windows: windows.find((w) => w.hall.id === h.hall.id)?.windows ?? [] })) }),
    );
  });

  async function counter(request: FastifyRequest, reply: FastifyReply, p: Principal, windowId: number, error?: AppError) {
    const view = await appt.counterView(p, windowId);
    return reply
      .code(error ? error.status : 200)
      .type(HTML)
      .send(counterPage({ ...common(p, reply, error ? {} : request.query), ...view, error: error?.message }));
  }

  app.get(`${base}/windows/:id`, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) return reply.callNotFound();
    return counter(request, reply, p, id);
  });

  /** A counter action: done → back to the counter; refused (4xx, not "not found") → the counter with the reason. */
  const act = (done: string, run: (p: Principal, windowId: number, ticketId: number | undefined, body: unknown) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const params = request.params as { id: string; ticket?: string };
    const windowId = intParam(params.id);
    const ticketId = params.ticket === undefined ? undefined : intParam(params.ticket);
    if (!windowId || (params.ticket !== undefined && !ticketId)) return reply.callNotFound();
    try {
      await run(p, windowId, ticketId, request.body);
      return reply.redirect(`${base}/windows/${windowId}?done=${done}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status < 500 && e.status !== 404) return counter(request, reply, p, windowId, e);
      throw e;
    }
  };

  app.post(`${base}/windows/:id/open`, hidden, act('saved', (p, w) => appt.setWindowOpen(p, w, true)));
  app.post(`${base}/windows/:id/close`, hidden, act('saved', (p, w) => appt.setWindowOpen(p, w, false)));
  app.post(`${base}/windows/:id/call`, hidden, act('called', (p, w) => appt.callNext(p, w)));
  for (const action of ['recall', 'skip', 'start'] as const) {
    app.post(`${base}/windows/:id/tickets/:ticket/${action}`, hidden, act(action === 'recall' ? 'called' : 'saved', (p, w, tk) => appt.counterAction(p, w, tk as number, action)));
  }
  app.post(`${base}/windows/:id/tickets/:ticket/finish`, hidden, act('saved', (p, w, tk, body) => appt.counterAction(p, w, tk as number, 'finish', finishFromForm(body))));
  app.post(`${base}/windows/:id/tickets/:ticket/transfer`, hidden, act('saved', (p, w, tk, body) => appt.transfer(p, w, tk as number, transferFromForm(body))));

  // ---- hall managers ------------------------------------------------------------------------------

  async function manage(request: FastifyRequest, reply: FastifyReply, p: Principal, slug: string, dayRaw: unknown, error?: AppError) {
    const day = typeof dayRaw === 'string' && YMD.test(dayRaw) ? dayRaw : appt.calendar.localDate(appt.ctx.clock.now());
    const view = await appt.hallDay(p, slug, day);
    const filter = bookingFilterOf(request.query, view.hall);
    const listed = await appt.dayBookings(view.hall.id, view.slots, filter);
    return reply
      .code(error ? error.status : 200)
      .type(HTML)
      .send(managePage({ ...common(p, reply, error ? {} : request.query), ...view, day, error: error?.message, listed, filter }));
  }

  app.get(`${base}/halls/:slug`, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return manage(request, reply, p, (request.params as { slug: string }).slug, (request.query as Record<string, unknown>).day);
  });

  /** A manager's change: back to the hall page, or the page again with the reason. */
  const change = (slugOf: (p: Principal, request: FastifyRequest) => Promise<string>, run: (p: Principal, request: FastifyRequest) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const p = await staffOrRedirect(request, reply);
      if (!p) return reply;
      const slug = await slugOf(p, request);
      const day = (request.query as Record<string, unknown>).day;
      try {
        await run(p, request);
        return reply.redirect(`${base}/halls/${slug}?done=rules${typeof day === 'string' && YMD.test(day) ? `&day=${day}` : ''}`, 303);
      } catch (e) {
        if (e instanceof AppError && e.status < 500 && e.status !== 404) return manage(request, reply, p, slug, day, e);
        throw e;
      }
    };

  const idParam = (request: FastifyRequest) => {
    const id = intParam((request.params as { id: string }).id);
    if (!id) throw new NotFoundError(t('appt.error.hallNotFound'));
    return id;
  };

  app.post(
    `${base}/queues/:id/rules`,
    hidden,
    change(
      async (p, request) => appt.slugOfQueue(p, idParam(request)),
      (p, request) => appt.updateRules(p, idParam(request), rulesFromForm(request.body)),
    ),
  );
  app.post(
    `${base}/slots/:id/seats`,
    hidden,
    change(
      async (p, request) => appt.slugOfSlot(p, idParam(request)),
      (p, request) => appt.setSlotSeats(p, idParam(request), seatsFromForm(request.body)),
    ),
  );
  app.post(
    `${base}/halls/:slug/exceptions`,
    hidden,
    change(
      async (_p, request) => (request.params as { slug: string }).slug,
      (p, request) => appt.addException(p, (request.params as { slug: string }).slug, exceptionFromForm(request.body)),
    ),
  );

  // windows, hours, exceptions and reports of a hall (office-routes.ts)
  await appointmentOfficeRoutes(app, deps);
}
