import { sameNames, type JsonValue } from '@/lib/legacy/canonical-json';

/**
 * What typed columns cannot say about a record, kept per row so the rebuild is exact:
 * - `absent`: top-level fields that were missing (a NULL column alone cannot tell missing from null);
 * - `order`: the original member order of any object whose order the rebuild does not reproduce
 *   (jsonb sorts keys; the rollback must write the file as the legacy server did).
 * Stored as NULL when the rebuild is already exact, which is the common case.
 */
export type RecordLayout = { absent?: string[]; order?: OrderPatch };
export type OrderPatch = { k?: string[]; c?: Record<string, OrderPatch> };

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The minimal patch that turns `rebuilt`'s member order into `original`'s, or undefined if equal. */
export function orderPatch(original: JsonValue, rebuilt: JsonValue): OrderPatch | undefined {
  const patch: OrderPatch = {};
  if (isObject(original) && isObject(rebuilt)) {
    const originalKeys = Object.keys(original);
    const rebuiltKeys = Object.keys(rebuilt);
    if (!sameNames(originalKeys, rebuiltKeys)) patch.k = originalKeys;
    for (const key of originalKeys) addChild(patch, key, original[key], rebuilt[key]);
  } else if (Array.isArray(original) && Array.isArray(rebuilt)) {
    original.forEach((item, index) => addChild(patch, String(index), item, rebuilt[index]));
  }
  return patch.k || patch.c ? patch : undefined;
}

function addChild(patch: OrderPatch, key: string, original: JsonValue, rebuilt: JsonValue | undefined): void {
  if (rebuilt === undefined || typeof original !== 'object' || original === null) return;
  const child = orderPatch(original, rebuilt);
  // A null-prototype map, so a member named "__proto__" is stored as a member.
  if (child) (patch.c ??= Object.create(null) as Record<string, OrderPatch>)[key] = child;
}

export function applyOrder(value: JsonValue, patch: OrderPatch | undefined): JsonValue {
  if (!patch) return value;
  if (Array.isArray(value)) return value.map((item, index) => applyOrder(item, patch.c?.[String(index)]));
  if (!isObject(value)) return value;
  const keys = patch.k ? [...patch.k, ...Object.keys(value).filter((key) => !patch.k!.includes(key))] : Object.keys(value);
  return Object.fromEntries(
    keys
      .filter((key) => Object.hasOwn(value, key))
      .map((key) => [key, applyOrder(value[key], patch.c && Object.hasOwn(patch.c, key) ? patch.c[key] : undefined)]),
  ) as JsonObject;
}
