import { AppError } from '@/lib/errors';

/**
 * The keyset cursor: the sort it belongs to and the boundary row's sort values and id, as text, in
 * base64url JSON. It is opaque to the URL but not secret: it only says where a page starts, so any
 * value a caller could put in it selects rows the same query would show anyway. Every cursor is
 * checked against the query's sort and the columns' types before a value reaches SQL.
 */
export type CursorValueType = 'text' | 'number' | 'date';
export type IdType = 'uuid' | 'integer' | 'text';

export type Cursor = { sort: string; values: (string | null)[]; id: string };

const VALUE_PATTERNS: Record<CursorValueType | IdType, RegExp> = {
  text: /^[\s\S]{0,1000}$/,
  number: /^-?(?:\d{1,40})(?:\.\d{1,40})?(?:e[+-]?\d{1,3})?$/i,
  // PostgreSQL's ISO output of timestamptz/date (`2026-12-05 17:00:00.123456+00`) or an ISO 8601 string.
  date: /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  integer: /^-?\d{1,19}$/,
};

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, v: cursor.values, i: cursor.id }), 'utf8').toString('base64url');
}

const tampered = () => new AppError('VALIDATION', 'The page link is invalid; start again from the first page.', { cursor: ['invalid cursor'] });

/** Decodes a cursor for this sort; anything else (other sort, wrong arity or types, bad encoding) is a VALIDATION error. */
export function decodeCursor(raw: string, expected: { sort: string; types: readonly CursorValueType[]; idType: IdType }): Cursor {
  if (!/^[A-Za-z0-9_-]{1,8000}$/.test(raw)) throw tampered();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw tampered();
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw tampered();
  const { s, v, i } = payload as Record<string, unknown>;
  if (s !== expected.sort || !Array.isArray(v) || v.length !== expected.types.length) throw tampered();
  if (typeof i !== 'string' || !VALUE_PATTERNS[expected.idType].test(i)) throw tampered();
  const values = v.map((value, index) => {
    if (value === null) return null;
    if (typeof value !== 'string' || !VALUE_PATTERNS[expected.types[index]].test(value)) throw tampered();
    return value;
  });
  return { sort: s, values, id: i };
}
