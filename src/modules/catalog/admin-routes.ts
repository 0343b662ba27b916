/**
 * HTTP for the catalogue in the back office (draft → review → publish) and the staff API over
 * the same operations. Another department's records and drafts are "not found" everywhere.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { intParam, paging } from '../../web/paging.js';
import { field, flashFrom, handleForm } from '../../web/forms.js';
import { t } from '../../lib/i18n/index.js';
import { type Principal, can, isStaff } from '../../lib/principal.js';
import type { DraftService } from './drafts.js';
import { DraftActionBody, DraftActionParams, DraftId, DraftListQuery, NewDraftBody, STATUS_FILTERS, draftCells } from './forms.js';
import { draftPage, draftsPage, editPage, recordsPage, versionsPage } from './views/admin.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FLASH = {
  saved: 'catalogAdmin.flash.saved',
  submitted: 'catalogAdmin.flash.submitted',
  withdrawn: 'catalogAdmin.flash.withdrawn',
  published: 'catalogAdmin.flash.published',
  rejected: 'catalogAdmin.flash.rejected',
} as const;
const flashOf = (q: unknown) => flashFrom(q, FLASH);

export async function catalogAdminRoutes(app: FastifyInstance, deps: { drafts: DraftService; timeZone: string }) {
  const { drafts, timeZone } = deps;
  /** catalogue sections and those other modules put under the workflow (journeys …) */
  const sectionParam = (raw: unknown): string => {
    const s = String(raw ?? '');
    if (!drafts.hasSection(s)) throw new NotFoundError(t('draft.notFound'));
    return s;
  };
  const cellsOf = (section: string, body: unknown) => draftCells(drafts.spec(section), body);
  const common = (p: Principal, reply: FastifyReply, query?: unknown) => ({ principal: p, csrf: reply.csrfToken(), timeZone, flash: flashOf(query) });

  app.get('/admin/catalog', hidden, async (_request, reply) => reply.redirect('/admin/catalog/items', 303));

  app.get('/admin/catalog/:section', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const section = sectionParam((request.params as { section: string }).section);
    const q = String((request.query as Record<string, string>).q ?? '').slice(0, 100);
    const pg = paging(request.query);
    const r = await drafts.records(p, section, { q: q || undefined, limit: pg.limit, offset: pg.offset });
    const all = section === 'items' ? r.records : r.records.slice(pg.offset, pg.offset + pg.limit);
    return reply.type(HTML).send(
      recordsPage({ ...common(p, reply, request.query), section, spec: drafts.spec(section), tabs: drafts.siblings(section), records: all, total: r.total, page: pg.page, size: pg.size, q, canCreate: r.canCreate }),
    );
  });

  app.get('/admin/catalog/:section/new', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const form = await drafts.editForm(p, sectionParam((request.params as { section: string }).section), undefined);
    return reply.type(HTML).send(editPage({ ...common(p, reply), section: form.section, spec: drafts.spec(form.section), title: '', cells: form.cells }));
  });

  app.get('/admin/catalog/:section/:key/edit', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const params = request.params as { section: string; key: string };
    const form = await drafts.editForm(p, sectionParam(params.section), params.key);
    return reply.type(HTML).send(editPage({ ...common(p, reply), section: form.section, spec: drafts.spec(form.section), key: form.key, title: form.title, cells: form.cells }));
  });

  app.get('/admin/catalog/:section/:key/versions', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const params = request.params as { section: string; key: string };
    const v = await drafts.versions(p, sectionParam(params.section), params.key);
    return reply.type(HTML).send(versionsPage({ ...common(p, reply), ...v }));
  });

  app.post('/admin/catalog/:section/drafts', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const section = sectionParam((request.params as { section: string }).section);
    const body = request.body;
    const key = field(body, '_key') || undefined;
    const cells = cellsOf(section, body);
    return handleForm(
      reply,
      async () => {
        const draft = await drafts.save(p, { section, key, cells });
        return reply.redirect(`/admin/drafts/${draft.id}?done=saved`, 303);
      },
      (e) => editPage({ ...common(p, reply), section, spec: drafts.spec(section), key, title: cells.name ?? cells.title ?? '', cells, error: e.message, problems: e.problems, fields: e.fields }),
    );
  });

  // ---- drafts ---------------------------------------------------------------------------------

  app.get('/admin/drafts', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const q = request.query as Record<string, string>;
    const status = Object.hasOwn(STATUS_FILTERS, q.status ?? '') ? (q.status as string) : can(p, 'catalog.review') ? 'review' : 'open';
    const mine = q.mine === '1';
    const pg = paging(request.query);
    const r = await drafts.list(p, { statuses: STATUS_FILTERS[status], mine, limit: pg.limit, offset: pg.offset });
    return reply.type(HTML).send(draftsPage({ ...common(p, reply, request.query), drafts: r.drafts, total: r.total, page: pg.page, size: pg.size, status, mine }));
  });

  const draftId = (params: unknown) => {
    const id = intParam((params as { id: string }).id);
    if (!id) throw new NotFoundError(t('draft.notFound'));
    return id;
  };

  app.get('/admin/drafts/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const view = await drafts.get(p, draftId(request.params));
    return reply.type(HTML).send(draftPage({ ...common(p, reply, request.query), ...view }));
  });

  app.get('/admin/drafts/:id/edit', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const view = await drafts.edit(p, draftId(request.params));
    return reply.type(HTML).send(editPage({ ...common(p, reply), section: view.draft.section, spec: drafts.spec(view.draft.section), draft: view.draft, title: view.draft.title, cells: view.cells }));
  });

  app.post('/admin/drafts/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = draftId(request.params);
    const view = await drafts.get(p, id);
    const section = view.draft.section;
    const cells = cellsOf(section, request.body);
    const version = intParam(field(request.body, '_version'));
    return handleForm(
      reply,
      async () => {
        await drafts.save(p, { section, draftId: id, version, cells });
        return reply.redirect(`/admin/drafts/${id}?done=saved`, 303);
      },
      (e) => editPage({ ...common(p, reply), section, spec: drafts.spec(section), draft: view.draft, title: view.draft.title, cells, error: e.message, problems: e.problems, fields: e.fields }),
    );
  });

  const actions = {
    submit: (p: Principal, id: number, version: number) => drafts.submit(p, id, version),
    withdraw: (p: Principal, id: number, version: number) => drafts.withdraw(p, id, version),
    approve: (p: Principal, id: number, version: number, note: string) => drafts.approve(p, id, version, note),
    reject: (p: Principal, id: number, version: number, note: string) => drafts.reject(p, id, version, note),
  };
  const done = { submit: 'submitted', withdraw: 'withdrawn', approve: 'published', reject: 'rejected' } as const;
  for (const [name, action] of Object.entries(actions) as [keyof typeof actions, (p: Principal, id: number, v: number, note: string) => Promise<void>][]) {
    app.post(`/admin/drafts/:id/${name}`, hidden, async (request, reply) => {
      const p = await staffOrRedirect(request, reply);
      if (!p) return reply;
      const id = draftId(request.params);
      const version = intParam(field(request.body, '_version')) ?? 0;
      return handleForm(
        reply,
        async () => {
          await action(p, id, version, field(request.body, 'note'));
          return reply.redirect(`/admin/drafts/${id}?done=${done[name]}`, 303);
        },
        async (e) => draftPage({ ...common(p, reply), ...(await drafts.get(p, id)), error: e.message }),
      );
    });
  }

  // ---- staff API ------------------------------------------------------------------------------

  const apiPrincipal = async (request: { apiPrincipal(): Promise<Principal> }) => {
    const p = await request.apiPrincipal();
    if (!isStaff(p)) throw new NotFoundError(t('api.notFound'));
    return p;
  };
  const security = [{ bearer: [] }];

  app.get(
    '/api/v1/staff/drafts',
    {
      schema: {
        tags: ['staff'],
        summary: '本部门的目录草稿（需 catalog:read 令牌）',
        security,
        querystring: DraftListQuery,
      },
    },
    async (request) => {
      const p = await apiPrincipal(request);
      const q = request.query as { status?: string; limit: number; offset: number };
      return drafts.list(p, { statuses: STATUS_FILTERS[q.status ?? 'all'], limit: q.limit, offset: q.offset });
    },
  );

  app.get('/api/v1/staff/drafts/:id', { schema: { tags: ['staff'], summary: '一份草稿及其与现行内容的差异', security, params: DraftId } }, async (request) => {
    const p = await apiPrincipal(request);
    const view = await drafts.get(p, (request.params as { id: number }).id);
    return { ...view.draft, isNew: view.isNew, record: view.cells, changes: view.diff.filter((d) => d.changed).map((d) => ({ field: d.key, label: d.label, lines: d.lines })) };
  });

  app.post(
    '/api/v1/staff/drafts',
    {
      schema: {
        tags: ['staff'],
        summary: '新建草稿：section 为 items/departments/themes/specialGroups，record 为导入格式的单元格文本（需 catalog:write 令牌）',
        security,
        body: NewDraftBody,
      },
    },
    async (request, reply) => {
      const p = await apiPrincipal(request);
      const body = request.body as { section: string; key?: string; record: Record<string, string> };
      const draft = await drafts.save(p, { section: body.section, key: body.key, cells: body.record });
      return reply.code(201).send(draft);
    },
  );

  app.post(
    '/api/v1/staff/drafts/:id/:action',
    {
      schema: {
        tags: ['staff'],
        summary: '提交审核（submit）、撤回（withdraw）、发布（approve）或退回（reject）草稿',
        security,
        params: DraftActionParams,
        body: DraftActionBody,
      },
    },
    async (request) => {
      const p = await apiPrincipal(request);
      const { id, action } = request.params as { id: number; action: keyof typeof actions };
      const body = request.body as { version: number; note?: string };
      await actions[action](p, id, body.version, body.note ?? '');
      return (await drafts.get(p, id)).draft;
    },
  );
}
