/**
 * The small set of typed errors services throw. The HTTP layer maps each to a status and a
 * JSON error or an error page; anything else is a 500 whose details stay in the log.
 */
import type { Problem } from '../modules/catalog/bundle.js';

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
