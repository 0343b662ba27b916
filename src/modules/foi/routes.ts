/**
 * The foi module's HTTP: the citizen's request form (/foi/apply), their list and case pages
 * (/me/foi), the 补正 form, the staff queue and case page (/admin/foi) with every action as a
 * no-JS form (POST → 303 → GET, errors shown again with 400/409), and the JSON API
 * (POST /api/v1/foi-requests with Idempotency-Key, GET the applicant's list and one by code).
 */
import { readFile } from 'node:fs/promises';
import { Type as T } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { UnauthorizedError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type { Received } from '../../lib/files/index.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { type CaseAction, caseActionRoutes, field, handleForm } from '../../web/forms.js';
import { citizenOrRedirect } from '../../web/guards.js';
import type { FoiAction } from './policy.js';
import type { FoiService } from './service.js';
import { myRequestPage, myRequestsPage, requestFormPage } from './views/public.js';
import { foiHomePage, publicReplyPage } from './views/replies.js';
import { casePage, queuePage } from './views/staff.js';
import type { PublicationAction } from './policy.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FORM_FIELDS = ['departmentId', 'applicantKind', 'applicantName', 'applicantIdNo', 'phone', 'email', 'address', 'description', 'purpose', 'format', 'delivery'] as const;
const valuesOf = (body: unknown) => Object.fromEntries(FORM_FIELDS.map((k) => [k, field(body, k)]));

const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String() }, { additionalProperties: true }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Str = (max: number) => T.String({ maxLength: max });
const RequestBody = T.Object(
  {
    departmentId: T.Integer({ minimum: 1, maximum: 2147483647 }),
    applicantKind: T.Union([T.Literal('citizen'), T.Literal('enterprise')]),
    applicantName: Str(100),
    applicantIdNo: Str(30),
    phone: T.Optional(Str(30)),
    email: T.Optional(Str(200)),
    address: T.Optional(Str(300)),
    description: Str(4000),
    purpose: T.Optional(Str(1000)),
    format: T.Union([T.Literal('paper'), T.Literal('electronic')]),
    delivery: T.Union([T.Literal('post'), T.Literal('email'), T.Literal('pickup'), T.Literal('online')]),
  },
  { additionalProperties: false },
);
const FoiRequestJson = T.Object({}, { additionalProperties: true, description: '申请、其状态与答复期限的计算过程 (clock)' });
const security = [{ bearer: [] }];

export async function foiRoutes(app: FastifyInstance, deps: { foi: FoiService }) {
  const { foi } = deps;
  const departments = async () => [...(await foi.context.catalog.departmentNames()).entries()].map(([id, d]) => ({ id, name: d.name }));

  // ——— everyone's pages: how to apply, and the replies published for everyone ———
  app.get('/foi', hidden, async (request, reply) => {
    const q = request.query as { page?: string; department?: string };
    const list = await foi.publishedReplies({ page: q.page, department: q.department });
    const department = Number(q.department) || undefined;
    return reply.type(HTML).send(foiHomePage(list, { departments: await departments(), department }));
  });
  app.get<{ Params: { id: string } }>('/foi/replies/:id', hidden, async (request, reply) => reply.type(HTML).send(publicReplyPage(await foi.publishedReply(request.params.id))));

  // ——— citizen pages ———
  app.get('/foi/apply', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(requestFormPage({ csrf: reply.csrfToken(), departments: await departments(), values: { applicantName: p.name } }));
  });
  app.post('/foi/apply', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, '/foi/apply');
    if (!p) return reply;
    const values = valuesOf(request.body);
    return handleForm(
      reply,
      async () => {
        const r = await foi.submit(p, values, { source: 'web' });
        return reply.redirect(`/me/foi/${r.code}?done=submitted`, 303);
      },
      async (error) => requestFormPage({ csrf: reply.csrfToken(), departments: await departments(), values, error }),
    );
  });
  app.get('/me/foi', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const q = request.query as { page?: string };
    const page = Math.max(1, Math.min(10_000, Number(q.page) || 1));
    return reply.type(HTML).send(myRequestsPage(await foi.mine(p, { limit: 20, offset: (page - 1) * 20 })));
  });
  app.get<{ Params: { code: string } }>('/me/foi/:code', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const r = await foi.byCode(p, request.params.code, true);
    const done = (request.query as { done?: string }).done;
    return reply.type(HTML).send(myRequestPage(r, reply.csrfToken(), { flash: done === 'submitted' ? t('foi.submitted', { code: r.code }) : done === 'ok' ? t('foi.staff.done.ok') : undefined }));
  });
  app.post<{ Params: { code: string } }>('/me/foi/:code/correct', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const r = await foi.byCode(p, request.params.code);
    const text = field(request.body, 'text');
    return handleForm(
      reply,
      async () => {
        await foi.correct(p, { id: r.id, version: field(request.body, 'version'), text });
        return reply.redirect(`/me/foi/${r.code}?done=ok`, 303);
      },
      async (error) => myRequestPage(await foi.byCode(p, r.code, true), reply.csrfToken(), { error, text }),
    );
  });
  app.get<{ Params: { code: string } }>('/foi/:code/document', hidden, async (request, reply) => {
    const p = await request.principal();
    const doc = await foi.document(p, request.params.code);
    return reply
      .type(doc.type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(doc.stream);
  });

  // ——— staff pages ———
  app.get('/admin/foi', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const open = !(request.query as { done?: string }).done;
    return reply.type(HTML).send(queuePage(p, reply.csrfToken(), await foi.queue(p, { open, limit: 100 }), open));
  });
  app.get<{ Params: { id: string } }>('/admin/foi/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const ok = (request.query as { done?: string }).done === 'ok';
    const done = (request.query as { done?: string }).done;
    const flash = ok ? t('foi.staff.done.ok') : done && ['prepare', 'publish', 'withdraw'].includes(done) ? t(`foi.publication.done.${done as PublicationAction}`) : undefined;
    const [r, publication] = await Promise.all([foi.byId(p, request.params.id), foi.publication(p, request.params.id)]);
    return reply.type(HTML).send(casePage(p, reply.csrfToken(), r, { flash, publication }));
  });
  const PUBLICATION: Record<PublicationAction, CaseAction<Principal>> = {
    prepare: (p, b, id) => foi.preparePublication(p, { id, version: b.version, basis: b.basis, title: b.title, question: b.question, answer: b.answer }),
    publish: (p, b, id) => foi.publishPublication(p, { id, version: b.version }),
    withdraw: (p, b, id) => foi.withdrawPublication(p, { id, version: b.version, reason: b.reason }),
  };
  caseActionRoutes(app, {
    guard: staffOrRedirect,
    actions: PUBLICATION,
    route: (action) => `/admin/foi/:id/publication/${action}`,
    options: () => hidden,
    redirect: (id, action) => `/admin/foi/${id}?done=${action}`,
    showAgain: async ({ principal: p, id, action, body, reply, error }) => {
      const values = action === 'prepare' ? { basis: field(body, 'basis'), title: field(body, 'title'), question: field(body, 'question'), answer: field(body, 'answer') } : undefined;
      const [r, publication] = await Promise.all([foi.byId(p, id), foi.publication(p, id)]);
      return casePage(p, reply.csrfToken(), r, { error, publication, values });
    },
  });
  const ACTIONS: Record<Exclude<FoiAction, 'correct'>, CaseAction<Principal>> = {
    noticeCorrection: (p, b, id) => foi.noticeCorrection(p, { id, version: b.version, note: b.note }),
    startConsultation: (p, b, id) => foi.startConsultation(p, { id, version: b.version, party: b.party }),
    endConsultation: (p, b, id) => foi.endConsultation(p, { id, version: b.version }),
    extend: (p, b, id) => foi.extend(p, { id, version: b.version, reason: b.reason }),
    reply: async (p, b, id) => {
      const up = b.document as { filename?: string; received?: Received } | undefined;
      const document = up?.received && !up.received.truncated ? { name: up.filename ?? '', data: await readFile(up.received.tempPath) } : up?.received?.truncated ? { name: up.filename ?? '', data: Buffer.alloc(11 * 1024 * 1024) } : undefined;
      return foi.reply(p, { id, version: b.version, replyType: b.replyType, ground: b.ground, body: b.body, document });
    },
  };
  caseActionRoutes(app, {
    guard: staffOrRedirect,
    actions: ACTIONS,
    route: (action) => `/admin/foi/:id/${action}`,
    // the reply may carry its document as an upload
    options: (action) => ({ ...hidden, config: { multipart: action === 'reply' } }),
    redirect: (id) => `/admin/foi/${id}?done=ok`,
    showAgain: async ({ principal: p, id, reply, error }) =>
      casePage(p, reply.csrfToken(), await foi.byId(p, id), { error, publication: await foi.publication(p, id).catch(() => undefined) }),
  });

  // ——— JSON API ———
  app.post(
    '/api/v1/foi-requests',
    {
      schema: {
        tags: ['foi'],
        summary: '代申请人提交政府信息公开申请（本部门办理人员的令牌，如省级平台转来的申请；Idempotency-Key 可重放）',
        security,
        headers: T.Object({ 'idempotency-key': T.Optional(T.String({ maxLength: 200 })) }),
        body: RequestBody,
        response: { 201: FoiRequestJson, ...errors },
      },
    },
    async (request, reply) => {
      const p = request.headers.authorization ? await request.apiPrincipal() : undefined;
      const key = request.headers['idempotency-key'];
      const r = await foi.submit(p, request.body as Record<string, unknown>, { source: 'api', idempotencyKey: typeof key === 'string' ? key : undefined });
      return reply.code(201).send(r);
    },
  );
  app.get(
    '/api/v1/foi-requests',
    {
      schema: {
        tags: ['foi'],
        summary: '政府信息公开申请列表（申请人本人：自己的申请；本部门令牌：待办申请）',
        security,
        querystring: T.Object({ limit: T.Optional(T.Integer({ minimum: 1, maximum: 100 })), offset: T.Optional(T.Integer({ minimum: 0, maximum: 1_000_000 })) }),
        response: { 200: T.Object({ total: T.Integer(), requests: T.Array(FoiRequestJson) }), ...errors },
      },
    },
    async (request) => {
      const p = request.headers.authorization ? await request.apiPrincipal() : await request.principal();
      const q = request.query as { limit?: number; offset?: number };
      // staff (a token): their department's open requests; an applicant: their own
      return isStaff(p) ? foi.queue(p, q) : foi.mine(p, q);
    },
  );
  app.get<{ Params: { code: string } }>(
    '/api/v1/foi-requests/:code',
    {
      schema: {
        tags: ['foi'],
        summary: '按申请编号查看申请及其答复期限的计算过程（申请人本人或本部门工作人员）',
        security,
        params: T.Object({ code: T.String({ maxLength: 40 }) }),
        response: { 200: FoiRequestJson, ...errors },
      },
    },
    async (request) => {
      // a token (staff of the department), or the applicant's own session: reading only, so no CSRF concern
      const p = request.headers.authorization ? await request.apiPrincipal() : await request.principal();
      if (!p) throw new UnauthorizedError(t('foi.error.signIn'));
      const r = await foi.byCode(p, request.params.code, isStaff(p));
      return r;
    },
  );
}
