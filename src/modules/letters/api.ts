/**
 * Letters over the JSON API v1: the intake (for apps, the 12345 hotline and other integrations),
 * the writer's view by tracking code and query code, the public letters, and the staff API over
 * the same case operations the back office uses. Handlers check the wire format, call one
 * operation and present its result (present.ts); every rule lives in the operations. Input
 * schemas are forms.ts's, shared with the HTML forms.
 *
 * Idempotency: a POST /api/v1/letters repeated with the same Idempotency-Key gets the same
 * answer as the first one — 201 and the same receipt — with `Idempotent-Replayed: true`.
 */
import { createHash } from 'node:crypto';
import { Type as T } from '@sinclair/typebox';
import type { FastifyContextConfig, FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, BadRequestError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import {
  AssignInput,
  CaseId,
  NoteInput,
  PhoneCode,
  PublicQuery,
  Rating,
  ReasonInput,
  Reopen,
  ReplyInput,
  ReviewInput,
  StaffQuery,
  Submission,
  type SubmissionBody,
  TrackingCode,
} from './forms.js';
import { type AttachmentInput, LIMITS, STATUSES } from './model.js';
import { CaseResult, CaseSummary, DateTime, errors, Nullable, PublicLetter, Receipt, WriterCase } from './api-schemas.js';
import { type CaseView, caseView, staffCaseForApi } from './present.js';
import type { LetterService } from './service.js';

export interface LetterApiDeps {
  letters: LetterService;
  /** submissions (and code requests) per minute per client address; 0: no limit */
  rateLimit: number;
}

/** an integration's token may send this many times what one address may (a hotline forwards many callers) */
const TOKEN_ALLOWANCE = 60;
/** three attachments of 5 MB in base64, and the text around them */
const INTAKE_BODY_LIMIT = Math.ceil((LIMITS.attachments * LIMITS.attachmentBytes * 4) / 3) + 1_048_576;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const security = [{ bearer: [] }];
const list = (values: readonly string[]) => values.join(', ');

function decodeAttachments(files: SubmissionBody['attachments']): AttachmentInput[] {
  return (files ?? []).map((f) => {
    const data = f.data.replace(/\s+/g, '');
    if (!BASE64.test(data) || data.length % 4 === 1) throw new BadRequestError(t('lettersApi.error.base64', { name: f.filename.slice(0, 100) }), 'bad_attachment');
    return { filename: f.filename, data: Buffer.from(data, 'base64') };
  });
}

function statusFilter(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.some((s) => !(STATUSES as readonly string[]).includes(s)))
    throw new BadRequestError(t('lettersApi.error.status', { allowed: list(STATUSES) }), 'bad_status');
  return wanted;
}

/** A body over the route's limit is told what the limit is, in words a writer understands. */
function tooLarge(error: FastifyError) {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError(413, 'payload_too_large', t('letters.error.tooLarge'));
  throw error;
}

export async function letterApiRoutes(app: FastifyInstance, deps: LetterApiDeps) {
  const { letters } = deps;

  // The caller of a request, resolved once: the rate limit keys on it before the handler runs.
  const callers = new WeakMap<FastifyRequest, Promise<Principal | undefined>>();
  const callerOf = (request: FastifyRequest) => {
    let p = callers.get(request);
    if (!p) {
      p = request.headers.authorization ? request.apiPrincipal() : Promise.resolve(undefined);
      callers.set(request, p);
    }
    return p;
  };
  const staffCaller = async (request: FastifyRequest) => {
    const p = await request.apiPrincipal();
    if (!isStaff(p)) throw new AppError(403, 'forbidden', t('lettersApi.error.staffOnly'));
    return p;
  };

  const limited: FastifyContextConfig =
    deps.rateLimit > 0
      ? {
          rateLimit: {
            timeWindow: '1 minute',
            keyGenerator: async (request: FastifyRequest) => {
              const auth = request.headers.authorization;
              if (auth) {
                const p = await callerOf(request).catch(() => undefined);
                if (p) return `token:${createHash('sha256').update(auth).digest('base64url')}`;
              }
              return request.ip;
            },
            max: async (_request: FastifyRequest, key: string) => (key.startsWith('token:') ? deps.rateLimit * TOKEN_ALLOWANCE : deps.rateLimit),
          },
        }
      : { rateLimit: false };

  // looking a case up by its codes: a guess budget per address on top of the per-code lock-out
  const lookups: FastifyContextConfig = deps.rateLimit > 0 ? { rateLimit: { max: 30, timeWindow: '1 minute' } } : { rateLimit: false };

  // ---- intake -----------------------------------------------------------------------------------

  app.post(
    '/api/v1/letters',
    {
      bodyLimit: INTAKE_BODY_LIMIT,
      config: limited,
      errorHandler: tooLarge,
      schema: {
        tags: ['letters'],
        summary: '写信：市长信箱、纪委监委信箱、监察举报、部门信箱、政策咨询',
        description:
          '返回信件编号（trackingCode）和 6 位查询码（queryCode），凭两者查询办理情况。请求头 Idempotency-Key（1–200 个可见 ASCII 字符）相同的重复提交返回同一封信（同样是 201，并带 Idempotent-Replayed: true）。' +
          '未持令牌时须先用 POST /api/v1/letters/codes 取得短信验证码；持 letters:write 令牌的集成系统（如 12345 热线）不需要。',
        security: [{}, ...security],
        headers: T.Object({ 'idempotency-key': T.Optional(T.String({ maxLength: 1000 })) }),
        body: Submission,
        response: { 201: Receipt, ...errors },
      },
    },
    async (request, reply) => {
      const { verificationCode, attachments, ...input } = request.body as SubmissionBody;
      const files = decodeAttachments(attachments);
      const principal = await callerOf(request);
      const receipt = await letters.submit(input, {
        principal,
        code: verificationCode,
        files,
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        source: 'api',
      });
      if (!receipt.created) reply.header('idempotent-replayed', 'true');
      const { created: _created, ...body } = receipt;
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/api/v1/letters/codes',
    {
      config: limited,
      schema: {
        tags: ['letters'],
        summary: '给写信人的手机发送短信验证码（每分钟一次，每天最多十次）',
        body: PhoneCode,
        response: { 202: T.Object({ sentTo: T.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const { sentTo } = await letters.sendPhoneCode((request.body as { phone: string }).phone);
      return reply.code(202).send({ sentTo });
    },
  );

  // ---- public ------------------------------------------------------------------------------------

  app.get(
    '/api/v1/letters',
    {
      schema: {
        tags: ['letters'],
        summary: '公开的来信及答复（个人信息已脱敏）',
        querystring: PublicQuery,
        response: { 200: T.Object({ total: T.Integer(), letters: T.Array(PublicLetter) }), ...errors },
      },
    },
    async (request) => {
      const q = request.query as { q?: string; department?: number; type?: string; month?: string; limit: number; offset: number };
      return letters.publicList({ q: q.q, departmentId: q.department, type: q.type, month: q.month, limit: q.limit, offset: q.offset });
    },
  );

  app.get(
    '/api/v1/letters/stats',
    {
      schema: {
        tags: ['letters'],
        summary: '各部门按月的来信办理统计：收信、答复、按期答复、平均用时、满意度',
        querystring: T.Object({ year: T.Optional(T.Integer({ minimum: 2000, maximum: 2100, description: '默认：今年' })) }),
        response: {
          200: T.Object({
            year: T.Integer(),
            total: T.Integer(),
            statistics: T.Array(
              T.Object({
                departmentId: T.Integer(),
                department: T.String(),
                month: T.String(),
                received: T.Integer(),
                due: T.Integer({ description: '已到答复期限（或已答复）的来信数：答复率的分母' }),
                replied: T.Integer(),
                replyRate: T.Union([T.Number(), T.Null()], { description: '答复数 ÷ 到期数；尚无到期来信时为 null' }),
                onTimeRate: T.Number(),
                averageDays: T.Number(),
                satisfaction: T.Union([T.Number(), T.Null()]),
                rated: T.Integer(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const year = (request.query as { year?: number }).year ?? Number(letters.calendar.localDate(new Date()).slice(0, 4));
      const statistics = await letters.statistics(year);
      return { year, total: statistics.length, statistics };
    },
  );

  app.get(
    '/api/v1/letters/similar',
    {
      schema: {
        tags: ['letters'],
        summary: '写信前：可能已经回答了这个问题的公开来信、办事指南和常见问题',
        querystring: T.Object({ q: T.String({ maxLength: 200, default: '' }) }),
        response: {
          200: T.Object({ total: T.Integer(), results: T.Array(T.Object({ kind: T.String(), title: T.String(), url: T.String(), snippet: T.String() })) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const results = await letters.similar((request.query as { q: string }).q);
      return { total: results.length, results };
    },
  );

  // ---- the writer: both codes open the case -------------------------------------------------------

  app.get(
    '/api/v1/letters/:trackingCode',
    {
      config: lookups,
      schema: {
        tags: ['letters'],
        summary: '凭信件编号和查询码查看办理情况、答复和过程',
        params: TrackingCode,
        querystring: T.Object({ queryCode: T.String({ maxLength: 20, default: '' }) }),
        response: { 200: WriterCase, ...errors },
      },
    },
    async (request) => {
      const { trackingCode } = request.params as { trackingCode: string };
      return letters.track({ trackingCode, queryCode: (request.query as { queryCode: string }).queryCode, from: request.ip });
    },
  );

  app.post(
    '/api/v1/letters/:trackingCode/rating',
    {
      config: lookups,
      schema: {
        tags: ['letters'],
        summary: '评价答复（满意、基本满意、不满意），评价后办结',
        params: TrackingCode,
        body: Rating,
        response: { 200: T.Object({ trackingCode: T.String(), status: T.String(), rating: Nullable(T.String()) }), ...errors },
      },
    },
    async (request) => {
      const { trackingCode } = request.params as { trackingCode: string };
      const body = request.body as { queryCode: string; rating: string; comment?: string };
      const l = await letters.rate({ trackingCode, queryCode: body.queryCode, from: request.ip }, { rating: body.rating, comment: body.comment });
      return { trackingCode: l.trackingCode, status: l.status, rating: l.rating };
    },
  );

  app.post(
    '/api/v1/letters/:trackingCode/reopen',
    {
      config: lookups,
      schema: {
        tags: ['letters'],
        summary: '对答复不满意：申请重新办理（一次）',
        params: TrackingCode,
        body: Reopen,
        response: { 200: T.Object({ trackingCode: T.String(), status: T.String(), dueAt: DateTime }), ...errors },
      },
    },
    async (request) => {
      const { trackingCode } = request.params as { trackingCode: string };
      const body = request.body as { queryCode: string; reason: string };
      const l = await letters.reopen({ trackingCode, queryCode: body.queryCode, from: request.ip }, { reason: body.reason });
      return { trackingCode: l.trackingCode, status: l.status, dueAt: l.dueAt };
    },
  );

  // ---- staff ---------------------------------------------------------------------------------------

  app.get(
    '/api/v1/staff/letters',
    {
      schema: {
        tags: ['staff'],
        summary: '本部门（调度员：全部）的来信（需 letters:read 令牌）',
        security,
        querystring: StaffQuery,
        response: { 200: T.Object({ total: T.Integer(), letters: T.Array(CaseSummary) }), ...errors },
      },
    },
    async (request) => {
      const p = await staffCaller(request);
      const q = request.query as { status?: string; type?: string; channel?: string; department?: number; overdue?: boolean; q?: string; limit: number; offset: number };
      return letters.list(p, {
        status: statusFilter(q.status),
        type: q.type,
        channel: q.channel,
        departmentId: q.department,
        overdue: q.overdue,
        q: q.q?.trim() || undefined,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/api/v1/staff/letters/:id',
    {
      schema: {
        tags: ['staff'],
        summary: '一件来信的全部内容：过程（含内部备注）、答复、承办部门、附件',
        security,
        params: CaseId,
        response: { 200: T.Object({ ...CaseSummary.properties, body: T.String() }, { additionalProperties: true }), ...errors },
      },
    },
    async (request) => staffCaseForApi(await letters.getForStaff(await staffCaller(request), (request.params as { id: number }).id)),
  );

  const caseAction = <B>(
    path: string,
    summary: string,
    body: ReturnType<typeof T.Object>,
    run: (p: Principal, id: number, body: B) => Promise<CaseView | Pick<CaseView, 'id' | 'status' | 'version'>>,
  ) =>
    app.post(
      `/api/v1/staff/letters/:id/${path}`,
      { schema: { tags: ['staff'], summary, security, params: CaseId, body, response: { 200: CaseResult, ...errors } } },
      async (request) => run(await staffCaller(request), (request.params as { id: number }).id, request.body as B),
    );

  caseAction<{ version: number; body: string; submit?: boolean }>(
    'reply',
    '起草或修改答复；submit=true 提交审核（主办部门）',
    ReplyInput,
    async (p, id, b) => caseView(await letters.saveReply(p, id, { version: b.version, body: b.body, submit: b.submit ?? false })),
  );
  caseAction<{ version: number; approve: boolean; reason?: string }>(
    'review',
    '审核答复：approve=true 发布给来信人，false 退回修改（须写明 reason）',
    ReviewInput,
    async (p, id, b) => letters.reviewCase(p, id, b),
  );
  caseAction<{ version: number; lead: number; assists?: number[]; note?: string }>(
    'assign',
    '派单：主办部门和协办部门（调度员）',
    AssignInput,
    async (p, id, b) => caseView(await letters.assign(p, id, b)),
  );
  caseAction<{ version: number; reason: string }>(
    'transfer',
    '退回调度员重新派单（不属于本部门职责时，写明 reason）',
    ReasonInput,
    async (p, id, b) => caseView(await letters.giveBack(p, id, b)),
  );
  caseAction<{ note: string }>(
    'notes',
    '内部备注（协办部门：协办意见）',
    NoteInput,
    async (p, id, b) => caseView(await letters.addNote(p, id, b)),
  );

}
