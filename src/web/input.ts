/**
 * Input normalisation for every route, in one place, before any route reads its input:
 * - text PostgreSQL cannot store or that is not Unicode (U+0000, a lone surrogate, percent-escapes
 *   that are not UTF-8) in the address, a header or the body is refused with a 400;
 * - every integer and number a route schema takes is finite: Ajv coerces "Infinity" and "1e309"
 *   to Infinity, which its own type and range checks let through.
 */
import type { FastifyReply, FastifyRequest, FastifyServerOptions, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import { BadRequestError } from '../lib/errors.js';
import { t } from '../lib/i18n/index.js';

/** A string with U+0000 or a lone surrogate anywhere in a value (keys included); bytes are not text. */
export function hasBadText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\0') || !value.isWellFormed();
  if (value === null || typeof value !== 'object' || depth > 32 || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) return value.some((v) => hasBadText(v, depth + 1));
  for (const k of Object.keys(value)) if (hasBadText(k) || hasBadText((value as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/** Percent-escapes that do not decode to UTF-8 (the query parser would keep them as they are, or worse). */
function hasBadEscapes(url: string): boolean {
  if (!url.includes('%')) return false;
  for (const run of url.match(/(?:%[0-9A-Fa-f]{2})+/g) ?? []) {
    try {
      decodeURIComponent(run);
    } catch {
      return true;
    }
  }
  return false;
}

const refuse = () => new BadRequestError(t('input.badText'), 'bad_text');

// Both are callback hooks (run on every request: no promise, no microtask).

/** onRequest: the address (path and query) and the headers. */
export function checkRequestText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  if (hasBadEscapes(request.url) || hasBadText(request.query) || hasBadText(request.params) || hasBadText(request.headers)) done(refuse());
  else done();
}

/** preHandler: the parsed body (JSON, form or multipart fields; file contents are left alone). */
export function checkBodyText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  if (hasBadText(request.body)) done(refuse());
  else done();
}

const FINITE = 'x-finite';

type AjvPlugin = Extract<NonNullable<NonNullable<FastifyServerOptions['ajv']>['plugins']>[number], (...args: never[]) => unknown>;

/** The Ajv plugin (`ajv.plugins`) that defines the keyword `finiteNumbers` adds. */
export const finiteKeyword: AjvPlugin = (ajv) => {
  const validate = Object.assign(
    (_schema: unknown, data: unknown): boolean => {
      if (typeof data !== 'number' || Number.isFinite(data)) return true;
      validate.errors = [{ keyword: FINITE, message: t('input.badNumber'), params: {} }];
      return false;
    },
    { errors: [] as { keyword: string; message: string; params: Record<string, never> }[] },
  );
  return ajv.addKeyword({ keyword: FINITE, schemaType: 'boolean', validate });
};

const INPUT_PARTS = ['querystring', 'query', 'params', 'body', 'headers'] as const;

function markFinite(node: unknown, depth: number): unknown {
  if (node === null || typeof node !== 'object' || depth > 64) return node;
  if (Array.isArray(node)) return node.map((n) => markFinite(n, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) copy[k] = markFinite(v, depth + 1);
  const type = copy.type;
  const numeric = (x: unknown) => x === 'integer' || x === 'number';
  if (numeric(type) || (Array.isArray(type) && type.some(numeric))) copy[FINITE] = true;
  return copy;
}

/** onRoute: every integer and number in the route's input schema must be finite (a copy: schemas are shared). */
export function finiteNumbers(route: RouteOptions) {
  const schema = route.schema as Record<string, unknown> | undefined;
  if (!schema || !INPUT_PARTS.some((p) => schema[p])) return;
  const marked: Record<string, unknown> = { ...schema };
  for (const part of INPUT_PARTS) if (schema[part]) marked[part] = markFinite(schema[part], 0);
  route.schema = marked as RouteOptions['schema'];
}
