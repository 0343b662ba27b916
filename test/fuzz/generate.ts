/**
 * From a target (an OpenAPI operation, a form found on a page, or a bare registered route) to
 * one mutated request. Most of a request stays valid — known ids in the path, the form's own
 * values, the CSRF token — and one or two parts are made hostile, so the request gets past the
 * first check and into the code behind it. Every choice comes from the seeded Rng.
 */
import type { FuzzRequest, SessionName } from './client.js';
import { type Rng, type Value, type ValueClass, VALUE_CLASSES, describeValue, hostileValue, text, urlEncode, valueBytes } from './hostile.js';
import type { FormField, PageForm } from './html.js';
import { BROKEN_JSON, type Json, RawJson, type Schema, deepJson, jsonBytes, sample, valueJson, wrongType } from './json.js';

export interface ApiParam {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

export type Target =
  | { kind: 'openapi'; key: string; method: string; path: string; params: ApiParam[]; body?: Schema; secured: boolean }
  | { kind: 'form'; key: string; form: PageForm }
  | { kind: 'route'; key: string; method: string; path: string };

export interface Generated {
  req: FuzzRequest;
  session: SessionName;
  target: string;
  /** what was made hostile, for the figures and the failure report */
  cls: string;
  detail: string;
  marker: string;
}

export interface GenContext {
  rng: Rng;
  /** real values of path parameters by name (ids, slugs, codes) seen while crawling */
  known: Map<string, string[]>;
  /** field names seen anywhere, to give schema-less routes plausible bodies */
  fieldNames: string[];
  csrf(session: SessionName): string;
}

/** Pick a value class; 1 MB strings are costly, so they come less often. */
export function pickClass(rng: Rng): ValueClass {
  if (rng.chance(0.015)) return 'huge';
  const cls = rng.pick(VALUE_CLASSES);
  return cls === 'huge' ? 'script' : cls;
}

const SESSIONS: SessionName[] = ['anon', 'staff', 'citizen', 'token'];

const enc = (s: string) => urlEncode(text(s));
const query = (pairs: [string, Value][]) => pairs.map(([k, v]) => `${enc(k)}=${urlEncode(v)}`).join('&');
const withQuery = (path: string, q: string) => (q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path);

/** Fill `:name`, `{name}` and `*` in a path; `hostile` names the parameter to mutate (or none). */
function fillPath(ctx: GenContext, path: string, hostile: { name: string; value: Value } | undefined): string {
  const value = (name: string) => {
    if (hostile && hostile.name === name) return urlEncode(hostile.value);
    const known = ctx.known.get(name);
    if (known?.length && ctx.rng.chance(0.85)) return known.map(enc)[ctx.rng.int(known.length)] as string;
    if (name === 'format') return ctx.rng.pick(['json', 'xml']);
    return ctx.rng.pick(['1', '2', 'x', '999999', 'gaj']);
  };
  return path
    .replace(/\{([A-Za-z_]+)\}/g, (_, n: string) => value(n))
    .replace(/:([A-Za-z_]+)/g, (_, n: string) => value(n))
    .replace(/\*$/, () => (hostile?.name === '*' ? urlEncode(hostile.value).replace(/%2F/gi, ctx.rng.chance(0.5) ? '/' : '%2F') : ctx.rng.pick(['site.css', 'favicon.svg', 'letters.js'])));
}

export const pathParams = (path: string) => [...path.matchAll(/[:{]([A-Za-z_]+)\}?/g)].map((m) => m[1] as string).concat(path.endsWith('*') ? ['*'] : []);

// ---- bodies ------------------------------------------------------------------------------------------

interface Part {
  name: string;
  value: Value;
  filename?: string;
  type?: string;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

export const MULTIPART_CLASSES = ['bad-boundary', 'long-boundary', 'truncated', 'no-boundary', 'empty-boundary', 'no-name', 'garbage', 'many-parts', 'file-traversal', 'lf-only', 'no-final'] as const;

function multipart(ctx: GenContext, parts: Part[], malformed?: (typeof MULTIPART_CLASSES)[number]): { type: string; body: Buffer } {
  const { rng } = ctx;
  let boundary = `----fuzz${rng.int(1e9)}`;
  if (malformed === 'long-boundary') boundary = 'b'.repeat(257 + rng.int(300));
  const nl = malformed === 'lf-only' ? '\n' : '\r\n';
  if (malformed === 'many-parts') for (let i = 0; i < 2000; i++) parts.push({ name: `f${i}`, value: text('x') });
  if (malformed === 'file-traversal') parts.push({ name: rng.pick(['attachments', 'file', 'attachment']), value: { bytes: PNG }, filename: rng.pick(['../../etc/passwd', '..\\..\\a.png', '\u0000.png', 'a'.repeat(1000) + '.png']), type: 'image/png' });
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = malformed === 'no-name' && rng.chance(0.5) ? 'form-data' : `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}${nl}Content-Disposition: ${disposition}${nl}${p.type ? `Content-Type: ${p.type}${nl}` : ''}${nl}`), valueBytes(p.value), Buffer.from(nl));
  }
  if (malformed !== 'no-final') chunks.push(Buffer.from(`--${boundary}--${nl}`));
  let body = Buffer.concat(chunks);
  if (malformed === 'truncated') body = body.subarray(0, rng.int(body.length));
  if (malformed === 'garbage') body = Buffer.from(Array.from({ length: 200 }, () => rng.int(256)));
  const header =
    malformed === 'bad-boundary'
      ? `multipart/form-data; boundary=other${boundary}`
      : malformed === 'no-boundary'
        ? 'multipart/form-data'
        : malformed === 'empty-boundary'
          ? 'multipart/form-data; boundary='
          : `multipart/form-data; boundary=${boundary}`;
  return { type: header, body };
}

const CONTENT_TYPES = ['', 'text/plain', 'application/xml', 'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', 'application/x-www-form-urlencoded; charset=gbk', ';;;', 'application/octet-stream', 'multipart/mixed; boundary=x', 'application/json, text/html', 'text/html'];

function contentTypeMismatch(ctx: GenContext, body: Buffer, req: FuzzRequest) {
  const type = ctx.rng.pick(CONTENT_TYPES);
  if (type) req.headers['content-type'] = type;
  else delete req.headers['content-type'];
  req.payload = body;
  return `content-type ${JSON.stringify(type)}`;
}

// ---- the three kinds of target -------------------------------------------------------------------

function fromForm(ctx: GenContext, form: PageForm, marker: string): Generated {
  const { rng } = ctx;
  const session = rng.chance(0.9) ? form.session : rng.pick(SESSIONS);
  const fields: FormField[] = form.fields.filter((f) => f.kind !== 'submit' || rng.chance(0.5));
  const pairs: [string, Value][] = [];
  const files: Part[] = [];
  for (const f of fields) {
    if (f.kind === 'file') {
      if (rng.chance(0.5)) files.push({ name: f.name, value: { bytes: PNG }, filename: 'a.png', type: 'image/png' });
      continue;
    }
    if ((f.kind === 'checkbox' || f.kind === 'radio') && f.value === '') {
      if (rng.chance(0.5)) pairs.push([f.name, text(rng.pick(f.options))]);
      continue;
    }
    pairs.push([f.name, text(f.name === '_csrf' ? ctx.csrf(session) : f.value || (f.kind === 'select' ? '' : rng.pick(['示范', '13800000001', '1', 'liming@example.com'])))]);
  }
  let cls = rng.pick(['field', 'field', 'field', 'two-fields', 'dup-field', 'csrf', 'content-type', 'multipart', 'drop-fields', 'valid', 'extra-field']);
  let detail = '';
  const mutateField = (i: number) => {
    const vc = pickClass(rng);
    const [name, old] = pairs[i] as [string, Value];
    const v = hostileValue(rng, vc, marker, 'text' in old && old.text.length < 40 ? old.text : 'x');
    pairs[i] = [name, v];
    detail += `${detail ? '; ' : ''}${name}=${vc} ${describeValue(v)}`;
    return vc;
  };
  const mutable = pairs.map((_p, i) => i).filter((i) => pairs[i]?.[0] !== '_csrf');
  if (!mutable.length && (cls === 'field' || cls === 'two-fields' || cls === 'dup-field')) cls = 'extra-field';
  let label = cls === 'dup-field' ? 'dup-param' : cls;
  if (cls === 'field') label = mutateField(rng.pick(mutable));
  else if (cls === 'two-fields') {
    mutateField(rng.pick(mutable));
    mutateField(rng.pick(mutable));
  } else if (cls === 'dup-field') {
    const [name] = pairs[rng.pick(mutable)] as [string, Value];
    const v = rng.chance(0.5) ? text('2') : hostileValue(rng, pickClass(rng), marker);
    pairs.push([name, v]);
    detail = `${name} twice, second ${describeValue(v)}`;
  } else if (cls === 'csrf') {
    const i = pairs.findIndex((p) => p[0] === '_csrf');
    const v = rng.pick([text(''), text('x'.repeat(43)), text(ctx.csrf('anon')), hostileValue(rng, pickClass(rng), marker)]);
    if (i >= 0 && rng.chance(0.7)) pairs[i] = ['_csrf', v];
    else if (i >= 0) pairs.splice(i, 1);
    detail = `_csrf ${describeValue(v)}`;
  } else if (cls === 'drop-fields') {
    for (const i of [...mutable].reverse()) if (rng.chance(0.5)) pairs.splice(i, 1);
    detail = 'some fields left out';
  } else if (cls === 'extra-field') {
    const name = rng.pick(['__proto__', 'constructor', 'id', 'userId', 'role', 'status', 'departmentId', rng.pick(ctx.fieldNames.length ? ctx.fieldNames : ['x'])]);
    const v = hostileValue(rng, pickClass(rng), marker);
    pairs.push([name, v]);
    detail = `extra ${name}=${describeValue(v)}`;
  }

  const req: FuzzRequest = { method: form.method, url: form.action, headers: {} };
  if (form.method === 'GET') {
    req.url = withQuery(form.action.split('?')[0] as string, query(pairs));
    if (cls === 'content-type' || cls === 'multipart') label = 'valid';
    return { req, session, target: `form ${form.method} ${form.action.split('?')[0]}`, cls: label, detail, marker };
  }
  const asMultipart = form.enctype.startsWith('multipart/') || cls === 'multipart';
  if (asMultipart) {
    const malformed = cls === 'multipart' ? rng.pick(MULTIPART_CLASSES) : undefined;
    const { type, body } = multipart(ctx, [...pairs.map(([name, value]) => ({ name, value })), ...files], malformed);
    req.headers['content-type'] = type;
    req.payload = body;
    if (malformed) {
      detail = `multipart ${malformed}${detail ? `; ${detail}` : ''}`;
      label = `multipart:${malformed}`;
    }
  } else {
    req.headers['content-type'] = 'application/x-www-form-urlencoded';
    req.payload = Buffer.from(query(pairs));
  }
  if (cls === 'content-type') detail = contentTypeMismatch(ctx, req.payload as Buffer, req);
  return { req, session, target: `form POST ${form.action.split('?')[0]}`, cls: label, detail, marker };
}

/** Set a property as data, even one named __proto__ (plain assignment would set the prototype). */
const put = (obj: Record<string, Json>, key: string, value: Json) => Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });

function fromOpenApi(ctx: GenContext, t: Extract<Target, { kind: 'openapi' }>, marker: string): Generated {
  const { rng } = ctx;
  const session: SessionName = t.secured && rng.chance(0.75) ? 'token' : rng.pick(SESSIONS);
  const classes = ['param', 'param', 'valid', 'dup-param', 'auth'];
  if (t.body) classes.push('body-field', 'body-field', 'body-wrong-type', 'body-deep', 'body-broken', 'content-type', 'extra-props');
  const cls = rng.pick(classes);
  let label = { 'body-wrong-type': 'wrong-type', 'body-deep': 'deep-json', 'body-broken': 'broken-json', 'extra-props': 'extra-field' }[cls] ?? cls;
  let detail = '';
  const pathNames = t.params.filter((p) => p.in === 'path').map((p) => p.name);
  const queryParams = t.params.filter((p) => p.in === 'query');
  let hostilePath: { name: string; value: Value } | undefined;
  const pairs: [string, Value][] = [];
  for (const p of queryParams) if (p.required || rng.chance(0.4)) pairs.push([p.name, text(String(sample(p.schema ?? {}, rng)))]);
  const headers: Record<string, string> = {};
  if (cls === 'param') {
    const candidates = [...pathNames.map((n) => ['path', n]), ...queryParams.map((p) => ['query', p.name])];
    if (candidates.length) {
      const [where, name] = rng.pick(candidates) as [string, string];
      const vc = /offset|limit|page/.test(name) && rng.chance(0.6) ? 'offset-edge' : pickClass(rng);
      const v = hostileValue(rng, vc === 'huge' ? 'long' : vc, marker);
      if (where === 'path') hostilePath = { name, value: v };
      else {
        const i = pairs.findIndex((p) => p[0] === name);
        if (i >= 0) pairs[i] = [name, v];
        else pairs.push([name, v]);
      }
      detail = `${where} ${name}=${vc} ${describeValue(v)}`;
      label = vc;
    }
  } else if (cls === 'dup-param' && queryParams.length) {
    const name = rng.pick(queryParams).name;
    pairs.push([name, text('1')], [name, text(rng.pick(['2', '-1', 'x']))]);
    detail = `?${name} twice`;
  } else if (cls === 'auth') {
    const v = rng.pick(['Bearer ', 'Bearer ym_', 'Bearer ym_xxxxxxxxxxxxxxxxxxxxxxxx', 'Basic c3lzYWRtaW46eA==', 'bearer', `Bearer ${'a'.repeat(5000)}`, 'Bearer ym_%00']);
    headers.authorization = v;
    detail = `authorization ${JSON.stringify(v.slice(0, 40))}`;
  }
  if (t.path.startsWith('/api/v1/letters') && t.method === 'POST' && rng.chance(0.5)) {
    const v = rng.chance(0.5) ? hostileValue(rng, rng.pick(['nul', 'long', 'crlf', 'unicode', 'script'] as const), marker) : text(`fz-${marker}`);
    headers['idempotency-key'] = 'text' in v ? v.text.replace(/[^\x20-\x7e]/g, '?').slice(0, 2000) : 'x';
  }
  const req: FuzzRequest = { method: t.method, url: withQuery(fillPath(ctx, t.path, hostilePath), query(pairs)), headers };
  if (t.body) {
    const body = sample(t.body, rng) as Json;
    const props = Object.entries(t.body.properties ?? {});
    if ((cls === 'body-field' || cls === 'body-wrong-type' || cls === 'extra-props') && body && typeof body === 'object' && !Array.isArray(body) && !(body instanceof RawJson) && !Buffer.isBuffer(body)) {
      const obj = body as Record<string, Json>;
      if (cls === 'extra-props' || !props.length) {
        const name = rng.pick(['__proto__', 'constructor', 'id', 'status', 'x'.repeat(300), '']);
        put(obj, name, valueJson(hostileValue(rng, pickClass(rng), marker)));
        detail = `extra property ${JSON.stringify(name.slice(0, 20))}`;
      } else {
        const [name, schema] = rng.pick(props);
        if (cls === 'body-wrong-type') {
          put(obj, name, wrongType(schema, rng));
          detail = `${name} as wrong type ${jsonBytes(obj[name] as Json).subarray(0, 60).toString()}`;
        } else {
          const vc = pickClass(rng);
          const v = hostileValue(rng, vc, marker);
          const numeric = /integer|number/.test(String(schema.type));
          put(obj, name, numeric && 'text' in v && /^[-\d.e+]+$|^(-?Infinity|NaN)$/i.test(v.text) ? new RawJson(v.text) : valueJson(v));
          detail = `${name}=${vc} ${describeValue(v)}`;
          label = vc;
        }
      }
    }
    let payload = jsonBytes(body);
    if (cls === 'body-deep') {
      payload = deepJson(rng);
      detail = '10,000 levels deep';
    } else if (cls === 'body-broken') {
      payload = Buffer.from(rng.pick(BROKEN_JSON));
      detail = `body ${payload.toString().slice(0, 40)}`;
    }
    req.headers['content-type'] = 'application/json';
    req.payload = payload;
    if (cls === 'content-type') detail = contentTypeMismatch(ctx, payload, req);
  }
  return { req, session, target: `api ${t.method} ${t.path}`, cls: label, detail, marker };
}

function fromRoute(ctx: GenContext, t: Extract<Target, { kind: 'route' }>, marker: string): Generated {
  const { rng } = ctx;
  const session = rng.pick(SESSIONS);
  const params = pathParams(t.path);
  const cls = rng.pick(['param', 'query', 'body', 'method', 'cookie', 'header', 'valid']);
  let label = cls;
  let detail = '';
  let hostilePath: { name: string; value: Value } | undefined;
  const headers: Record<string, string> = {};
  if ((cls === 'param' || (t.path.endsWith('*') && rng.chance(0.7))) && params.length) {
    const name = rng.pick(params);
    const vc = name === '*' && rng.chance(0.6) ? 'traversal' : pickClass(rng);
    hostilePath = { name, value: hostileValue(rng, vc === 'huge' ? 'long' : vc, marker) };
    detail = `path ${name}=${vc} ${describeValue(hostilePath.value)}`;
    label = vc;
  }
  const pairs: [string, Value][] = [];
  if (cls === 'query') {
    const name = rng.pick(['q', 'offset', 'limit', 'page', 'next', 'status', 'department', 'type', 'id', rng.pick(ctx.fieldNames.length ? ctx.fieldNames : ['x'])]);
    const vc = pickClass(rng);
    const v = hostileValue(rng, vc === 'huge' ? 'long' : vc, marker);
    pairs.push([name, v]);
    if (rng.chance(0.3)) pairs.push([name, text('2')]);
    detail = `?${name}=${vc} ${describeValue(v)}`;
    label = vc;
  } else if (cls === 'cookie') {
    headers.cookie = rng.pick(['yimen_sid=%00', 'yimen_sid=../../etc/passwd; yimen_csrf=x', `yimen_sid=${'a'.repeat(4000)}`, '=;=;;', 'yimen_csrf=""; yimen_csrf=a', 'yimen_sid=%E0%A4%A']);
    detail = `cookie ${headers.cookie.slice(0, 40)}`;
  } else if (cls === 'header') {
    const [name, value] = rng.pick([
      ['accept', 'application/json'],
      ['accept', '*/*;q=abc'],
      ['accept-language', 'zz-ZZ;q=-1, *'],
      ['if-none-match', '"x", W/'],
      ['if-modified-since', 'not a date'],
      ['range', 'bytes=999999999-'],
      ['range', 'bytes=5-1'],
      ['x-forwarded-for', '1.1.1.1, ::1, garbage'],
      ['host', 'evil.example:99999'],
      ['referer', 'javascript:alert(1)'],
    ] as const);
    headers[name] = value;
    detail = `${name}: ${value}`;
  }
  const method = cls === 'method' ? rng.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST', 'GET', 'TRACE']) : t.method;
  if (cls === 'method') detail = `method ${method}`;
  const req: FuzzRequest = { method, url: withQuery(fillPath(ctx, t.path, hostilePath), query(pairs)), headers };
  if (method !== 'GET' && method !== 'HEAD' && (cls === 'body' || rng.chance(0.5))) {
    const fields: [string, Value][] = [['_csrf', text(ctx.csrf(session))]];
    const vc = pickClass(rng);
    for (let i = 0, n = 1 + rng.int(4); i < n; i++)
      fields.push([rng.pick(ctx.fieldNames.length ? ctx.fieldNames : ['x']), cls === 'body' ? hostileValue(rng, i ? pickClass(rng) : vc, marker) : text('1')]);
    if (cls === 'body') label = vc;
    const shape = rng.pick(['form', 'json', 'multipart', 'multipart-bad']);
    if (shape === 'form') {
      req.headers['content-type'] = 'application/x-www-form-urlencoded';
      req.payload = Buffer.from(query(fields));
    } else if (shape === 'json') {
      req.headers['content-type'] = 'application/json';
      req.payload = rng.chance(0.2) ? deepJson(rng) : jsonBytes(Object.fromEntries(fields.map(([k, v]) => [k, valueJson(v)])));
    } else {
      const malformed = shape === 'multipart-bad' ? rng.pick(MULTIPART_CLASSES) : undefined;
      const { type, body } = multipart(ctx, fields.map(([name, value]) => ({ name, value })), malformed);
      req.headers['content-type'] = type;
      req.payload = body;
      if (malformed) {
        detail += `${detail ? '; ' : ''}multipart ${malformed}`;
        label = `multipart:${malformed}`;
      }
    }
    if (cls === 'body') detail += `${detail ? '; ' : ''}${shape} body ${fields.slice(1).map(([k, v]) => `${k}=${describeValue(v)}`).join(', ')}`;
  }
  return { req, session, target: `route ${t.method} ${t.path}`, cls: label, detail, marker };
}

export function generate(ctx: GenContext, target: Target, marker: string): Generated {
  if (target.kind === 'form') return fromForm(ctx, target.form, marker);
  if (target.kind === 'openapi') return fromOpenApi(ctx, target, marker);
  return fromRoute(ctx, target, marker);
}
