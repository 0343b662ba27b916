/**
 * The one mapping from an error to what the caller sees — shared by the app's error handler and
 * Open311's — and the one way an unexpected error is logged: method, route, path and code, never
 * the query string, an SQL statement or its parameters (search terms, names, identifiers).
 */
import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError, ValidationError, inputErrorOf, sqlStateOf } from '../lib/errors.js';
import type { Problem } from '../lib/validation.js';
import { t } from '../lib/i18n/index.js';

export interface HttpError {
  status: number;
  code: string;
  message: string;
  problems?: Problem[];
}

/** a multipart request whose body the parser could not read (a broken or hostile boundary, a cut-off body) */
const unreadableMultipart = (request: FastifyRequest) =>
  request.body === undefined && /^multipart\//i.test(String(request.headers['content-type'] ?? ''));

/** What the error is to the caller; undefined for a fault of the portal (a 500, to be logged). */
export function describeError(error: FastifyError, request: FastifyRequest): HttpError | undefined {
  if (error instanceof AppError) {
    const problems = error instanceof ValidationError ? error.problems.slice(0, 200) : undefined;
    return { status: error.status, code: error.code, message: error.message, ...(problems ? { problems } : {}) };
  }
  if (error.validation) {
    const v = error.validation[0];
    return { status: 400, code: 'bad_request', message: t('api.badRequest', { detail: `${error.validationContext ?? ''} ${v?.instancePath ?? ''} ${v?.message ?? ''}`.trim() }) };
  }
  // input that reached the database and was refused there (a wrapped driver error)
  const data = inputErrorOf(error);
  if (data) return { ...data, message: data.status === 409 ? t('input.conflict') : t('input.badValue') };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const status = error.statusCode;
    const message = status === 429 ? t('error.rateLimited') : status === 413 ? t('error.tooLarge') : t('api.badRequest', { detail: error.message });
    return { status, code: error.code ?? 'bad_request', message };
  }
  if (unreadableMultipart(request)) return { status: 400, code: 'bad_multipart', message: t('error.multipartBroken') };
  return undefined;
}

const isDatabaseError = (error: unknown) =>
  sqlStateOf(error) !== undefined || (typeof error === 'object' && error !== null && ('query' in error || 'params' in error));

/** where the error was thrown: code locations only, never the message the stack starts with (it may carry data, over several lines) */
function framesOf(error: unknown): string[] {
  let stack = String((error as { stack?: unknown })?.stack ?? '');
  const head = String(error);
  if (stack.startsWith(head)) stack = stack.slice(head.length);
  else stack = stack.slice(stack.search(/\n\s+at /) + 1);
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .map((line) => line.trim());
}

/**
 * An error as the log keeps it (the logger's `err` serializer): its type, code and where it was
 * thrown; its message only when it is not a database error (whose message holds the SQL and
 * its parameters). Never its own properties (`query`, `params`).
 */
export function errorForLog(error: unknown) {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; constructor?: { name?: string } };
  return {
    type: e.constructor?.name ?? String(e.name ?? 'Error'),
    code: sqlStateOf(error) ?? (typeof e.code === 'string' ? e.code : undefined),
    message: isDatabaseError(error) ? '' : String(e.message ?? '').slice(0, 300),
    stack: framesOf(error).join('\n'),
  };
}

/** An unexpected error: what request met it (method, route, path without the query) and its code. */
export function logUnhandled(request: FastifyRequest, error: unknown) {
  const e = errorForLog(error);
  request.log.error(
    { method: request.method, route: request.routeOptions?.url ?? null, path: request.url.split('?')[0], code: e.code ?? null, type: e.type, stack: e.stack },
    'unhandled error',
  );
}
