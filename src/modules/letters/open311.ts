/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the letters: one service per
 * letter type, requests are the published letters, and an integration holding a Yimen API token
 * with letters:write may post new ones (to the mayor's mailbox). Every resource comes as .json
 * and .xml, errors included, as the specification describes them.
 *
 * Extensions, as other GeoReport servers have them: `page` and `page_size` on GET requests, and
 * an `Idempotency-Key` header on POST requests.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import { AppError } from '../../lib/errors.js';
import { cleanText } from '../../lib/text.js';
import { describeError, logUnhandled } from '../../web/http-errors.js';
import { t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { isIntegration } from './policy.js';
import { LIMITS, type LetterType, TYPES } from './model.js';
import type { PublicLetter } from './present.js';
import type { LetterService } from './service.js';

export interface Open311Deps {
  letters: LetterService;
  /** the staff principal of an API token, given as an Authorization header value; throws when it is not valid */
  resolveToken: (authorization: string) => Promise<Principal>;
  publicUrl: string;
  /** POST requests per minute per client address; 0: no limit */
  rateLimit: number;
}

type Format = 'json' | 'xml';
const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-01-01T00:00:00+08:00';
const PAGE_SIZE = 50;
/** GET requests reads at most this many published letters to answer one query */
const SCAN_LIMIT = 1000;

class Open311Error extends AppError {}
const notFound = () => new Open311Error(404, 'not_found', t('open311.error.notFound'));
const badRequest = (message: string) => new Open311Error(400, 'bad_request', message);

// ---- XML ------------------------------------------------------------------------------------------

// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 cannot carry at all
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
export function escapeXml(s: string): string {
  return s.replace(NOT_XML, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

type Leaf = string | number | boolean | Date | null | undefined;
/** One element: a leaf value, or children already rendered. */
const el = (name: string, content: Leaf | string[]): string => {
  if (Array.isArray(content)) return `<${name}>${content.join('')}</${name}>`;
  if (content === null || content === undefined || content === '') return `<${name}/>`;
  const text = content instanceof Date ? content.toISOString() : String(content);
  return `<${name}>${escapeXml(text)}</${name}>`;
};
/** A flat record as an element with one child per field. */
const record = (name: string, fields: Record<string, Leaf>) => el(name, Object.entries(fields).map(([k, v]) => el(k, v)));
const xmlDocument = (root: string) => `<?xml version="1.0" encoding="utf-8"?>\n${root}`;

function send(reply: FastifyReply, format: Format, json: unknown, xml: () => string, status = 200) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(xmlDocument(xml()));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(json));
}

// ---- what a service and a request look like -----------------------------------------------------------

const serviceOf = (type: LetterType) => ({
  service_code: type,
  service_name: t(`letters.type.${type}`),
  description: t(`open311.service.${type}`),
  metadata: false,
  type: 'realtime',
  keywords: t('open311.keywords'),
  group: t('open311.group'),
});


/**
 * A published letter as a GeoReport request. Every published letter has a published reply, so
 * it is `closed` (answered). The public view carries no coordinates or address: the service
 * publishes neither, so neither is given here.
 */
function requestOf(l: PublicLetter, publicUrl: string) {
  const replies = l.replies.filter((r) => r.publishedAt);
  const last = replies[replies.length - 1];
  const updated = [l.repliedAt, ...replies.map((r) => r.publishedAt)].filter((d): d is Date => d instanceof Date).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    service_request_id: l.trackingCode,
    status: 'closed',
    status_notes: last?.body ?? null,
    service_name: t(`letters.type.${l.type as LetterType}`),
    service_code: l.type,
    description: `${l.title}\n${l.body}`,
    agency_responsible: l.department || null,
    service_notice: null,
    requested_datetime: l.receivedAt,
    updated_datetime: updated ?? l.receivedAt,
    expected_datetime: null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
    url: `${publicUrl}/letters/${l.trackingCode}`,
  };
}

/**
 * A title for the letter from the first sentence of the description: Open311 has no title,
 * a letter needs one of 4 to 50 characters.
 */
export function titleFrom(description: string, type: LetterType): string {
  const text = cleanText(description);
  const first = text.split(/(?<=[。！？!?；;\n])/)[0]?.trim() ?? '';
  const cut = (s: string) => (s.length > LIMITS.titleMax ? `${s.slice(0, LIMITS.titleMax - 1)}…` : s);
  if (first.length >= LIMITS.titleMin) return cut(first);
  return cut(`${t(`letters.type.${type}`)}：${text}`);
}

const Format = T.String({ maxLength: 10 });
const PostBody = T.Object(
  {
    api_key: T.Optional(T.String({ maxLength: 200 })),
    jurisdiction_id: T.Optional(T.String({ maxLength: 200 })),
    service_code: T.Optional(T.String({ maxLength: 40 })),
    lat: T.Optional(T.String({ maxLength: 40 })),
    long: T.Optional(T.String({ maxLength: 40 })),
    address_string: T.Optional(T.String({ maxLength: 1000 })),
    address_id: T.Optional(T.String({ maxLength: 200 })),
    email: T.Optional(T.String({ maxLength: 320 })),
    device_id: T.Optional(T.String({ maxLength: 200 })),
    account_id: T.Optional(T.String({ maxLength: 200 })),
    first_name: T.Optional(T.String({ maxLength: 100 })),
    last_name: T.Optional(T.String({ maxLength: 100 })),
    phone: T.Optional(T.String({ maxLength: 40 })),
    description: T.Optional(T.String({ maxLength: 30_000 })),
    media_url: T.Optional(T.String({ maxLength: 2000 })),
  },
  // attribute[code]=… and whatever else a client sends is ignored, as the specification asks
  { additionalProperties: true },
);
// numbers arrive as text in a form; JSON clients send numbers
const loose = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

const PREFIX = '/open311/v2';

/**
 * Routes on the app itself, each with the Open311 error handler, rather than a plugin scope with
 * its own: awaiting a registration here would make Fastify bind every route declared so far to
 * its default error handler, since createApp sets the portal's one after all routes.
 */
export async function open311Routes(app: FastifyInstance, deps: Open311Deps) {
  const open311 = {
    get: (path: string, opts: RouteShorthandOptions, handler: RouteHandlerMethod) => app.get(PREFIX + path, { ...opts, errorHandler: open311Error }, handler),
    post: (path: string, opts: RouteShorthandOptions, handler: RouteHandlerMethod) => app.post(PREFIX + path, { ...opts, errorHandler: open311Error }, handler),
  };
  const { letters, publicUrl } = deps;
  const dateFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: letters.calendar.timeZone, dateStyle: 'long' });
  const formatOf = (request: FastifyRequest): Format => {
    const f = (request.params as { format?: string } | undefined)?.format ?? /\.(json|xml)(?:\?|$)/.exec(request.url)?.[1];
    return f === 'xml' ? 'xml' : 'json';
  };
  const format = (request: FastifyRequest): Format => {
    const f = (request.params as { format?: string }).format;
    if (f !== 'json' && f !== 'xml') throw new Open311Error(404, 'not_found', t('open311.error.format'));
    return f;
  };

  const sendErrors = (request: FastifyRequest, reply: FastifyReply, status: number, descriptions: string[]) =>
    send(
      reply,
      formatOf(request),
      descriptions.map((description) => ({ code: status, description })),
      () => el('errors', descriptions.map((description) => record('error', { code: status, description }))),
      status,
    );

  async function open311Error(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const known = describeError(error, request);
    if (!known) {
      logUnhandled(request, error);
      return sendErrors(request, reply, 500, [t('open311.error.internal')]);
    }
    if (known.problems?.length) return sendErrors(request, reply, 400, known.problems.map((p) => `${p.field}：${p.message}`));
    return sendErrors(request, reply, known.status, [known.message]);
  }
  app.all(`${PREFIX}/*`, { schema: { hide: true } }, async (request, reply) => sendErrors(request, reply, 404, [t('api.notFound')]));

  const tags = ['open311'];
  const params = T.Object({ format: Format });

  open311.get('/discovery.:format', { schema: { tags, summary: 'Open311 发现文档', params } }, async (request, reply) => {
    const f = format(request);
    const endpoint = {
      specification: SPEC,
      url: `${publicUrl}/open311/v2`,
      changeset: CHANGESET,
      type: 'production',
      formats: ['application/json', 'text/xml'],
    };
    const doc = { changeset: CHANGESET, contact: t('open311.contact'), key_service: t('open311.keyService'), endpoints: [endpoint] };
    return send(reply, f, doc, () =>
      el('discovery', [
        el('changeset', doc.changeset),
        el('contact', doc.contact),
        el('key_service', doc.key_service),
        el('endpoints', [
          el('endpoint', [
            el('specification', endpoint.specification),
            el('url', endpoint.url),
            el('changeset', endpoint.changeset),
            el('type', endpoint.type),
            el('formats', endpoint.formats.map((x) => el('format', x))),
          ]),
        ]),
      ]),
    );
  });

  open311.get('/services.:format', { schema: { tags, summary: 'Open311 服务列表：每种来信类型一项', params } }, async (request, reply) => {
    const f = format(request);
    const services = TYPES.map(serviceOf);
    return send(reply, f, services, () => el('services', services.map((s) => record('service', s))));
  });

  open311.get(
    '/services/:code.:format',
    { schema: { tags, summary: 'Open311 服务定义（本服务没有附加属性）', params: T.Object({ code: T.String({ maxLength: 40 }), format: Format }) } },
    async (request, reply) => {
      const f = format(request);
      const { code } = request.params as { code: string };
      if (!(TYPES as readonly string[]).includes(code)) throw new Open311Error(404, 'not_found', t('open311.error.serviceCode', { allowed: TYPES.join(', ') }));
      return send(reply, f, { service_code: code, attributes: [] }, () => el('service_definition', [el('service_code', code), el('attributes', [])]));
    },
  );

  const RequestQuery = T.Object(
    {
      service_request_id: T.Optional(T.String({ maxLength: 2000 })),
      service_code: T.Optional(T.String({ maxLength: 200 })),
      start_date: T.Optional(T.String({ maxLength: 40 })),
      end_date: T.Optional(T.String({ maxLength: 40 })),
      status: T.Optional(T.String({ maxLength: 40 })),
      jurisdiction_id: T.Optional(T.String({ maxLength: 200 })),
      page: T.Integer({ minimum: 1, maximum: 1000, default: 1 }),
      page_size: T.Integer({ minimum: 1, maximum: 100, default: PAGE_SIZE }),
    },
    { additionalProperties: true },
  );

  open311.get(
    '/requests.:format',
    { schema: { tags, summary: 'Open311 请求：已公开、已答复的来信（个人信息已脱敏）', params, querystring: RequestQuery } },
    async (request, reply) => {
      const f = format(request);
      const q = request.query as Static<typeof RequestQuery>;
      const found = await findRequests(q);
      const list = found.map((l) => requestOf(l, publicUrl));
      return send(reply, f, list, () => el('service_requests', list.map((r) => record('request', r))));
    },
  );

  open311.get(
    '/requests/:id.:format',
    { schema: { tags, summary: 'Open311 单个请求（service_request_id 即信件编号）', params: T.Object({ id: T.String({ maxLength: 40 }), format: Format }) } },
    async (request, reply) => {
      const f = format(request);
      const letter = await letters.publicLetter((request.params as { id: string }).id).catch((e) => {
        throw e instanceof AppError && e.status === 404 ? notFound() : e;
      });
      const list = [requestOf(letter, publicUrl)];
      return send(reply, f, list, () => el('service_requests', list.map((r) => record('request', r))));
    },
  );

  open311.post(
    '/requests.:format',
    {
      config: deps.rateLimit > 0 ? { rateLimit: { max: deps.rateLimit * 60, timeWindow: '1 minute' } } : { rateLimit: false },
      schema: { tags, summary: 'Open311 提交请求（api_key 为具有 letters:write 权限的 API 令牌；进入市长信箱）', params, body: PostBody },
    },
    async (request, reply) => {
      const f = format(request);
      const body = request.body as Static<typeof PostBody>;
      const principal = await callerOf(body.api_key ?? (request.query as { api_key?: string }).api_key);
      const code = TYPES.find((x) => x === body.service_code);
      if (!code) throw badRequest(t('open311.error.serviceCode', { allowed: TYPES.join(', ') }));
      const lat = loose(body.lat);
      const lng = loose(body.long);
      const address = cleanText(body.address_string ?? '');
      if (!(lat && lng) && !address) throw badRequest(t('open311.error.location'));
      const description = body.description ?? '';
      const receipt = await letters.submit(
        {
          channel: 'mayor',
          type: code,
          title: titleFrom(description, code),
          body: description,
          name: `${body.last_name ?? ''}${body.first_name ?? ''}`.trim() || undefined,
          phone: body.phone,
          email: body.email,
          address: address || undefined,
          lat,
          lng,
        },
        { principal, idempotencyKey: request.headers['idempotency-key'] as string | undefined, source: 'open311' },
      );
      const due = dateFormat.format(receipt.dueAt);
      const created = [{ service_request_id: receipt.trackingCode, service_notice: t('open311.notice', { due }), account_id: null }];
      return send(reply, f, created, () => el('service_requests', created.map((r) => record('request', r))), 201);
    },
  );

  /** Only an integration holding a token that may handle letters posts requests. */
  async function callerOf(apiKey: string | undefined): Promise<Principal> {
    const p = apiKey ? await deps.resolveToken(`Bearer ${apiKey.trim()}`).catch(() => undefined) : undefined;
    if (!p || !isIntegration(p)) throw new Open311Error(403, 'forbidden', t('open311.error.apiKey'));
    return p;
  }

  /**
   * The published letters a GET requests query asks for. The service lists them newest reply
   * first and knows no date range, so the range is applied here; a reply is never older than
   * its letter, so once the replies are older than start_date nothing later can match.
   */
  async function findRequests(q: Static<typeof RequestQuery>): Promise<PublicLetter[]> {
    const date = (field: 'start_date' | 'end_date') => {
      const raw = q[field];
      if (!raw) return undefined;
      const d = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? new Date(raw) : new Date(Number.NaN);
      if (Number.isNaN(d.getTime())) throw badRequest(t('open311.error.date', { field }));
      return d;
    };
    const start = date('start_date');
    const end = date('end_date');
    const statuses = q.status ? q.status.split(',').map((s) => s.trim()) : undefined;
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw badRequest(t('open311.error.status'));
    if (statuses && !statuses.includes('closed')) return [];
    const codes = q.service_code ? q.service_code.split(',').map((s) => s.trim()) : undefined;
    if (codes?.some((c) => !(TYPES as readonly string[]).includes(c))) throw badRequest(t('open311.error.serviceCode', { allowed: TYPES.join(', ') }));

    if (q.service_request_id) {
      const ids = [...new Set(q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean))].slice(0, 100);
      const out: PublicLetter[] = [];
      for (const id of ids) {
        const l = await letters.publicLetter(id).catch(() => undefined);
        if (l) out.push(l);
      }
      return out;
    }

    const wanted = q.page * q.page_size;
    const matches: PublicLetter[] = [];
    const type = codes?.length === 1 ? codes[0] : undefined;
    for (let offset = 0; offset < SCAN_LIMIT && matches.length < wanted; offset += 100) {
      const page = await letters.publicList({ type, limit: 100, offset });
      for (const l of page.letters) {
        if (codes && !codes.includes(l.type)) continue;
        if (start && l.receivedAt < start) continue;
        if (end && l.receivedAt > end) continue;
        matches.push(l);
      }
      const oldestReply = page.letters[page.letters.length - 1]?.repliedAt;
      if (page.letters.length < 100 || (start && oldestReply && oldestReply < start)) break;
    }
    return matches.slice((q.page - 1) * q.page_size, wanted);
  }
}
