import { AppError } from '@/lib/errors';

export const NUL_CHARACTER_MESSAGE = 'Text may not contain NUL (\\0) characters.';

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (value instanceof Blob) return false;
  return Object.entries(value).some(([key, nested]) => key.includes('\u0000') || containsNul(nested, depth + 1));
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL reaching a query fails it with a driver error (a 500). Every
 * wrapper refuses such input up front with one clear message, whatever field or parameter carries it.
 */
export function refuseNulCharacters(...inputs: unknown[]): void {
  if (inputs.some((input) => containsNul(input))) throw new AppError('VALIDATION', NUL_CHARACTER_MESSAGE);
}
