import type { JsonValue } from '@/lib/legacy/canonical-json';

export type FieldDifference = { field: string; legacyValue: JsonValue | undefined; dbValue: JsonValue | undefined };

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Leaf-level differences between the legacy record and its rebuild from PostgreSQL, as dotted paths
 * (`metadata.poolId`, `documents.id.size`; `$` for a scalar record). Member order is ignored.
 */
export function fieldDiff(legacy: JsonValue | undefined, db: JsonValue | undefined, path = ''): FieldDifference[] {
  if (isObject(legacy) && isObject(db)) {
    const keys = [...new Set([...Object.keys(legacy), ...Object.keys(db)])];
    return keys.flatMap((key) => fieldDiff(legacy[key], db[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(legacy) && Array.isArray(db) && legacy.length === db.length) {
    return legacy.flatMap((item, index) => fieldDiff(item, db[index], `${path}[${index}]`));
  }
  if (JSON.stringify(legacy) === JSON.stringify(db)) return [];
  return [{ field: path || '$', legacyValue: legacy, dbValue: db }];
}
