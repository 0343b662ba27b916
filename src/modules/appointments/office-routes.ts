/**
 * The hall managers' back-office pages (issue 15 point 9), registered by staff-routes.ts: windows,
 * hours and exceptions, and the report (page, charts, CSV). Each checks the hall before reading the
 * form, so another hall is "not found" whatever is posted; a refused change comes back with its
 * reason in Chinese and a 4xx, nothing changed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { MessageKey } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { flashFrom } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import { bookingsChart, reportCsv, timesChart } from './charts.js';
import { parse } from './forms.js';
import { hoursFromForm, ReportQuery, windowFromForm } from './office-forms.js';
import type { AppointmentService } from './service.js';
import { hallOffice, hoursPage, reportPage, windowsPage } from './views/office.js';

const hidden = { schema: { hide: true } } as const;
const HTML = 'text/html; charset=utf-8';
const base = '/admin/appointments';
const DONE: Record<string, MessageKey> = { saved: 'appt.admin.saved' };

export async function appointmentOfficeRoutes(app: FastifyInstance, deps: { appointments: AppointmentService; timeZone: string }) {
  const { appointments: appt, timeZone } = deps;
  const common = (p: Principal, reply: FastifyReply, query: unknown, error?: AppError) => ({ principal: p, csrf: reply.csrfToken(), timeZone, notice: error ? undefined : flashFrom(query, DONE), error: error?.message });
  const slugOf = (request: FastifyRequest) => (request.params as { slug: string }).slug;
  const idOf = (request: FastifyRequest, name = 'id') => {
    const id = intParam((request.params as Record<string, string>)[name] ?? '');
    if (!id) throw new NotFoundError(t('appt.error.windowNotFound'));
    return id;
  };

  const pages = {
    windows: async (p: Principal, slug: string, request: FastifyRequest, reply: FastifyReply, error?: AppError) =>
      reply.code(error?.status ?? 200).type(HTML).send(windowsPage({ ...common(p, reply, request.query, error), ...(await appt.hallWindows(p, slug)) })),
    hours: async (p: Principal, slug: string, request: FastifyRequest, reply: FastifyReply, error?: AppError) =>
      reply.code(error?.status ?? 200).type(HTML).send(hoursPage({ ...common(p, reply, request.query, error), ...(await appt.hallHoursView(p, slug)) })),
  };

  app.get(`${base}/halls/:slug/windows`, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return pages.windows(p, slugOf(request), request, reply);
  });
  app.get(`${base}/halls/:slug/hours`, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return pages.hours(p, slugOf(request), request, reply);
  });

  /** A change: find the hall (guarded) first, then run; done → the page again with 已保存, refused → the page with the reason. */
  const change = (page: keyof typeof pages, hallSlug: (p: Principal, request: FastifyRequest) => Promise<string>, run: (p: Principal, request: FastifyRequest) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const p = await staffOrRedirect(request, reply);
      if (!p) return reply;
      const slug = await hallSlug(p, request);
      try {
        await run(p, request);
        return reply.redirect(`${hallOffice(slug)}/${page}?done=saved`, 303);
      } catch (e) {
        if (e instanceof AppError && e.status < 500 && e.status !== 404) return pages[page](p, slug, request, reply, e);
        throw e;
      }
    };
  const guardedSlug = async (p: Principal, request: FastifyRequest) => (await appt.hallWindows(p, slugOf(request))).hall.slug;

  app.post(`${base}/halls/:slug/windows`, hidden, change('windows', guardedSlug, (p, request) => appt.addWindow(p, slugOf(request), windowFromForm(request.body))));
  app.post(`${base}/windows/:id/edit`, hidden, change('windows', (p, request) => appt.slugOfWindow(p, idOf(request)), (p, request) => appt.editWindow(p, idOf(request), windowFromForm(request.body))));
  app.post(`${base}/windows/:id/retire`, hidden, change('windows', (p, request) => appt.slugOfWindow(p, idOf(request)), (p, request) => appt.closeWindow(p, idOf(request))));
  app.post(`${base}/halls/:slug/hours`, hidden, change('hours', guardedSlug, (p, request) => appt.setHours(p, slugOf(request), hoursFromForm(request.body))));
  app.post(
    `${base}/halls/:slug/exceptions/:id/remove`,
    hidden,
    change('hours', guardedSlug, (p, request) => appt.removeException(p, slugOf(request), idOf(request))),
  );

  // ---- the report ----------------------------------------------------------------------------------

  /** The period asked for, or the last 30 days; a bad one is a 400 with the reason. */
  const periodOf = (query: unknown) => {
    const q = query as Record<string, unknown>;
    if (q.from === undefined && q.to === undefined) return appt.defaultPeriod();
    return parse(ReportQuery, { from: String(q.from ?? ''), to: String(q.to ?? '') });
  };

  app.get(`${base}/halls/:slug/reports`, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const slug = slugOf(request);
    const { hall } = await appt.hallWindows(p, slug);
    const q = request.query as Record<string, unknown>;
    try {
      const period = periodOf(request.query);
      const report = await appt.hallReport(p, slug, period);
      return reply.type(HTML).send(reportPage({ ...common(p, reply, request.query), hall, report, ...period }));
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 404) throw e;
      const shown = { from: typeof q.from === 'string' ? q.from.slice(0, 10) : '', to: typeof q.to === 'string' ? q.to.slice(0, 10) : '' };
      return reply.code(e.status).type(HTML).send(reportPage({ ...common(p, reply, request.query, e), hall, report: undefined, ...shown }));
    }
  });

  const download = (kind: 'bookings.svg' | 'times.svg' | 'csv') => async (request: FastifyRequest, reply: FastifyReply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const slug = slugOf(request);
    await appt.hallWindows(p, slug);
    const report = await appt.hallReport(p, slug, periodOf(request.query));
    reply.header('cache-control', 'private, no-store');
    if (kind === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="report-${report.hall.slug}-${report.from}-${report.to}.csv"`)
        .send(reportCsv(report));
    return reply.type('image/svg+xml').send(kind === 'bookings.svg' ? bookingsChart(report) : timesChart(report));
  };
  app.get(`${base}/halls/:slug/reports.csv`, hidden, download('csv'));
  app.get(`${base}/halls/:slug/reports/bookings.svg`, hidden, download('bookings.svg'));
  app.get(`${base}/halls/:slug/reports/times.svg`, hidden, download('times.svg'));
}
