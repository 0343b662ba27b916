/**
 * Hospital registration over the JSON API v1: hospitals, departments with beds (床位), doctors,
 * a doctor's half-days (号源 left, 未放号 with the release time), registrations of the caller
 * (Idempotency-Key on POST, like hall bookings) with their iCalendar file; and the hospital's own
 * system updating free beds with a `hospitals:write` token (PUT or POST, validated, audited).
 */
import { Type as T } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { t } from '../../lib/i18n/index.js';
import { apiCaller, perMinute } from './api-caller.js';
import type { BedsInput } from './operations/hospital-admin.js';
import { presentDepartment, presentDoctor, presentHospital, presentRegistration, presentSession, registrationIcs } from './hospital-present.js';
import type { HospitalService } from './hospital-service.js';

export interface HospitalApiDeps {
  hospitals: HospitalService;
  publicUrl: string;
  /** registrations per minute per address; 0: no limit */
  rateLimit: number;
}

const Problem = T.Object({ where: T.String(), field: T.String(), message: T.String() });
const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String(), problems: T.Optional(T.Array(Problem)) }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const security: { [name: string]: string[] }[] = [{ bearer: [] }, {}];
const tags = ['hospitals'];
const Nullable = <S extends import('@sinclair/typebox').TSchema>(s: S) => T.Union([s, T.Null()]);
const Id = T.Integer({ minimum: 1, maximum: 2_147_483_647 });

const Release = T.Object({ daysAhead: T.Integer(), time: T.String({ description: '放号时间 HH:MM（当地时间）' }), cancelCutoffMinutes: T.Integer() });
const Hospital = T.Object({
  id: T.Integer(),
  slug: T.String(),
  name: T.String(),
  grade: T.String(),
  address: T.String(),
  phone: T.String(),
  release: Release,
  departments: T.Optional(T.Integer()),
  bedsFree: T.Optional(T.Integer()),
  bedsTotal: T.Optional(T.Integer()),
  url: T.String(),
});
const Beds = T.Object({ total: T.Integer(), free: T.Integer(), updatedAt: Nullable(T.String({ format: 'date-time' })) });
const Department = T.Object({ id: T.Integer(), name: T.String(), intro: T.String(), beds: Beds, doctors: T.Optional(T.Integer()) });
const Doctor = T.Object({
  id: T.Integer(),
  name: T.String(),
  title: T.String({ description: 'chief 主任医师 / associate 副主任医师 / attending 主治医师 / resident 医师' }),
  titleLabel: T.String(),
  speciality: T.String(),
  fee: T.Number({ description: '挂号费（元）' }),
  departmentId: T.Integer(),
  url: T.String(),
});
const Session = T.Object({
  id: T.Integer(),
  day: T.String(),
  half: T.String({ description: 'am 上午 / pm 下午' }),
  halfLabel: T.String(),
  startsAt: T.String({ format: 'date-time' }),
  endsAt: T.String({ format: 'date-time' }),
  quota: T.Integer(),
  left: T.Integer(),
  state: T.String({ description: 'open 可挂 / full 已满 / unreleased 未放号（见 releaseAt）/ past 已过 / suspended 停诊' }),
  releaseAt: T.String({ format: 'date-time' }),
  notice: Nullable(T.String()),
});
const Registration = T.Object({
  code: T.String(),
  status: T.String(),
  statusLabel: T.String(),
  hospital: T.Object({ slug: T.String(), name: T.String(), address: T.String() }),
  department: T.Object({ id: T.Integer(), name: T.String() }),
  doctor: T.Object({ id: T.Integer(), name: T.String(), title: T.String() }),
  day: T.String(),
  half: T.String(),
  startsAt: T.String({ format: 'date-time' }),
  endsAt: T.String({ format: 'date-time' }),
  notice: Nullable(T.String()),
  sequence: T.Integer(),
  url: T.String(),
  calendarUrl: T.String(),
});
const Slug = T.Object({ slug: T.String({ maxLength: 100 }) });
const Code = T.Object({ code: T.String({ maxLength: 40 }) });
const BedsBody = T.Object(
  { departments: T.Array(T.Object({ departmentId: Id, total: T.Integer({ minimum: 0, maximum: 10_000 }), free: T.Integer({ minimum: 0, maximum: 10_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);

export async function hospitalApiRoutes(app: FastifyInstance, deps: HospitalApiDeps) {
  const { hospitals: hosp } = deps;
  const limited = perMinute(deps.rateLimit);
  const host = new URL(deps.publicUrl).host;
  const caller = apiCaller(() => t('hosp.error.signIn'));

  app.get('/api/v1/hospitals', { schema: { tags, summary: '可预约挂号的医院（含科室数、空床合计和放号规则）', response: { 200: T.Object({ total: T.Integer(), hospitals: T.Array(Hospital) }), ...errors } } }, async () => {
    const list = await hosp.hospitalList();
    return { total: list.length, hospitals: list.map((h) => presentHospital(h.hospital, { departments: h.departments, bedsFree: h.bedsFree, bedsTotal: h.bedsTotal })) };
  });

  app.get(
    '/api/v1/hospitals/:slug',
    { schema: { tags, summary: '医院与科室（含各科室床位：总数、空床、更新时间）', params: Slug, response: { 200: T.Object({ hospital: Hospital, departments: T.Array(Department) }), ...errors } } },
    async (request) => {
      const d = await hosp.hospitalDetail((request.params as { slug: string }).slug);
      return { hospital: presentHospital(d.hospital), departments: d.departments.map((x) => presentDepartment(x.department, x.doctors)) };
    },
  );

  app.get(
    '/api/v1/hospitals/:slug/beds',
    {
      schema: {
        tags,
        summary: '床位查询：各科室空床数与更新时间',
        params: Slug,
        response: { 200: T.Object({ hospital: T.Object({ slug: T.String(), name: T.String() }), free: T.Integer(), total: T.Integer(), departments: T.Array(T.Object({ id: T.Integer(), name: T.String(), beds: Beds })) }), ...errors },
      },
    },
    async (request) => {
      const d = await hosp.hospitalDetail((request.params as { slug: string }).slug);
      const deps = d.departments.map((x) => x.department);
      return {
        hospital: { slug: d.hospital.slug, name: d.hospital.name },
        free: deps.reduce((n, x) => n + x.bedsFree, 0),
        total: deps.reduce((n, x) => n + x.bedsTotal, 0),
        departments: deps.map((x) => ({ id: x.id, name: x.name, beds: presentDepartment(x).beds })),
      };
    },
  );

  app.get(
    '/api/v1/hospitals/:slug/departments/:id/doctors',
    {
      schema: { tags, summary: '科室的出诊医生（职称、专长、挂号费）', params: T.Object({ slug: T.String({ maxLength: 100 }), id: Id }), response: { 200: T.Object({ department: Department, doctors: T.Array(T.Object({ doctor: Doctor, placesLeft: T.Integer() })) }), ...errors } },
    },
    async (request) => {
      const { slug, id } = request.params as { slug: string; id: number };
      const d = await hosp.departmentDetail(slug, id);
      return { department: presentDepartment(d.department), doctors: d.doctors.map((x) => ({ doctor: presentDoctor(x.doctor), placesLeft: x.placesLeft })) };
    },
  );

  app.get(
    '/api/v1/doctors/:id/schedule',
    {
      schema: {
        tags,
        summary: '医生未来一周的排班（上午/下午），含余号；未放号的时段给出放号时间',
        params: T.Object({ id: Id }),
        response: { 200: T.Object({ doctor: Doctor, hospital: T.Object({ slug: T.String(), name: T.String() }), department: T.Object({ id: T.Integer(), name: T.String() }), sessions: T.Array(Session) }), ...errors },
      },
    },
    async (request) => {
      const s = await hosp.doctorSchedule((request.params as { id: number }).id);
      const sessions = s.days.flatMap((d) => [d.am, d.pm]).filter((x) => x !== undefined);
      return { doctor: presentDoctor(s.doctor), hospital: { slug: s.hospital.slug, name: s.hospital.name }, department: { id: s.department.id, name: s.department.name }, sessions: sessions.map(presentSession) };
    },
  );

  // ---- registrations (the caller's) ----------------------------------------------------------------

  const full = async (p: Awaited<ReturnType<typeof caller>>, code: string) => presentRegistration(await hosp.myRegistration(p, code));

  app.post(
    '/api/v1/registrations',
    {
      config: limited,
      schema: {
        tags,
        summary: '挂号：预约医生的一个半天（需要市民本人登录或令牌、已验证的手机号）',
        description:
          '同一人同一医生同一半天只能有一个有效挂号（409）；号满 409 session_full；未放号 400 not_released；已过 400 session_past；停诊 409 session_suspended。请求头 Idempotency-Key（1–200 个可见 ASCII 字符）相同的重复提交返回同一挂号（201，带 Idempotent-Replayed: true）。',
        security,
        headers: T.Object({ 'idempotency-key': T.Optional(T.String({ maxLength: 1000 })) }),
        body: T.Object({ sessionId: Id }, { additionalProperties: false }),
        response: { 201: Registration, ...errors },
      },
    },
    async (request, reply) => {
      const p = await caller(request);
      const made = await hosp.register(p, (request.body as { sessionId: number }).sessionId, request.headers['idempotency-key'] as string | undefined);
      if (!made.created) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(await full(p, made.registration.code));
    },
  );

  app.get('/api/v1/registrations', { schema: { tags, summary: '我的挂号', security, response: { 200: T.Object({ total: T.Integer(), registrations: T.Array(Registration) }), ...errors } } }, async (request) => {
    const list = await hosp.myRegistrations(await caller(request));
    return { total: list.length, registrations: list.map(presentRegistration) };
  });

  app.get('/api/v1/registrations/:code', { schema: { tags, summary: '我的一个挂号', security, params: Code, response: { 200: Registration, ...errors } } }, async (request) =>
    full(await caller(request), (request.params as { code: string }).code),
  );

  app.post(
    '/api/v1/registrations/:code/cancel',
    { schema: { tags, summary: '退号（就诊前截止时间以前）', security, params: Code, response: { 200: Registration, ...errors } } },
    async (request) => {
      const p = await caller(request);
      const code = (request.params as { code: string }).code;
      await hosp.cancel(p, code);
      return full(p, code);
    },
  );

  app.post(
    '/api/v1/registrations/:code/rebook',
    {
      schema: {
        tags,
        summary: '停诊改约：把停诊的挂号一次改约到同一医生或同科室其他医生的可挂时段',
        security,
        params: Code,
        body: T.Object({ sessionId: Id }, { additionalProperties: false }),
        response: { 201: Registration, ...errors },
      },
    },
    async (request, reply) => {
      const p = await caller(request);
      const made = await hosp.rebook(p, (request.params as { code: string }).code, (request.body as { sessionId: number }).sessionId);
      return reply.code(201).send(await full(p, made.registration.code));
    },
  );

  app.get(
    '/api/v1/registrations/:code/calendar.ics',
    { schema: { tags, summary: '挂号的 iCalendar 文件（UID 固定，退号或停诊时 SEQUENCE 递增）', params: Code, produces: ['text/calendar'], response: { 200: T.String({ description: 'text/calendar' }), ...errors } } },
    async (request, reply) => {
      const code = (request.params as { code: string }).code.replace(/\.ics$/, '');
      const found = await hosp.registrationForCalendar(code);
      const body = registrationIcs({ ...found, host, url: `${deps.publicUrl.replace(/\/$/, '')}/hospitals/registrations/${code}` });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="registration-${code}.ics"`)
        .serializer((x: unknown) => String(x))
        .send(body);
    },
  );

  // ---- beds, from the hospital's own system ---------------------------------------------------------

  const bedsRoute = {
    // the token is checked before the body is read: an anonymous caller gets 401, not a list of fields
    preValidation: async (request: FastifyRequest) => {
      await request.apiPrincipal();
    },
    schema: {
      tags,
      summary: '更新医院各科室的床位（总数与空床）：需要本医院管理员的 hospitals:write 令牌；提交的科室全部有效才更新，并记入审计',
      security: [{ bearer: [] }],
      params: T.Object({ id: Id }),
      body: BedsBody,
      response: { 200: T.Object({ hospital: T.Object({ slug: T.String(), name: T.String() }), updatedAt: T.String({ format: 'date-time' }), departments: T.Array(T.Object({ id: T.Integer(), name: T.String(), beds: Beds })) }), ...errors },
    },
  };
  const updateBeds = async (request: FastifyRequest) => {
    const p = await request.apiPrincipal();
    const done = await hosp.updateBeds(p, (request.params as { id: number }).id, request.body as BedsInput);
    return {
      hospital: { slug: done.hospital.slug, name: done.hospital.name },
      updatedAt: done.updatedAt.toISOString(),
      departments: done.departments.map((x) => ({ id: x.id, name: x.name, beds: presentDepartment(x).beds })),
    };
  };
  app.put('/api/v1/hospitals/:id/beds', bedsRoute, updateBeds);
  app.post('/api/v1/hospitals/:id/beds', bedsRoute, updateBeds);
}
