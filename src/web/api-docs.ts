/**
 * The API reference as a page: /api/docs is rendered on the server from the OpenAPI document
 * the routes' schemas generate (so the page and the contract cannot drift apart), grouped by
 * tag, with parameters, bodies, responses, examples and authentication. The JSON document is
 * beside it at /api/docs/openapi.json (and /api/docs/json); a client that asks /api/docs for
 * JSON rather than HTML still gets the JSON, as before.
 */
import type { FastifyInstance } from 'fastify';
import { html, type Renderable, type SafeHtml } from './html.js';
import { type MessageKey, t } from '../lib/i18n/index.js';
import { layout } from './layout.js';
import { variantKey } from '../lib/prefs.js';

type Schema = {
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  default?: unknown;
  example?: unknown;
  nullable?: boolean;
  additionalProperties?: boolean | Schema;
};
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema; example?: unknown }> }>;
  security?: Record<string, string[]>[];
}
interface OpenApi {
  info?: { title?: string; version?: string; description?: string };
  servers?: { url: string }[];
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const TAG_ORDER = ['catalogue', 'search', 'journeys', 'applications', 'appointments', 'hospitals', 'letters', 'certificates', 'ratings', 'disclosure', 'foi', 'proposals', 'open311', 'auth', 'staff'];

/** A short type for a table cell: string(≤200), integer 1–100, "a" | "b", array of … */
function typeOf(s: Schema | undefined): string {
  if (!s) return '';
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return alt.map(typeOf).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  if (type === 'array') return `array<${typeOf(s.items)}>`;
  const bounds: string[] = [];
  if (s.format) bounds.push(s.format);
  if (s.minimum !== undefined || s.maximum !== undefined) bounds.push(`${s.minimum ?? ''}–${s.maximum ?? ''}`);
  if (s.maxLength !== undefined) bounds.push(`≤${s.maxLength}`);
  return `${type}${s.nullable ? ' | null' : ''}${bounds.length ? ` (${bounds.join(', ')})` : ''}`;
}

/** An example value made from the schema, when the schema has none of its own. */
export function exampleOf(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return null;
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return exampleOf(alt[0], depth + 1);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x) => exampleOf(x, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    case 'array':
      return [exampleOf(s.items, depth + 1)];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return s.format === 'date-time' ? '2026-01-05T09:00:00+08:00' : s.format === 'email' ? 'name@example.com' : 'string';
    default:
      return null;
  }
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

function schemaTable(s: Schema | undefined): SafeHtml | '' {
  const props = s?.properties;
  if (!props || Object.keys(props).length === 0) return '';
  const required = new Set(s.required ?? []);
  return html`<div class="table-scroll"><table class="api-fields">
<thead><tr><th scope="col">${t('apidocs.paramName')}</th><th scope="col">${t('apidocs.paramType')}</th><th scope="col">${t('apidocs.paramRequired')}</th><th scope="col">${t('apidocs.paramDescription')}</th></tr></thead>
<tbody>${Object.entries(props).map(
    ([name, p]) =>
      html`<tr><td><code>${name}</code></td><td>${typeOf(p)}</td><td>${required.has(name) ? t('apidocs.yes') : t('apidocs.no')}</td><td>${p.description ?? ''}</td></tr>`,
  )}</tbody></table></div>`;
}

function parameters(params: Parameter[] | undefined): Renderable {
  if (!params?.length) return html`<p>${t('apidocs.noParams')}</p>`;
  return html`<div class="table-scroll"><table class="api-fields">
<thead><tr><th scope="col">${t('apidocs.paramName')}</th><th scope="col">${t('apidocs.paramIn')}</th><th scope="col">${t('apidocs.paramType')}</th><th scope="col">${t('apidocs.paramRequired')}</th><th scope="col">${t('apidocs.paramDescription')}</th></tr></thead>
<tbody>${params.map(
    (p) =>
      html`<tr><td><code>${p.name}</code></td><td>${t(`apidocs.in.${p.in}` as MessageKey)}</td><td>${typeOf(p.schema)}</td><td>${p.required ? t('apidocs.yes') : t('apidocs.no')}</td><td>${p.description ?? p.schema?.description ?? ''}</td></tr>`,
  )}</tbody></table></div>`;
}

function body(content: Record<string, { schema?: Schema; example?: unknown }> | undefined): Renderable {
  if (!content) return '';
  return Object.entries(content).map(
    ([type, c]) => html`<p><code>${type}</code></p>${schemaTable(c.schema)}
<details><summary>${t('apidocs.example')}</summary><pre class="api-json"><code>${json(c.example ?? exampleOf(c.schema))}</code></pre></details>`,
  );
}

/** the common error body, described once under 通用约定 rather than under every response */
const isErrorBody = (content: Record<string, { schema?: Schema }> | undefined) => {
  const props = content?.['application/json']?.schema?.properties;
  return !!props && Object.keys(props).length === 1 && 'error' in props;
};

const anchor = (method: string, path: string) => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '');

function operation(path: string, method: string, op: Operation, server: string): SafeHtml {
  const secured = (op.security ?? []).length > 0;
  const id = anchor(method, path);
  return html`<section class="api-op" id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h"><span class="api-method api-${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
${op.summary ? html`<p class="api-summary">${op.summary}</p>` : ''}
${op.description && op.description !== op.summary ? html`<p>${op.description}</p>` : ''}
${op.deprecated ? html`<p><strong>${t('apidocs.deprecated')}</strong></p>` : ''}
${secured ? html`<p class="api-auth">${t('apidocs.authRequired')}</p>` : ''}
<h4>${t('apidocs.params')}</h4>
${parameters(op.parameters)}
${op.requestBody?.content ? html`<h4>${t('apidocs.requestBody')}</h4>${body(op.requestBody.content)}` : ''}
<h4>${t('apidocs.responses')}</h4>
${Object.entries(op.responses ?? {}).map(([status, r]) =>
  isErrorBody(r.content)
    ? html`<h5>${t('apidocs.status')} ${status}${r.description ? html` · ${r.description}` : ''}</h5><p>${t('apidocs.errorBody')}</p>`
    : html`<h5>${t('apidocs.status')} ${status}${r.description ? html` · ${r.description}` : ''}</h5>${body(r.content)}`,
)}
<details><summary>curl</summary><pre class="api-json"><code>curl${method === 'get' ? '' : ` -X ${method.toUpperCase()}`}${secured ? ' -H "Authorization: Bearer $TOKEN"' : ''}${op.requestBody ? ` -H "Content-Type: application/json" -d '${JSON.stringify(exampleOf(op.requestBody.content?.['application/json']?.schema))}'` : ''} ${server}${path}</code></pre></details>
</section>`;
}

export function apiDocsPage(doc: OpenApi): string {
  const server = doc.servers?.[0]?.url ?? '';
  const groups = new Map<string, { path: string; method: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) {
      const op = methods[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? '';
      const list = groups.get(tag) ?? [];
      list.push({ path, method, op });
      groups.set(tag, list);
    }
  const tags = [...groups.keys()].sort((a, b) => (TAG_ORDER.indexOf(a) + 1 || 99) - (TAG_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
  const tagName = (tag: string) => (TAG_ORDER.includes(tag) ? t(`apidocs.tag.${tag}` as MessageKey) : tag || t('apidocs.untagged'));
  const title = t('apidocs.title');
  return layout(
    { title, description: t('apidocs.lead'), crumbs: [{ label: title }], bodyClass: 'api-docs' },
    html`<h1>${title}</h1>
<p class="lead">${t('apidocs.lead')}</p>
<ul class="api-meta">
<li>${t('apidocs.version')}：${doc.info?.version ?? ''}</li>
<li>${t('apidocs.base')}：<code>${server}</code></li>
<li><a href="/api/docs/openapi.json">${t('apidocs.json')}</a></li>
</ul>
<nav class="api-toc" aria-label="${t('apidocs.toc')}"><h2>${t('apidocs.toc')}</h2><ul>
${tags.map((tag) => html`<li><a href="#tag-${tag || 'other'}">${tagName(tag)}</a>（${t('apidocs.endpoints', { n: groups.get(tag)?.length ?? 0 })}）</li>`)}
</ul></nav>
<section aria-labelledby="api-conventions"><h2 id="api-conventions">${t('apidocs.conventions')}</h2>
<ul><li>${t('apidocs.conventionLists')}</li><li>${t('apidocs.conventionErrors')}</li><li>${t('apidocs.open311')}</li></ul>
<h3>${t('apidocs.auth')}</h3><p>${t('apidocs.authPublic')}<code>Authorization: Bearer &lt;token&gt;</code></p></section>
${tags.map(
  (tag) => html`<section class="api-tag" aria-labelledby="tag-${tag || 'other'}"><h2 id="tag-${tag || 'other'}">${tagName(tag)}</h2>
${(groups.get(tag) ?? []).map(({ path, method, op }) => operation(path, method, op, server))}
</section>`,
)}`,
  );
}

/** /api/docs (the page, or the JSON for a client that asks for JSON), /api/docs/openapi.json, /api/docs/json. */
export async function apiDocsRoutes(app: FastifyInstance) {
  // the document is fixed once the routes are registered: each display variant is rendered once
  const pages = new Map<string, string>();
  const wantsHtml = (accept: string | undefined) => !!accept && /text\/html/.test(accept);
  app.get('/api/docs', { schema: { hide: true } }, async (request, reply) => {
    if (!wantsHtml(request.headers.accept)) return app.swagger();
    const key = variantKey();
    let page = pages.get(key);
    if (!page) {
      page = apiDocsPage(app.swagger() as OpenApi);
      pages.set(key, page);
    }
    return reply.type('text/html; charset=utf-8').header('vary', 'Accept').send(page);
  });
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs/json', { schema: { hide: true } }, async () => app.swagger());
}
