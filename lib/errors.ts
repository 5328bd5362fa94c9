import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';

/**
 * The closed set of failure codes every entry point maps to a status and a message.
 * - NOT_FOUND: the resource does not exist or is not visible to the actor.
 * - FORBIDDEN: signed in, but the role (or resource rule) does not allow this.
 * - UNAUTHORIZED: no valid session or key.
 * - CONFLICT: the change collides with stored state (duplicate, stale version).
 * - VALIDATION: input is well-formed JSON/form data but breaks a rule.
 * - LIMIT_EXCEEDED: too many attempts, too large, too many rows.
 * - UNAVAILABLE: a dependency (database, cache) is down.
 */
export const ERROR_CODES = ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'CONFLICT', 'VALIDATION', 'LIMIT_EXCEEDED', 'UNAVAILABLE'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  VALIDATION: 400,
  LIMIT_EXCEEDED: 429,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const GENERIC_ERROR_MESSAGE = 'Something went wrong. The error was logged; please try again.';

/** Turns any thrown value into an AppError-shaped result; unknown errors are logged, never echoed. */
export function toAppError(error: unknown, log: (error: unknown) => void = console.error): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    return new AppError('VALIDATION', 'Some fields are invalid.', z.flattenError(error).fieldErrors as Record<string, string[]>);
  }
  if (error instanceof UniqueConstraintViolationException) {
    return new AppError('CONFLICT', 'A record with the same unique value already exists.');
  }
  log(error);
  return null;
}
