/** HTTP for search: the search page, GET /api/v1/search and GET /api/v1/suggest. */
import { type TLiteral, type TUnion, Type as T } from '@sinclair/typebox';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { cleanText } from '../../lib/text.js';
import type { SearchService } from './service.js';
import { KINDS, type Names, type SearchPageState, VALIDITY_VALUES, searchPage } from './views/search.js';

export interface SearchRouteDeps {
  search: SearchService;
  /** requests per minute per client address; 0: no limit */
  rateLimit: number;
  /** names for facet labels: department ids and theme slugs */
  names: () => Promise<Names>;
  /** services to offer when nothing is found */
  fallback: () => Promise<{ name: string; url: string }[]>;
  /** the values the audience and type filters take (the catalogue's; search does not know them itself) */
  filters: { audiences: readonly string[]; itemTypes: readonly string[] };
}

const oneOf = <const V extends readonly string[]>(values: V) => T.Union(values.map((v) => T.Literal(v))) as unknown as TUnion<TLiteral<V[number]>[]>;

const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String() }) });
const Facet = T.Array(T.Object({ value: T.String(), count: T.Integer(), label: T.Optional(T.String()) }));
const PAGE_SIZE = 10;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function searchRoutes(app: FastifyInstance, deps: SearchRouteDeps) {
  const { search } = deps;
  const AUDIENCES = deps.filters.audiences;
  const ITEM_TYPES = deps.filters.itemTypes;
  const limit = (max: number): FastifyContextConfig =>
    max > 0 ? { rateLimit: { max, timeWindow: '1 minute' } } : { rateLimit: false };
  const limited = limit(deps.rateLimit);

  // A result opened from the search page carries ?sq=…: count the click, whatever page it is.
  // (a callback hook: it runs on every request, so it costs no promise)
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET') {
      const q = request.query as Record<string, string | string[] | undefined> | undefined;
      const sq = q && first(q.sq);
      if (sq) search.recordClick(sq, request.url.split('?')[0] as string);
    }
    done();
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/search', { schema: { hide: true }, config: limited }, async (request, reply) => {
    const qs = request.query;
    const int = (v: string | undefined, min: number, max: number) => {
      const n = Number.parseInt(v ?? '', 10);
      return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : undefined;
    };
    const kind = first(qs.kind);
    const audience = first(qs.audience);
    const type = first(qs.type);
    const theme = first(qs.theme);
    const validity = first(qs.validity);
    const state: SearchPageState = {
      q: cleanText(first(qs.q) ?? '', { max: 200 }),
      exact: first(qs.exact) === '1',
      kind: kind && (KINDS as readonly string[]).includes(kind) ? kind : undefined,
      department: int(first(qs.department), 1, 2147483647),
      theme: theme && /^[a-z0-9-]{1,63}$/.test(theme) ? theme : undefined,
      audience: audience && (AUDIENCES as readonly string[]).includes(audience) ? audience : undefined,
      type: type && (ITEM_TYPES as readonly string[]).includes(type) ? type : undefined,
      organisation: int(first(qs.organisation), 1, 2147483647),
      year: int(first(qs.year), 1900, 2100),
      validity: validity && (VALIDITY_VALUES as readonly string[]).includes(validity) ? validity : undefined,
      page: int(first(qs.page), 1, 100) ?? 1,
      limit: PAGE_SIZE,
    };
    if (state.q) await search.whenReady();
    const result = state.q
      ? await search.searchShown({
          q: state.q,
          exact: state.exact,
          kind: state.kind,
          departmentId: state.department,
          theme: state.theme,
          audience: state.audience,
          itemType: state.type,
          organisationId: state.organisation,
          year: state.year,
          validity: state.validity as (typeof VALIDITY_VALUES)[number] | undefined,
          limit: PAGE_SIZE,
          offset: (state.page - 1) * PAGE_SIZE,
        })
      : null;
    const [names, fallback] = await Promise.all([deps.names(), result && result.total === 0 ? deps.fallback() : []]);
    return reply.type('text/html; charset=utf-8').send(searchPage(result, state, names, fallback));
  });

  app.get(
    '/api/v1/search',
    {
      config: limited,
      schema: {
        tags: ['search'],
        summary: '全站搜索',
        description: '一次搜索所有内容（事项、常见问题、部门……），支持日常叫法、拼音、繁体和错别字。',
        querystring: T.Object({
          q: T.String({ maxLength: 1000, default: '' }),
          kind: T.Optional(oneOf(KINDS)),
          department: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647 })),
          theme: T.Optional(T.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
          audience: T.Optional(oneOf(AUDIENCES)),
          type: T.Optional(oneOf(ITEM_TYPES)),
          organisation: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647, description: '发布机构（政务公开的机构）' })),
          year: T.Optional(T.Integer({ minimum: 1900, maximum: 2100, description: '成文或发布年份' })),
          validity: T.Optional(oneOf(VALIDITY_VALUES)),
          exact: T.Optional(T.Boolean()),
          limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }),
          offset: T.Integer({ minimum: 0, maximum: 1000, default: 0 }),
        }),
        response: {
          200: T.Object({
            query: T.String(),
            total: T.Integer(),
            estimated: T.Optional(T.Boolean({ description: '总数和分面计数为估计值（极常见的词只对部分文档评分）' })),
            tookMs: T.Number(),
            suggestion: T.Union([T.String(), T.Null()]),
            facets: T.Object({
              kind: Facet,
              department: Facet,
              theme: Facet,
              audience: Facet,
              type: Facet,
              organisation: Facet,
              year: Facet,
              validity: Facet,
            }),
            results: T.Array(
              T.Object({
                kind: T.String(),
                id: T.Integer(),
                title: T.String(),
                url: T.String(),
                snippet: T.String(),
                validity: T.Optional(oneOf(VALIDITY_VALUES)),
                year: T.Optional(T.Integer()),
                organisation: T.Optional(T.Object({ id: T.Integer(), name: T.String() })),
              }),
            ),
          }),
          400: ErrorBody,
        },
      },
    },
    async (request) => {
      const q = request.query as {
        q: string;
        kind?: string;
        department?: number;
        theme?: string;
        audience?: string;
        type?: string;
        organisation?: number;
        year?: number;
        validity?: (typeof VALIDITY_VALUES)[number];
        exact?: boolean;
        limit: number;
        offset: number;
      };
      await search.whenReady();
      return search.searchShown({
        q: q.q,
        kind: q.kind,
        departmentId: q.department,
        theme: q.theme,
        audience: q.audience,
        itemType: q.type,
        organisationId: q.organisation,
        year: q.year,
        validity: q.validity,
        exact: q.exact,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/api/v1/suggest',
    {
      // typing sends a request per pause: a more generous limit than for searches
      config: limit(deps.rateLimit * 4),
      schema: {
        tags: ['search'],
        summary: '输入提示',
        querystring: T.Object({ q: T.String({ maxLength: 100, default: '' }), limit: T.Integer({ minimum: 1, maximum: 20, default: 8 }) }),
        response: {
          200: T.Object({ suggestions: T.Array(T.Object({ text: T.String(), title: T.String(), kind: T.String(), url: T.String() })) }),
          400: ErrorBody,
        },
      },
    },
    async (request) => {
      const { q, limit } = request.query as { q: string; limit: number };
      await search.whenReady();
      return { suggestions: search.suggest(q, limit) };
    },
  );
}
