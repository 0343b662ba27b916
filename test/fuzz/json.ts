/**
 * JSON for the fuzzer: values from an OpenAPI schema that pass validation (so a request gets
 * past it and into the handler), and a writer that can put what JSON.stringify cannot — raw
 * number tokens (1e309, 123456789012345678901234567890), invalid UTF-8 inside a string, a lone
 * surrogate escape — into the bytes sent.
 */
import type { Rng, Value } from './hostile.js';

/** A token written into the JSON text exactly as given. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | number | string | RawJson | Buffer | Json[] | { [key: string]: Json };

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  description?: string;
  default?: unknown;
}

export function jsonBytes(v: Json): Buffer {
  const chunks: Buffer[] = [];
  const walk = (x: Json) => {
    if (x instanceof RawJson) chunks.push(Buffer.from(x.text));
    else if (Buffer.isBuffer(x)) chunks.push(Buffer.from('"'), x, Buffer.from('"'));
    else if (Array.isArray(x)) {
      chunks.push(Buffer.from('['));
      x.forEach((e, i) => {
        if (i) chunks.push(Buffer.from(','));
        walk(e);
      });
      chunks.push(Buffer.from(']'));
    } else if (x !== null && typeof x === 'object') {
      chunks.push(Buffer.from('{'));
      Object.entries(x).forEach(([k, e], i) => {
        chunks.push(Buffer.from(`${i ? ',' : ''}${JSON.stringify(k)}:`));
        walk(e);
      });
      chunks.push(Buffer.from('}'));
    } else chunks.push(Buffer.from(JSON.stringify(x) ?? 'null'));
  };
  walk(v);
  return Buffer.concat(chunks);
}

export const valueJson = (v: Value): Json => ('bytes' in v ? v.bytes : v.text);

const typeOf = (s: Schema): string => (Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'string') : (s.type ?? (s.properties ? 'object' : 'string')));

/** Lower-case words a description lists as the choices ("信箱：mayor, discipline, …"). */
const hinted = (s: Schema) => [...(s.description ?? '').matchAll(/\b[a-z][a-z_]{2,}\b/g)].map((m) => m[0]);

const SAMPLE_TEXT = ['示范', '驾照', '测试内容测试内容测试内容', 'abc', '13800000001', 'liming@example.com', '2026-01-01', 'gaj'];

/** A value the schema accepts, as far as a small generator can tell. */
export function sample(schema: Schema, rng: Rng, depth = 0): Json {
  if (schema.const !== undefined) return schema.const as Json;
  if (schema.enum?.length) return rng.pick(schema.enum) as Json;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) return sample(rng.pick(alt), rng, depth);
  switch (typeOf(schema)) {
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 0;
      const hi = Math.min(schema.maximum ?? 100, lo + 100);
      const n = lo + rng.int(Math.max(1, hi - lo + 1));
      return typeOf(schema) === 'integer' ? Math.trunc(n) : n;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      if (depth > 4) return [];
      const n = Math.max(schema.minItems ?? 0, rng.int(Math.min(3, schema.maxItems ?? 3) + 1));
      return Array.from({ length: n }, () => sample(schema.items ?? {}, rng, depth + 1));
    }
    case 'object': {
      const out: Record<string, Json> = {};
      if (depth > 4) return out;
      for (const [k, p] of Object.entries(schema.properties ?? {}))
        if (schema.required?.includes(k) || rng.chance(0.6)) out[k] = sample(p, rng, depth + 1);
      return out;
    }
    default: {
      if (schema.format === 'date-time') return '2026-03-01T08:00:00Z';
      if (schema.format === 'date') return '2026-03-01';
      if (schema.format === 'email') return 'liming@example.com';
      const words = hinted(schema);
      let s = words.length && rng.chance(0.7) ? rng.pick(words) : rng.pick(SAMPLE_TEXT);
      if (schema.minLength && s.length < schema.minLength) s = s.padEnd(schema.minLength, '示');
      if (schema.maxLength !== undefined && s.length > schema.maxLength) s = s.slice(0, schema.maxLength);
      return s;
    }
  }
}

/** The same value made the wrong JSON type: an array for a string, an object for a number… */
export function wrongType(schema: Schema, rng: Rng): Json {
  const t = typeOf(schema);
  const choices: Json[] = [null, [], {}, true, 0, '', [['nested']], { a: { b: 1 } }, '1', [1, 2]];
  if (t === 'string') choices.push(['a', 'b'], { toString: 'x' }, 12345);
  if (t === 'integer' || t === 'number') choices.push({ n: 1 }, '12abc', [3], new RawJson('1e309'), new RawJson('-1e309'), new RawJson('123456789012345678901234567890'), 1.5, -1);
  if (t === 'array') choices.push('a', { 0: 'a' }, Array.from({ length: 5000 }, (_, i) => i));
  if (t === 'object') choices.push('x', [{}], new RawJson('{"__proto__":{"polluted":1}}'), new RawJson('{"constructor":{"prototype":{"x":1}}}'));
  return rng.pick(choices);
}

/** 10,000 levels of arrays or objects. */
export function deepJson(rng: Rng, levels = 10_000): Buffer {
  return Buffer.from(rng.chance(0.5) ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels));
}

export const BROKEN_JSON = ['{', '{"a":}', '[1,2', '{"a":1}}', "{'a':1}", 'null', '"string"', '12', 'true', '', '{"a":1,"a":2}', '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":NaN}', '{"a":Infinity}', '{"a":-Infinity}'];
