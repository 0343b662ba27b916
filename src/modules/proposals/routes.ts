/**
 * The proposals' HTTP: the public list with its counts (/proposals) and a published reply
 * (/proposals/:id); the back office's list, registration form and case page (/admin/proposals)
 * with every action as a no-JS form (POST → 303 → GET, errors shown again with 400/409); and the
 * public JSON API (GET /api/v1/proposals, /api/v1/proposals/:id).
 */
import { Type as T } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { type Body, type CaseAction, caseActionRoutes, field, fields, handleForm } from '../../web/forms.js';
import { mayRegister } from './policy.js';
import type { ProposalsService } from './service.js';
import { proposalListPage, proposalPage } from './views/public.js';
import { casePage, listPage, registerPage } from './views/staff.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String() }, { additionalProperties: true }) });
const Author = T.Object({ name: T.String(), group: T.String({ description: '代表团（人大代表）或界别（政协委员）' }) });
const Dept = T.Object({ id: T.Integer(), name: T.String() });
const Proposal = T.Object({
  id: T.Integer(),
  url: T.String(),
  kind: T.Union([T.Literal('npc'), T.Literal('cppcc')], { description: 'npc 人大代表建议；cppcc 政协委员提案' }),
  kindLabel: T.String(),
  year: T.Integer({ description: '会议年度' }),
  numberLabel: T.String({ description: '编号，如 第0123号' }),
  title: T.String(),
  authors: T.Array(Author),
  content: T.String(),
  mainDepartment: Dept,
  coDepartments: T.Array(Dept),
  grade: T.String({ description: '答复类别 A/B/C/D' }),
  gradeLabel: T.String(),
  reply: T.String(),
  repliedOn: T.String(),
  publishedOn: T.String(),
});
const CountRow = T.Object({ departmentId: T.Integer(), departmentName: T.String(), year: T.Integer(), total: T.Integer(), replied: T.Integer(), published: T.Integer(), overdue: T.Integer() });
const ListQuery = T.Object({
  year: T.Optional(T.Integer({ minimum: 1990, maximum: 9999 })),
  kind: T.Optional(T.Union([T.Literal('npc'), T.Literal('cppcc')])),
  department: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647 })),
  limit: T.Optional(T.Integer({ minimum: 1, maximum: 100 })),
  offset: T.Optional(T.Integer({ minimum: 0, maximum: 1_000_000 })),
});

const REG_FIELDS = ['kind', 'year', 'number', 'title', 'authors', 'content', 'mainDepartmentId', 'assignedOn'] as const;

export async function proposalsRoutes(app: FastifyInstance, deps: { proposals: ProposalsService }) {
  const { proposals } = deps;
  const departments = async () =>
    [...(await proposals.context.catalog.departmentNames()).entries()].map(([id, d]) => ({ id, name: d.name })).sort((a, b) => a.id - b.id);

  // ——— public pages ———
  app.get('/proposals', hidden, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const page = Math.max(1, Math.min(10_000, Number(q.page) || 1));
    const list = await proposals.publicList({ year: q.year, kind: q.kind, department: q.department, limit: 20, offset: (page - 1) * 20 });
    return reply.type(HTML).send(proposalListPage(list, await departments(), page));
  });
  app.get<{ Params: { id: string } }>('/proposals/:id', hidden, async (request, reply) => reply.type(HTML).send(proposalPage(await proposals.publicProposal(request.params.id))));

  // ——— back office ———
  app.get('/admin/proposals', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const q = request.query as { done?: string; registered?: string };
    const list = await proposals.staffList(p, { open: !q.done, limit: 100 });
    return reply.type(HTML).send(listPage(p, reply.csrfToken(), list, !q.done, mayRegister(p, p.departmentId ?? -1) || p.role === 'admin'));
  });
  app.get('/admin/proposals/new', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    await proposals.staffList(p, { limit: 1 }); // not found for staff without the permission
    return reply.type(HTML).send(registerPage(p, reply.csrfToken(), await departments(), { year: proposals.context.today().slice(0, 4) }));
  });
  app.post('/admin/proposals/new', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const body = request.body as Body;
    const values: Record<string, string | string[]> = Object.fromEntries(REG_FIELDS.map((k) => [k, field(body, k)]));
    values.coDepartmentIds = fields(body, 'coDepartmentIds');
    return handleForm(
      reply,
      async () => {
        const r = await proposals.register(p, values);
        return reply.redirect(`/admin/proposals/${r.id}?done=registered`, 303);
      },
      async (error) => registerPage(p, reply.csrfToken(), await departments(), values, error),
    );
  });
  app.get<{ Params: { id: string } }>('/admin/proposals/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const r = await proposals.staffCase(p, request.params.id);
    const done = (request.query as { done?: string }).done;
    const flash = done === 'registered' ? t('proposals.done.registered') : done === 'ok' ? t('proposals.done.ok') : undefined;
    return reply.type(HTML).send(casePage(p, reply.csrfToken(), r, { flash }));
  });
  const ACTIONS = {
    opinion: (p, b, id) => proposals.opinion(p, { id, version: field(b, 'version'), opinion: field(b, 'opinion'), departmentId: field(b, 'departmentId') || undefined }),
    reply: (p, b, id) => proposals.reply(p, { id, version: field(b, 'version'), grade: field(b, 'grade'), body: field(b, 'body') }),
    publish: (p, b, id) => proposals.publish(p, { id, version: field(b, 'version'), openness: field(b, 'openness'), reason: field(b, 'reason') }),
  } satisfies Record<string, CaseAction<Principal>>;
  caseActionRoutes(app, {
    guard: staffOrRedirect,
    actions: ACTIONS,
    route: (action) => `/admin/proposals/:id/${action}`,
    options: () => hidden,
    redirect: (id) => `/admin/proposals/${id}?done=ok`,
    showAgain: async ({ principal: p, id, reply, error }) => casePage(p, reply.csrfToken(), await proposals.staffCase(p, id), { error }),
  });

  // ——— JSON API (public: published replies and the counts) ———
  app.get(
    '/api/v1/proposals',
    {
      schema: {
        tags: ['proposals'],
        summary: '已公开答复的人大代表建议和政协委员提案（按年度、类别、主办单位），及各单位各年度的件数',
        querystring: ListQuery,
        response: { 200: T.Object({ total: T.Integer(), proposals: T.Array(Proposal), counts: T.Array(CountRow) }), 400: ErrorBody },
      },
    },
    async (request) => {
      const l = await proposals.publicList(request.query as Record<string, unknown>);
      return { total: l.total, proposals: l.proposals, counts: l.counts };
    },
  );
  app.get<{ Params: { id: number } }>(
    '/api/v1/proposals/:id',
    {
      schema: {
        tags: ['proposals'],
        summary: '一件建议或提案及其公开的答复',
        params: T.Object({ id: T.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 200: Proposal, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => proposals.publicProposal(request.params.id),
  );
}
