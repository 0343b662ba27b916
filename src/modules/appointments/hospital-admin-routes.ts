/**
 * The back office of 预约挂号: a hospital administrator's hospitals, the release rule, doctors'
 * weekly clinics, a half-day's quota and 停诊. Another hospital's records are "not found". Forms
 * post and redirect; a refused one comes back with its reason and a 4xx.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { MessageKey } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { flashFrom } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import type { HospitalService } from './hospital-service.js';
import { hospitalAdminBase as base, hospitalAdminPage, hospitalsHomePage } from './views/hospital-admin.js';

export interface HospitalAdminRouteDeps {
  hospitals: HospitalService;
  timeZone: string;
}

const hidden = { schema: { hide: true } } as const;
const HTML = 'text/html; charset=utf-8';
const DONE: Record<string, MessageKey> = { saved: 'hosp.admin.saved' };

const field = (body: unknown, name: string) => String((body as Record<string, unknown> | undefined)?.[name] ?? '').trim();
const integer = (body: unknown, name: string) => {
  const v = field(body, name);
  return /^\d{1,6}$/.test(v) ? Number(v) : Number.NaN;
};

/** '1-am=20' lines → { '1-am': 20 }; anything else is refused by the operation's check. */
function weeklyFrom(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split(/[\n,，;；]+/).map((l) => l.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(\d{1,4})$/.exec(line);
    if (!m) throw new BadRequestError(t('hosp.error.weekly'), 'bad_weekly');
    out[m[1] as string] = Number(m[2]);
  }
  return out;
}

export async function hospitalAdminRoutes(app: FastifyInstance, deps: HospitalAdminRouteDeps) {
  const { hospitals: hosp, timeZone } = deps;

  app.get(base, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const hospitals = await hosp.managedHospitals(p);
    if (hospitals.length === 1) return reply.redirect(`${base}/${hospitals[0]?.id}`, 303);
    return reply.type(HTML).send(hospitalsHomePage({ principal: p, csrf: reply.csrfToken(), timeZone, hospitals, notice: flashFrom(request.query, DONE) }));
  });

  async function show(request: FastifyRequest, reply: FastifyReply, p: Principal, id: number, error?: { status: number; message: string }) {
    const view = await hosp.adminSchedule(p, id);
    return reply
      .code(error?.status ?? 200)
      .type(HTML)
      .send(hospitalAdminPage({ principal: p, csrf: reply.csrfToken(), timeZone, ...view, notice: error ? undefined : flashFrom(request.query, DONE), error: error?.message }));
  }

  app.get(`${base}/:id`, hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) return reply.callNotFound();
    return show(request, reply, p, id);
  });

  /** An action on a record of a hospital: done → back to the hospital; refused (not "not found") → the hospital with the reason. */
  const action = (hospitalOf: (p: Principal, id: number) => Promise<number>, run: (p: Principal, id: number, body: unknown) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = intParam((request.params as { id: string }).id);
    if (!id) return reply.callNotFound();
    const hospitalId = await hospitalOf(p, id);
    try {
      await run(p, id, request.body);
      return reply.redirect(`${base}/${hospitalId}?done=saved`, 303);
    } catch (e) {
      const err = e as { status?: number; message: string };
      if (typeof err.status === 'number' && err.status < 500 && err.status !== 404) return show(request, reply, p, hospitalId, { status: err.status, message: err.message });
      throw e;
    }
  };

  app.post(`${base}/:id/rule`, hidden, action(
    async (_p, id) => id,
    (p, id, body) => hosp.setRule(p, id, { releaseDays: integer(body, 'releaseDays'), releaseTime: field(body, 'releaseTime'), cancelCutoffMinutes: integer(body, 'cancelCutoffMinutes') }),
  ));
  app.post(`${base}/sessions/:id/quota`, hidden, action((p, id) => hosp.hospitalOfSession(p, id), (p, id, body) => hosp.setSessionQuota(p, id, integer(body, 'quota'))));
  app.post(`${base}/sessions/:id/suspend`, hidden, action((p, id) => hosp.hospitalOfSession(p, id), (p, id, body) => hosp.suspend(p, id, field(body, 'notice'))));
  app.post(`${base}/doctors/:id/weekly`, hidden, action((p, id) => hosp.hospitalOfDoctor(p, id), (p, id, body) => hosp.setWeekly(p, id, weeklyFrom(field(body, `weekly-${id}`)))));
}
