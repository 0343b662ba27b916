/**
 * Applications over the JSON API v1: the applicant applies in one call and follows the case
 * (their session, or a bearer token); staff work the queue and the case through the same
 * operations the pages use. Handlers check the wire format (forms.ts schemas), call one
 * operation and send its presented view; every rule lives in the operations. Errors are
 * `{ error: { code, message, problems? } }` 4xx.
 *
 * Uploads in the API come as base64 in JSON (`files: [{ slot, filename, data }]`), as letters'
 * API takes them: the shared multipart parser checks a form's CSRF token on every file, which an
 * API call does not carry. Idempotency: the same Idempotency-Key from the same person gives the
 * same case back (201, `Idempotent-Replayed: true`).
 */
import { Type as T } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, BadRequestError, ForbiddenError, UnauthorizedError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { ApplyInput, CaseNo, ConcludeInput, CorrectionInput, MineQuery, OpeningId, OpinionInput, QueueQuery, ReasonInput, ReviewInput, SlotInput, VersionInput, WithdrawInput } from './forms.js';
import type { Applications } from './service.js';
import { msg } from './messages.js';

export interface ApplicationApiDeps {
  applications: Applications;
}

const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String(), problems: T.Optional(T.Array(T.Object({ where: T.String(), field: T.String(), message: T.String() }))) }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const security = [{ bearer: [] }];
const Open = T.Object({}, { additionalProperties: true });
const Summary = T.Object(
  { id: T.Integer(), no: T.Union([T.String(), T.Null()]), itemId: T.Integer(), itemName: T.String(), status: T.String(), statusLabel: T.String(), dueAt: T.Union([T.String(), T.Null()]), overdue: T.Boolean(), version: T.Integer() },
  { additionalProperties: true },
);
const Receipt = T.Object({ id: T.Integer(), no: T.String(), queryCode: T.String(), status: T.String(), submittedAt: T.String(), url: T.String() });
const Upload = T.Object({ slot: T.String({ maxLength: 120 }), filename: T.String({ maxLength: 200 }), data: T.String({ description: 'Base64 编码的文件内容（PDF 或图片，按内容识别）' }) }, { additionalProperties: false });
const ApplyBody = T.Object({ ...ApplyInput.properties, files: T.Optional(T.Array(Upload, { maxItems: 40 })) }, { additionalProperties: false });
/** materials of up to 20 MB in base64, and the answers around them */
const APPLY_BODY_LIMIT = Math.ceil((20 * 1024 * 1024 * 4) / 3) + 1_048_576;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decode(files: { slot: string; filename: string; data: string }[] = []) {
  const bySlot: Record<string, { filename: string; data: Buffer }[]> = {};
  for (const f of files) {
    const data = f.data.replace(/\s+/g, '');
    if (!BASE64.test(data) || data.length % 4 === 1) throw new BadRequestError(msg('error.base64', { name: f.filename.slice(0, 100) }), 'bad_file');
    const list = bySlot[f.slot] ?? [];
    list.push({ filename: f.filename, data: Buffer.from(data, 'base64') });
    bySlot[f.slot] = list;
  }
  return bySlot;
}

export async function applicationApiRoutes(app: FastifyInstance, deps: ApplicationApiDeps) {
  const { applications } = deps;

  /** The applicant: a bearer token, or the session of the browser (a write from it needs the X-CSRF-Token header). */
  const applicant = async (request: FastifyRequest, write: boolean): Promise<Principal> => {
    if (request.headers.authorization) return request.apiPrincipal();
    const p = await request.principal();
    if (!p) throw new UnauthorizedError(msg('error.signIn'));
    const token = request.headers['x-csrf-token'];
    if (write && !(typeof token === 'string' && request.csrfValid(token))) throw new ForbiddenError(t('auth.csrf'), 'csrf');
    return p;
  };
  const staff = async (request: FastifyRequest) => {
    const p = await request.apiPrincipal();
    if (!isStaff(p)) throw new AppError(403, 'forbidden', msg('error.staffOnly'));
    return p;
  };

  app.post(
    '/api/v1/applications',
    {
      bodyLimit: APPLY_BODY_LIMIT,
      schema: {
        tags: ['applications'],
        summary: '网上申办：按事项的申请表填写并提交（含材料），返回受理编号',
        description:
          'answers 按事项申请表的字段标识填写；files 为各材料栏（slot）的文件（Base64，按内容识别为 PDF 或图片）；reuse 复用此前申请中已受理的材料。' +
          '请求头 Idempotency-Key（1–200 个可见 ASCII 字符）相同的重复提交返回同一件申请（201，并带 Idempotent-Replayed: true）。',
        security: [{}, ...security],
        headers: T.Object({ 'idempotency-key': T.Optional(T.String({ maxLength: 1000 })) }),
        body: ApplyBody,
        response: { 201: Receipt, ...errors },
      },
    },
    async (request, reply) => {
      const p = await applicant(request, true);
      const { files, ...input } = request.body as typeof ApplyBody.static;
      const receipt = await applications.apply(p, input, { files: decode(files), idempotencyKey: request.headers['idempotency-key'] as string | undefined });
      if (!receipt.created) reply.header('idempotent-replayed', 'true');
      const { created: _created, ...body } = receipt;
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/api/v1/applications',
    { schema: { tags: ['applications'], summary: '我的申请（本人及本企业）', security: [{}, ...security], querystring: MineQuery, response: { 200: T.Object({ total: T.Integer(), applications: T.Array(Summary) }), ...errors } } },
    async (request) => applications.mine(await applicant(request, false), request.query as { status?: string; limit: number; offset: number }),
  );

  app.get(
    '/api/v1/applications/:no',
    { schema: { tags: ['applications'], summary: '一件申请：进度、材料、补正通知、办理时限（剩余工作日及计算说明）和结果', security: [{}, ...security], params: CaseNo, response: { 200: Open, ...errors } } },
    async (request) => applications.myCase(await applicant(request, false), (request.params as { no: string }).no),
  );

  const mineAction = <B>(path: string, summary: string, body: ReturnType<typeof T.Object>, run: (p: Principal, no: string, b: B) => Promise<unknown>) =>
    app.post(
      `/api/v1/applications/:no/${path}`,
      { schema: { tags: ['applications'], summary, security: [{}, ...security], params: CaseNo, body, response: { 200: Open, ...errors } } },
      async (request) => run(await applicant(request, true), (request.params as { no: string }).no, request.body as B),
    );
  mineAction<{ reason?: string; version?: number }>('withdraw', '受理前撤回申请', WithdrawInput, (p, no, b) => applications.withdraw(p, no, b));
  mineAction<{ answers?: unknown; version?: number }>('resubmit', '补正后重新提交（仅“补正中”的申请）', T.Object({ answers: T.Optional(T.Record(T.String({ maxLength: 40 }), T.Unknown())), version: T.Optional(T.Integer({ minimum: 0 })) }, { additionalProperties: false }), (p, no, b) => applications.resubmit(p, no, b));

  // 免申即享: the applications opened on the person's behalf, to confirm (submit) or decline
  app.get(
    '/api/v1/applications/openings',
    { schema: { tags: ['applications'], summary: '免申即享：系统依据政策规则为本人主动发起、待确认的申请', security: [{}, ...security], response: { 200: T.Object({ openings: T.Array(Open) }), ...errors } } },
    async (request) => ({ openings: await applications.openings(await applicant(request, false)) }),
  );
  const openingAction = (path: 'confirm' | 'decline', summary: string, run: (p: Principal, id: number) => Promise<unknown>) =>
    app.post(
      `/api/v1/applications/openings/:id/${path}`,
      { schema: { tags: ['applications'], summary, security: [{}, ...security], params: OpeningId, response: { 200: Open, ...errors } } },
      async (request) => run(await applicant(request, true), Number((request.params as { id: string }).id)),
    );
  openingAction('confirm', '免申即享：确认并提交为本人发起的申请（缺少的信息或材料会逐项列出）', (p, id) => applications.confirmOpening(p, id));
  openingAction('decline', '免申即享：放弃为本人发起的申请（不会再次发起）', async (p, id) => {
    await applications.declineOpening(p, id);
    return { declined: true };
  });

  // 一件事一次办: one combined form fanned out into linked applications, one combined status
  const BundleBody = T.Object(
    {
      bundle: T.String({ maxLength: 80, description: '“一件事”的标识（如 newborn、company-startup）' }),
      answers: T.Optional(T.Record(T.String({ maxLength: 40 }), T.Unknown())),
      files: T.Optional(T.Array(T.Object({ field: T.String({ maxLength: 40 }), filename: T.String({ maxLength: 200 }), data: T.String({ description: 'Base64 编码的文件内容（PDF 或图片，按内容识别）' }) }, { additionalProperties: false }), { maxItems: 60 })),
    },
    { additionalProperties: false },
  );
  const BundleView = T.Object(
    {
      ref: T.String(),
      slug: T.String(),
      title: T.String(),
      status: T.Object({ status: T.String(), label: T.String(), done: T.Integer(), total: T.Integer() }),
      submittedAt: T.String(),
      members: T.Array(T.Object({ id: T.Integer(), part: T.String(), title: T.String(), itemId: T.Integer(), no: T.Union([T.String(), T.Null()]), status: T.String(), statusLabel: T.String(), waitsFor: T.Array(T.String()), url: T.String() })),
      url: T.String(),
    },
    { additionalProperties: false },
  );
  app.post(
    '/api/v1/application-bundles',
    {
      bodyLimit: APPLY_BODY_LIMIT,
      schema: {
        tags: ['applications'],
        summary: '一件事一次办：填写一张合并申请表，一次提交多个关联事项的申请，返回总体进度',
        description:
          'answers 按“一件事”合并申请表的字段标识填写；files 为合并表文件字段（field）的文件（Base64）。无前序的事项立即提交，有前序的事项在前序准予后自动提交。' +
          '请求头 Idempotency-Key 相同的重复提交返回同一件“一件事”（201，并带 Idempotent-Replayed: true）。',
        security: [{}, ...security],
        headers: T.Object({ 'idempotency-key': T.Optional(T.String({ maxLength: 1000 })) }),
        body: BundleBody,
        response: { 201: BundleView, ...errors },
      },
    },
    async (request, reply) => {
      const p = await applicant(request, true);
      const body = request.body as typeof BundleBody.static;
      const files = decode((body.files ?? []).map((x) => ({ slot: x.field, filename: x.filename, data: x.data })));
      const view = await applications.applyBundle(p, { bundleId: body.bundle, answers: body.answers ?? {}, files, idempotencyKey: request.headers['idempotency-key'] as string | undefined });
      if (!view.created) reply.header('idempotent-replayed', 'true');
      const { created: _created, ...out } = view;
      return reply.code(201).send(out);
    },
  );
  app.get(
    '/api/v1/application-bundles/:ref',
    {
      schema: {
        tags: ['applications'],
        summary: '一件事一次办：本人一件“一件事”的总体进度和各事项的状态',
        security: [{}, ...security],
        params: T.Object({ ref: T.String({ maxLength: 40 }) }),
        response: { 200: BundleView, ...errors },
      },
    },
    async (request) => applications.myBundle(await applicant(request, false), (request.params as { ref: string }).ref),
  );

  // ---- staff ---------------------------------------------------------------------------------------

  app.get(
    '/api/v1/staff/applications',
    {
      schema: {
        tags: ['staff'],
        summary: '办件队列：本部门（综合窗口：另含各事项待受理的申请）的申请，可按状态、事项、即将到期/已超期筛选（需 applications:read 令牌）',
        security,
        querystring: QueueQuery,
        response: { 200: T.Object({ total: T.Integer(), applications: T.Array(Summary) }), ...errors },
      },
    },
    async (request) => applications.queue(await staff(request), request.query as typeof QueueQuery.static),
  );

  app.get(
    '/api/v1/staff/applications/:no',
    { schema: { tags: ['staff'], summary: '一件申请的全部内容：材料、审批流程、各部门意见（含意见人和时间）、办理过程', security, params: CaseNo, response: { 200: Open, ...errors } } },
    async (request) => applications.staffCase(await staff(request), (request.params as { no: string }).no),
  );

  const staffAction = <B>(path: string, summary: string, body: ReturnType<typeof T.Object>, run: (p: Principal, no: string, b: B) => Promise<unknown>) =>
    app.post(
      `/api/v1/staff/applications/:no/${path}`,
      { schema: { tags: ['staff'], summary, security, params: CaseNo, body, response: { 200: Open, ...errors } } },
      async (request) => run(await staff(request), (request.params as { no: string }).no, request.body as B),
    );
  staffAction<{ version?: number }>('accept', '一窗受理：受理已提交的申请，开始计算承诺时限（综合窗口）', VersionInput, (p, no, b) => applications.accept(p, no, b));
  staffAction<{ reason: string; version?: number }>('refuse', '不予受理（写明理由）', ReasonInput, (p, no, b) => applications.refuse(p, no, b));
  staffAction<typeof OpinionInput.static & { version?: number }>('opinion', '审核意见：同意、不同意、退回到之前的环节、加签部门（当前环节的部门）', T.Object({ ...OpinionInput.properties, version: T.Optional(T.Integer({ minimum: 0 })) }, { additionalProperties: false }), (p, no, b) => applications.opine(p, no, b));
  staffAction<typeof CorrectionInput.static>('correction', '一次性告知补正（每件一次；再次补正须写明理由），审核中补正暂停计时', CorrectionInput, (p, no, b) => applications.requestCorrection(p, no, b));
  staffAction<typeof ConcludeInput.static>('conclude', '办结：准予许可（审批通过后）或不予许可（写明法律依据）', ConcludeInput, (p, no, b) => applications.conclude(p, no, b));
  staffAction<typeof ReviewInput.static>('review', '秒批抽查复核：确认自动决定无误，或标记存疑并写明理由（事项所属部门的审核人员）', ReviewInput, (p, no, b) => applications.reviewSample(p, no, b));
  staffAction<{ slot: string; version?: number }>('fetched', '免提交材料已由部门调取', T.Object({ ...SlotInput.properties, version: T.Optional(T.Integer({ minimum: 0 })) }, { additionalProperties: false }), (p, no, b) => applications.markFetched(p, no, b));
}
