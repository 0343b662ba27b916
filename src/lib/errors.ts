/**
 * The small set of typed errors services throw. The HTTP layer maps each to a status and a
 * JSON error or an error page; anything else is a 500 whose details stay in the log.
 */
import type { Problem } from './validation.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Not found — and also what an outsider sees for something they may not access. */
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code = 'bad_request') {
    super(400, code, message);
  }
}

/** Input that failed validation, with every problem found. */
export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly problems: Problem[],
  ) {
    super(400, 'validation_failed', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** Signed in, but the role does not allow this. */
export class ForbiddenError extends AppError {
  constructor(message: string, code = 'forbidden') {
    super(403, code, message);
  }
}

/** Not signed in, or the credentials are wrong. */
export class UnauthorizedError extends AppError {
  constructor(message: string, code = 'unauthorized') {
    super(401, code, message);
  }
}

/** Too many attempts; try again later. */
export class TooManyError extends AppError {
  constructor(message: string) {
    super(429, 'too_many_attempts', message);
  }
}

/**
 * The SQLSTATE of a database error, wherever it sits: Drizzle wraps the driver's error (PGlite's
 * or node-postgres's) in its own, and the code is on `.cause`.
 */
export function sqlStateOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 8 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{2}[0-9A-Z]{3}$/.test(code) && !code.startsWith('E')) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What a database error that input caused is to the caller: a data exception (class 22: bad
 * encoding, a number out of range …) or an integrity violation (class 23) is a 4xx, not a fault
 * of the portal. Anything else is undefined: a real fault.
 */
export function inputErrorOf(error: unknown): { status: 400 | 409; code: 'bad_request' | 'conflict' } | undefined {
  const state = sqlStateOf(error);
  if (!state) return undefined;
  if (state === '23505' || state === '23P01') return { status: 409, code: 'conflict' };
  if (state.startsWith('22') || state.startsWith('23')) return { status: 400, code: 'bad_request' };
  return undefined;
}
