import { isJsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { json, text, timestamp, type Codec } from './codecs';

// Codecs shared by several mappings (assets, admin and server logs, consents).
// Each one only accepts what its column (and the column's CHECK constraint) can hold exactly;
// anything else stays verbatim in `extra`, as with the engine's own codecs.

/**
 * The member order the legacy server wrote, per object: `keys` lists the known orders (the first
 * one that contains every member of an object is used), `members`/`items` describe nested values.
 * Objects no order describes keep jsonb's order and get a layout patch, as with the plain json codec.
 */
export type KeyOrder = { keys?: readonly (readonly string[])[]; members?: Readonly<Record<string, KeyOrder>>; items?: KeyOrder };

const rankMaps = new WeakMap<readonly string[], Map<string, number>>();

/** Each member's place in a known order, computed once per order. */
function ranksOf(order: readonly string[]): Map<string, number> {
  let ranks = rankMaps.get(order);
  if (!ranks) {
    ranks = new Map(order.map((key, index) => [key, index]));
    rankMaps.set(order, ranks);
  }
  return ranks;
}

function reorder(value: JsonValue, order: KeyOrder | undefined): JsonValue {
  if (!order) return value;
  if (Array.isArray(value)) return order.items ? value.map((item) => reorder(item, order.items)) : value;
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  const known = order.keys?.map(ranksOf).find((ranks) => keys.every((key) => ranks.has(key)));
  const sorted = known ? [...keys].sort((a, b) => known.get(a)! - known.get(b)!) : keys;
  // fromEntries, not assignment: a legacy member named "__proto__" must stay a member.
  return Object.fromEntries(sorted.map((key) => [key, reorder(value[key], order.members?.[key])]));
}

/**
 * jsonb that reads back in the legacy member order when the record used a known order, so typical
 * records need no layout patch. `kind` restricts the value to an array or an object (the column
 * then has a `jsonb_typeof` CHECK); other values stay in `extra`.
 */
export function orderedJson(order: KeyOrder, kind?: 'array' | 'object'): Codec {
  return {
    columns: json.columns,
    encode: (value) => {
      if (kind === 'array' && !Array.isArray(value)) return undefined;
      if (kind === 'object' && !isJsonObject(value)) return undefined;
      return json.encode(value);
    },
    decode: (texts) => reorder(json.decode(texts), order),
    echo: json.echo,
  };
}

/** Text limited to a fixed set of spellings (the column has an `IN (...)` CHECK); others stay in `extra`. */
export function oneOf(values: readonly string[]): Codec {
  return {
    columns: text.columns,
    encode: (value) => (typeof value === 'string' && values.includes(value) ? text.encode(value) : undefined),
    decode: text.decode,
  };
}

/** A numeric codec limited to values >= 0 (the column has a `>= 0` CHECK); negative values stay in `extra`. */
export function nonNegative(codec: Codec): Codec {
  return { ...codec, encode: (value) => (typeof value === 'number' && value >= 0 ? codec.encode(value) : undefined) };
}

/**
 * An id that is a non-empty string or a safe integer, kept with its JSON type: `<column>` holds
 * `String(id)` (what the admin log and the legacy routes use), `<column>_is_number` the type.
 */
export const stringOrIntegerId: Codec = {
  columns: (column) => [
    { name: column, sqlType: 'text', select: column },
    { name: `${column}_is_number`, sqlType: 'boolean', select: `${column}_is_number::text` },
  ],
  encode: (value) => {
    if (typeof value === 'string') return value !== '' && !value.includes('\u0000') ? [value, 'f'] : undefined;
    return typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0) ? [String(value), 't'] : undefined;
  },
  decode: ([id, isNumber]) => (isNumber === 'true' ? Number(id) : id),
  echo: ([id, isNumber]) => [id, isNumber === 't' ? 'true' : 'false'],
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date that is either `toISOString()` text or a bare `YYYY-MM-DD` day. `<column>` is the instant
 * (a bare day as its UTC midnight), `<column>_legacy` the bare-day spelling, null for full timestamps.
 */
export const dateOrTimestamp: Codec = {
  columns: (column) => [...timestamp.columns(column), { name: `${column}_legacy`, sqlType: 'text', select: `${column}_legacy` }],
  encode: (value) => {
    const full = timestamp.encode(value);
    if (full) return [full[0], null];
    if (typeof value !== 'string' || !DATE_ONLY.test(value)) return undefined;
    const midnight = `${value}T00:00:00.000Z`;
    return timestamp.encode(midnight) ? [midnight, value] : undefined;
  },
  decode: ([instant, legacy]) => legacy ?? instant,
};
