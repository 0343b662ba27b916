/**
 * The patient's pages of 预约挂号: hospitals, a hospital with its departments and beds, a
 * department's doctors, a doctor's week by half-day, registering, a registration (QR, .ics,
 * 退号, 停诊 改约) and my registrations. Every form posts and redirects (303); a refused one comes
 * back with its message and a 4xx.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { citizenOrRedirect } from '../../web/guards.js';
import { flashFrom } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import { registrationCan } from './hospital-policy.js';
import { registrationUrl } from './hospital-present.js';
import type { HospitalService } from './hospital-service.js';
import { departmentPage, doctorPage, hospitalPage, hospitalsPage, myRegistrationsPage, registrationPage } from './views/hospitals.js';

export interface HospitalRouteDeps {
  hospitals: HospitalService;
  timeZone: string;
  publicUrl: string;
  /** registrations per minute per address; 0: no limit */
  rateLimit: number;
}

const hidden = { schema: { hide: true } } as const;
const HTML = 'text/html; charset=utf-8';
const DONE = { booked: 'hosp.done.booked', cancelled: 'hosp.done.cancelled', rebooked: 'hosp.done.rebooked' } as const;

const sessionIdOf = (body: unknown) => intParam(String((body as Record<string, unknown> | undefined)?.sessionId ?? ''));
const refused = (e: unknown): e is { status: number; message: string } => typeof (e as { status?: unknown })?.status === 'number' && (e as { status: number }).status < 500;

export async function hospitalRoutes(app: FastifyInstance, deps: HospitalRouteDeps) {
  const { hospitals: hosp, timeZone } = deps;
  const limited: FastifyContextConfig = deps.rateLimit ? { rateLimit: { max: deps.rateLimit, timeWindow: '1 minute' } } : { rateLimit: false };

  app.get('/hospitals', hidden, async (_request, reply) => reply.type(HTML).send(hospitalsPage({ timeZone, hospitals: await hosp.hospitalList() })));

  app.get('/hospitals/mine', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(myRegistrationsPage({ timeZone, registrations: await hosp.myRegistrations(p), notice: flashFrom(request.query, DONE) }));
  });

  async function doctor(request: FastifyRequest, reply: FastifyReply, id: number, extra: { error?: string; status?: number } = {}) {
    const s = await hosp.doctorSchedule(id);
    const p = await request.principal();
    return reply
      .code(extra.status ?? 200)
      .type(HTML)
      .send(doctorPage({ timeZone, ...s, signedIn: !!p && p.kind !== 'staff', csrf: reply.csrfToken(), path: `/hospitals/doctors/${id}`, error: extra.error }));
  }

  app.get('/hospitals/doctors/:id', hidden, async (request, reply) => {
    const id = intParam((request.params as { id: string }).id);
    if (!id) return reply.callNotFound();
    return doctor(request, reply, id);
  });

  app.post('/hospitals/registrations', { ...hidden, config: limited }, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, '/hospitals');
    if (!p) return reply;
    const sessionId = sessionIdOf(request.body);
    try {
      if (!sessionId) return reply.code(400).type(HTML).send(hospitalsPage({ timeZone, hospitals: await hosp.hospitalList(), error: t('hosp.error.badInput') }));
      const made = await hosp.register(p, sessionId);
      return reply.redirect(`${registrationUrl(made.registration.code)}?done=booked`, 303);
    } catch (e) {
      if (!refused(e)) throw e;
      // back to the doctor's week with the reason (or the list, when the half-day does not exist)
      const doctorId = sessionId ? await hosp.doctorOfSession(sessionId) : undefined;
      if (doctorId) return doctor(request, reply, doctorId, { error: e.message, status: e.status === 404 ? 400 : e.status });
      return reply.code(e.status === 404 ? 400 : e.status).type(HTML).send(hospitalsPage({ timeZone, hospitals: await hosp.hospitalList(), error: e.message }));
    }
  });

  async function registration(request: FastifyRequest, reply: FastifyReply, p: Principal, code: string, extra: { error?: string; status?: number } = {}) {
    const found = await hosp.myRegistration(p, code);
    const r = found.registration;
    const qrSvg = r.status === 'booked' ? await QRCode.toString(r.code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : '';
    const offers = r.status === 'suspended' && !r.rebookedTo ? await hosp.alternatives(r) : [];
    const rebookedTo = r.rebookedTo ? (await hosp.myRegistrations(p)).find((x) => x.registration.id === r.rebookedTo)?.registration.code : undefined;
    return reply
      .code(extra.status ?? 200)
      .type(HTML)
      .send(
        registrationPage({
          timeZone,
          ...found,
          qrSvg,
          canCancel: registrationCan(r.status, 'cancel', 'owner') && hosp.cancellable(found.hospital, found.session),
          offers,
          rebookedTo,
          csrf: reply.csrfToken(),
          notice: extra.error ? undefined : flashFrom(request.query, DONE),
          error: extra.error,
        }),
      );
  }

  app.get('/hospitals/registrations/:code', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    return registration(request, reply, p, (request.params as { code: string }).code);
  });

  const change = (run: (p: Principal, code: string, body: unknown) => Promise<string>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const p = await citizenOrRedirect(request, reply, '/hospitals/mine');
    if (!p) return reply;
    const { code } = request.params as { code: string };
    try {
      return reply.redirect(await run(p, code, request.body), 303);
    } catch (e) {
      if (refused(e) && e.status !== 404) return registration(request, reply, p, code, { error: e.message, status: e.status });
      throw e;
    }
  };

  app.post('/hospitals/registrations/:code/cancel', hidden, change(async (p, code) => {
    await hosp.cancel(p, code);
    return `${registrationUrl(code)}?done=cancelled`;
  }));
  app.post('/hospitals/registrations/:code/rebook', { ...hidden, config: limited }, change(async (p, code, body) => {
    const sessionId = sessionIdOf(body);
    if (!sessionId) throw Object.assign(new Error(t('hosp.error.badInput')), { status: 400 });
    const made = await hosp.rebook(p, code, sessionId);
    return `${registrationUrl(made.registration.code)}?done=rebooked`;
  }));

  app.get('/hospitals/:slug', hidden, async (request, reply) => {
    const d = await hosp.hospitalDetail((request.params as { slug: string }).slug);
    return reply.type(HTML).send(hospitalPage({ timeZone, ...d }));
  });

  app.get('/hospitals/:slug/departments/:id', hidden, async (request, reply) => {
    const { slug, id } = request.params as { slug: string; id: string };
    const departmentId = intParam(id);
    if (!departmentId) return reply.callNotFound();
    return reply.type(HTML).send(departmentPage({ timeZone, ...(await hosp.departmentDetail(slug, departmentId)) }));
  });
}
