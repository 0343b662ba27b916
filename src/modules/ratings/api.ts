/**
 * Ratings over the JSON API v1: the rater rates a concluded service (POST /api/v1/ratings, with
 * Idempotency-Key), the reasons one may tick, and the public satisfaction figures. The rater is
 * the caller of a bearer token, or the signed-in person of the browser — then only with the
 * page's CSRF token in an X-CSRF-Token header, as a cookie alone would let another site post.
 */
import { Type as T } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ForbiddenError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { type RateInput as RateBody, RateInput, SummaryQuery } from './forms.js';
import { BAD_REASONS, GOOD_REASONS, LEVELS } from './model.js';
import { ratingForApi, reasonLabel } from './present.js';
import type { RatingsService } from './service.js';

const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String() }, { additionalProperties: true }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Nullable = <S extends ReturnType<typeof T.String>>(s: S) => T.Union([s, T.Null()]);
const DateTime = T.String({ format: 'date-time' });
const Rate = T.Union([T.Number(), T.Null()], { description: '0–1；没有评价时为 null' });

const Figures = {
  total: T.Integer(),
  levels: T.Object(Object.fromEntries(LEVELS.map((l) => [l, T.Integer()]))),
  satisfiedRate: Rate,
  bad: T.Integer(),
  rectifiedOnTime: T.Integer(),
  rectifiedOnTimeRate: Rate,
};

const Rating = T.Object({
  kind: T.String(),
  subjectRef: T.String(),
  title: T.String(),
  level: Nullable(T.String()),
  reasons: T.Array(T.String()),
  comment: Nullable(T.String()),
  ratedAt: Nullable(DateTime),
  followUp: Nullable(T.String()),
  rectification: T.Union([T.Object({ status: T.String(), dueAt: DateTime }), T.Null()]),
});

export async function ratingApiRoutes(app: FastifyInstance, deps: { ratings: RatingsService }) {
  const { ratings } = deps;

  /** The rater: a token's person, or the browser's signed-in person with the CSRF header. */
  async function raterOf(request: FastifyRequest): Promise<Principal> {
    if (request.headers.authorization) return request.apiPrincipal();
    const p = await request.principal();
    if (!p) throw new AppError(401, 'unauthorized', t('ratings.error.signIn'));
    const given = request.headers['x-csrf-token'];
    if (typeof given !== 'string' || !request.csrfValid(given)) throw new ForbiddenError(t('auth.csrf'), 'csrf');
    return p;
  }

  app.post(
    '/api/v1/ratings',
    {
      schema: {
        tags: ['ratings'],
        summary: '好差评：办事人评价办结的事项（非常满意、满意、基本满意、不满意、非常不满意）',
        description:
          '只有办事人本人可以评价（其他人一律 404），每项服务只能评价一次（再次评价返回 409，评价不变）。不满意和非常不满意的评价会为办理部门开出整改件，15 个工作日内整改并回访。' +
          '请求头 Idempotency-Key（1–200 个可见 ASCII 字符）相同的重复提交返回同一评价（200，并带 Idempotent-Replayed: true）。' +
          '调用方：办事人的令牌（Authorization: Bearer），或已登录的浏览器页面（同时带 X-CSRF-Token 请求头）。',
        security: [{ bearer: [] }, {}],
        headers: T.Object({ 'idempotency-key': T.Optional(T.String({ maxLength: 1000 })), 'x-csrf-token': T.Optional(T.String({ maxLength: 200 })) }),
        body: RateInput,
        response: { 200: Rating, 201: Rating, ...errors },
      },
    },
    async (request, reply) => {
      const p = await raterOf(request);
      if (p.kind === 'staff') throw new AppError(404, 'not_found', t('ratings.error.notFound'));
      const key = request.headers['idempotency-key'];
      const { view, created } = await ratings.rate(p, request.body as RateBody, typeof key === 'string' ? key : undefined);
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(ratingForApi(view));
    },
  );

  app.get(
    '/api/v1/ratings/reasons',
    {
      schema: {
        tags: ['ratings'],
        summary: '可勾选的评价原因：满意（非常满意、满意、基本满意）与不满意（不满意、非常不满意）各一组',
        response: {
          200: T.Object({
            levels: T.Array(T.Object({ code: T.String(), label: T.String() })),
            good: T.Array(T.Object({ code: T.String(), label: T.String(), indicator: T.String() })),
            bad: T.Array(T.Object({ code: T.String(), label: T.String(), indicator: T.String() })),
          }),
        },
      },
    },
    async () => ({
      levels: LEVELS.map((code) => ({ code, label: t(`ratings.level.${code}`) })),
      good: GOOD_REASONS.map((r) => ({ ...r, label: reasonLabel(r.code) })),
      bad: BAD_REASONS.map((r) => ({ ...r, label: reasonLabel(r.code) })),
    }),
  );

  app.get(
    '/api/v1/ratings/summary',
    {
      schema: {
        tags: ['ratings'],
        summary: '政务服务满意度（公开）：各评价等级数量、满意率、差评按期整改率，可按部门或事项',
        description: '满意率 =（非常满意 + 满意 + 基本满意）÷ 评价总数；差评按期整改率 = 15 个工作日内整改并回访的差评 ÷ 差评总数。不含任何个人信息。',
        querystring: SummaryQuery,
        response: {
          200: T.Object({
            department: T.Union([T.Object({ id: T.Integer(), name: T.String() }), T.Null()]),
            item: T.Union([T.Object({ id: T.Integer(), name: T.String() }), T.Null()]),
            figures: T.Object(Figures),
            total: T.Integer({ description: '部门数' }),
            departments: T.Array(T.Object({ departmentId: T.Integer(), department: T.String(), ...Figures })),
            items: T.Array(T.Object({ itemId: T.Integer(), item: T.String(), departmentId: T.Integer(), ...Figures })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query as { department?: number; item?: number };
      const s = await ratings.satisfaction({ department: q.department, item: q.item });
      return { ...s, item: s.item ? { id: s.item.id, name: s.item.name } : null, total: s.departments.length };
    },
  );
}
