import { hash } from 'node:crypto';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Canonical JSON text of a value: the one text a legacy record is hashed as, whatever the file's
 * formatting. Two values have the same canonical text exactly when they are the same JSON value.
 *
 * - Object members are sorted by key, compared as UTF-16 code units (JavaScript's default string
 *   order). Arrays keep their order.
 * - No whitespace between tokens.
 * - Numbers are written as `JSON.stringify` writes them (ECMAScript Number::toString: the shortest
 *   text that round-trips), so `1.0`, `1` and `1e0` in a file are one value.
 * - Strings are written as `JSON.stringify` writes them: only `"`, `\` and control characters are
 *   escaped, everything else stays as is. Strings are never reinterpreted: an ISO date keeps the
 *   exact text the file had, because two spellings of one instant are two different legacy records
 *   and the rollback must write back the spelling it read.
 *
 * The text is hashed as UTF-8.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += (index ? ',' : '') + canonicalJson(value[index]);
    return `${text}]`;
  }
  const { sorted, prefixes } = shapeOf(Object.keys(value));
  let text = '{';
  for (let index = 0; index < sorted.length; index++) text += prefixes[index] + canonicalJson(value[sorted[index]]);
  return `${text}}`;
}

/** An object's member names in file order, sorted, and each one's `,"name":` prefix. */
type Shape = { keys: string[]; sorted: string[]; prefixes: string[] };

// The records of a source share a few shapes, so sorting and quoting their names is done once per
// shape, not once per record. Bounded: a source of free-form objects just stops adding shapes.
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 10_000;

function shapeOf(keys: string[]): Shape {
  const signature = keys.join('\u0000');
  const known = shapes.get(signature);
  // A name may itself contain U+0000, so a signature can be ambiguous: the names are compared too.
  if (known && sameNames(known.keys, keys)) return known;
  const sorted = [...keys].sort();
  const shape = { keys, sorted, prefixes: sorted.map((key, index) => `${index ? ',' : ''}${JSON.stringify(key)}:`) };
  if (!known && shapes.size < MAX_SHAPES) shapes.set(signature, shape);
  return shape;
}

/** The same member names in the same order. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * `canonicalJson(a) === canonicalJson(b)`, without building either text: the same members (any
 * order), the same array items in order, the same strings, and numbers that write the same
 * (`===`, so 0 and -0 are one value, as JSON.stringify writes both as `0`).
 */
export function canonicalEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!canonicalEqual(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !canonicalEqual(a[key], b[key])) return false;
  return true;
}

/** Lowercase hex SHA-256 of a text (as UTF-8) or of raw bytes. */
export function sha256Hex(input: string | Buffer): string {
  // One-shot: hashing a few hundred bytes per record, a Hash object's setup costs as much as the hashing.
  return hash('sha256', input, 'hex');
}

/** The hash a legacy record is known by: SHA-256 of its canonical JSON. */
export function recordHash(value: JsonValue): string {
  return sha256Hex(canonicalJson(value));
}
