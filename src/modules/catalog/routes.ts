/** HTTP for the catalogue: public pages and JSON API v1. Handlers validate, call one operation, present. */
import { Type as T } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { NotFoundError } from '../../lib/errors.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import { type PageCache, sendPage } from '../../web/page-cache.js';
import { AUDIENCES, ITEM_TYPES, oneOf } from './model.js';
import type { PdfRenderer } from './pdf-render.js';
import { presentGroupRecord, presentThemeRecord } from './present.js';
import type { CatalogService } from './service.js';
import { guidePage } from './views/guide.js';
import {
  departmentPage,
  departmentsPage,
  groupPage,
  groupsPage,
  homePage,
  themePage,
  themesPage,
} from './views/pages.js';
import { printPage } from './views/print.js';

export interface CatalogRouteDeps {
  catalog: CatalogService;
  pages: PageCache;
  publicUrl: string;
  timeZone: string;
  /** renders guide and form PDFs in worker threads */
  pdf: PdfRenderer;
  /** what people search most (from the search log), for the home page */
  hotTerms: () => Promise<string[]>;
}

const Id = T.Object({ id: T.Integer({ minimum: 1, maximum: 2147483647 }) });
const Paging = {
  limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};
const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String() }) });
const Department = T.Object({ id: T.Integer(), name: T.String() });
const ItemListEntry = T.Object(
  {
    id: T.Integer(),
    code: T.String(),
    name: T.String(),
    aliases: T.Array(T.String()),
    type: T.String(),
    department: Department,
    url: T.String(),
  },
  { additionalProperties: true },
);
/** the home page shows hot services from usage: render it afresh at least this often */
const HOME_TTL_MS = 5 * 60_000;

export async function catalogRoutes(app: FastifyInstance, deps: CatalogRouteDeps) {
  const { catalog, pages } = deps;
  const today = () => new Intl.DateTimeFormat('zh-CN', { timeZone: deps.timeZone, dateStyle: 'long' }).format(new Date());
  const qrSvg = (path: string) =>
    QRCode.toString(`${deps.publicUrl}${path}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

  // ---- pages ----------------------------------------------------------------------------

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const page = await pages.get('home', async () => {
      const [themes, groups, hot, departments, hotTerms] = await Promise.all([
        catalog.listThemes(),
        catalog.listSpecialGroups(),
        catalog.hotServices(),
        catalog.listDepartments(),
        deps.hotTerms(),
      ]);
      return homePage({ themes, groups, hot, departments, hotTerms });
    }, { ttlMs: HOME_TTL_MS });
    return sendPage(request, reply, page);
  });

  app.get<{ Params: { id: string } }>('/items/:id', { schema: { hide: true } }, async (request, reply) => {
    const id = pageId(request.params.id);
    const page = await pages.get(`item:${id}`, async () => {
      const guide = await catalog.getGuide(id);
      // what other modules show about the item (CatalogService.addGuideAside)
      return guidePage(guide, await qrSvg(guide.url), await catalog.guideAsides(guide.implCode));
    });
    catalog.guideViewed(request, id);
    return sendPage(request, reply, page);
  });

  app.get<{ Params: { id: string } }>('/items/:id/print', { schema: { hide: true } }, async (request, reply) => {
    const id = pageId(request.params.id);
    const guide = await catalog.getGuide(id);
    return reply.type('text/html; charset=utf-8').send(printPage(guide, await qrSvg(guide.url), today()));
  });

  app.get<{ Params: { id: string } }>('/items/:id/guide.pdf', { schema: { hide: true } }, async (request, reply) => {
    const id = pageId(request.params.id);
    const page = await pages.get(
      `pdf:${id}`,
      async () => {
        const guide = await catalog.getGuide(id);
        return deps.pdf.guide(guide, `${deps.publicUrl}${guide.url}`, today());
      },
      { type: 'application/pdf' },
    );
    reply.header('content-disposition', `attachment; filename="guide-${id}.pdf"`);
    return sendPage(request, reply, page);
  });

  app.get<{ Params: { slug: string; kind: string } }>('/forms/:slug/:kind', { schema: { hide: true } }, async (request, reply) => {
    const { slug, kind } = request.params;
    if ((kind !== 'blank.pdf' && kind !== 'sample.pdf') || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug))
      throw new NotFoundError(t('error.formNotFound'));
    const sample = kind === 'sample.pdf';
    const page = await pages.get(
      `form:${slug}:${kind}`,
      async () => deps.pdf.form(await catalog.getForm(slug), sample),
      { type: 'application/pdf' },
    );
    reply.header('content-disposition', `attachment; filename="${slug}-${sample ? 'sample' : 'blank'}.pdf"`);
    return sendPage(request, reply, page);
  });

  app.get<{ Querystring: { audience?: string } }>('/themes', { schema: { hide: true } }, async (request, reply) => {
    const a = request.query.audience;
    const audience = a === 'citizen' || a === 'enterprise' ? a : undefined;
    return reply.type('text/html; charset=utf-8').send(themesPage(await catalog.listThemes(), audience));
  });

  app.get<{ Params: { slug: string } }>('/themes/:slug', { schema: { hide: true } }, async (request, reply) => {
    const { theme, items } = await catalog.getTheme(request.params.slug);
    return reply.type('text/html; charset=utf-8').send(themePage(theme, items));
  });

  app.get('/groups', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('text/html; charset=utf-8').send(groupsPage(await catalog.listSpecialGroups()));
  });

  app.get<{ Params: { slug: string } }>('/groups/:slug', { schema: { hide: true } }, async (request, reply) => {
    const { group, items } = await catalog.getSpecialGroup(request.params.slug);
    return reply.type('text/html; charset=utf-8').send(groupPage(group, items));
  });

  app.get('/departments', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('text/html; charset=utf-8').send(departmentsPage(await catalog.listDepartments()));
  });

  app.get<{ Params: { id: string } }>('/departments/:id', { schema: { hide: true } }, async (request, reply) => {
    const d = await catalog.getDepartment(pageId(request.params.id, 'error.departmentNotFound'));
    const q = request.query as Record<string, unknown>;
    const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
    const page = typeof q.page === 'string' && /^\d{1,6}$/.test(q.page) ? Number(q.page) : 1;
    return reply.type('text/html; charset=utf-8').send(departmentPage(d, { q: text(q.q, 50), type: text(q.type, 20), page }));
  });

  // ---- JSON API v1 ----------------------------------------------------------------------

  app.get(
    '/api/v1/departments',
    {
      schema: {
        tags: ['catalogue'],
        summary: '部门列表',
        querystring: T.Object(Paging),
        response: { 200: T.Object({ total: T.Integer(), departments: T.Array(T.Any()) }), 400: ErrorBody },
      },
    },
    async (request) => {
      const { limit, offset } = request.query as { limit: number; offset: number };
      const all = await catalog.listDepartments();
      return { total: all.length, departments: all.slice(offset, offset + limit) };
    },
  );

  app.get(
    '/api/v1/departments/:id',
    { schema: { tags: ['catalogue'], summary: '部门详情及其服务事项', params: Id, response: { 400: ErrorBody, 404: ErrorBody } } },
    async (request) => catalog.getDepartment((request.params as { id: number }).id),
  );

  app.get(
    '/api/v1/items',
    {
      schema: {
        tags: ['catalogue'],
        summary: '服务事项列表',
        querystring: T.Object({
          q: T.Optional(T.String({ maxLength: 200 })),
          department: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647 })),
          theme: T.Optional(T.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
          group: T.Optional(T.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
          audience: T.Optional(oneOf(AUDIENCES)),
          type: T.Optional(oneOf(ITEM_TYPES)),
          ...Paging,
        }),
        response: { 200: T.Object({ total: T.Integer(), items: T.Array(ItemListEntry) }), 400: ErrorBody },
      },
    },
    async (request) => {
      const q = request.query as Parameters<CatalogService['listItems']>[0] & { group?: string };
      return catalog.listItems(q);
    },
  );

  app.get(
    '/api/v1/items/:id',
    { schema: { tags: ['catalogue'], summary: '办事指南（事项全部字段）', params: Id, response: { 400: ErrorBody, 404: ErrorBody } } },
    async (request) => catalog.getGuide((request.params as { id: number }).id),
  );

  app.get(
    '/api/v1/themes',
    { schema: { tags: ['catalogue'], summary: '主题列表' } },
    async () => {
      const themes = await catalog.listThemes();
      return { total: themes.length, themes: themes.map(presentThemeRecord) };
    },
  );

  app.get(
    '/api/v1/special-groups',
    { schema: { tags: ['catalogue'], summary: '特殊群体绿色通道' } },
    async () => {
      const groups = await catalog.listSpecialGroups();
      return { total: groups.length, specialGroups: groups.map(presentGroupRecord) };
    },
  );
}

/** A page's numeric id; anything else is simply a page that does not exist. */
function pageId(raw: string, notFound: MessageKey = 'error.itemNotFound'): number {
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2147483647) throw new NotFoundError(t(notFound));
  return Number(raw);
}
