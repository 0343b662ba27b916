/** The public JSON API of 政务公开: organisations, articles (filtered and one), gazette issues. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DisclosureService } from './service.js';

const ListQuery = Type.Object({
  org: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,60}$' })),
  kind: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$' })),
  category: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$' })),
  stage: Type.Optional(Type.Union(['decision', 'execution', 'management', 'service', 'result'].map((s) => Type.Literal(s)))),
  year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
  validity: Type.Optional(Type.Union(['valid', 'expired', 'repealed'].map((s) => Type.Literal(s)))),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export async function disclosureApiRoutes(app: FastifyInstance, deps: { disclosure: DisclosureService }) {
  const d = deps.disclosure;
  app.get('/api/v1/disclosure/orgs', { schema: { tags: ['disclosure'], summary: '政务公开目录的机构' } }, async () => {
    const tree = await d.orgTree();
    const l = await d.lookups();
    return {
      total: tree.length,
      orgs: tree.map(({ org }) => ({ slug: org.slug, name: org.name, level: org.level, parent: org.parentId ? (l.orgRows.get(org.parentId)?.slug ?? null) : null, url: `/xxgk/${org.slug}` })),
    };
  });
  app.get('/api/v1/disclosure/articles', { schema: { tags: ['disclosure'], summary: '政府信息列表', querystring: ListQuery } }, async (request) => {
    const q = request.query as { org?: string; kind?: string; category?: string; stage?: string; year?: number; validity?: string; limit: number; offset: number };
    return d.listArticles({ org: q.org, kind: q.kind, category: q.category, stage: q.stage, year: q.year, validity: q.validity }, { limit: q.limit, offset: q.offset });
  });
  app.get(
    '/api/v1/disclosure/articles/:id',
    { schema: { tags: ['disclosure'], summary: '一条政府信息（含元数据、解读、关联事项）', params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }) } },
    async (request, reply) => {
      const found = await d.getArticle((request.params as { id: number }).id);
      if (found.withdrawn) return reply.code(410).send({ error: { code: 'withdrawn', message: found.withdrawn.reason } });
      return found;
    },
  );
  app.get('/api/v1/disclosure/gazette', { schema: { tags: ['disclosure'], summary: '政府公报各期' } }, async () => {
    const issues = await d.listIssues();
    return { total: issues.length, issues };
  });
}
