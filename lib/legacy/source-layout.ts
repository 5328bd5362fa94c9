import type { JsonValue } from './canonical-json';

/**
 * Where a source keeps its records inside the file.
 * - `map`: the top-level object; each member is a record keyed by its name (`wallet-db.json`).
 * - `array`: a top-level array, or the same array wrapped as `{ "<wrapKey>": [ ... ] }`. Both forms
 *   occur in the legacy data; `preferred` is the form written when the file has no form of its own
 *   yet (missing, or an empty `{}`/`[]`).
 * - `single`: the whole top-level object is one record (`live-stats.json`), known by `key`.
 */
export type SourceLayout = { container: 'map' } | { container: 'array'; wrapKey: string; preferred: 'wrapped' | 'flat' } | { container: 'single'; key: string };

/**
 * Everything in a legacy file except its records, so that the file can be written back exactly.
 * It is plain JSON, so it can be stored next to a manifest.
 * - `missing`: there is no file.
 * - `empty`: the file is an empty `{}` or `[]` (the legacy 3-byte files). Once records exist, the
 *   source's preferred form is written instead.
 * - `flat`: the records are the top-level container itself.
 * - `wrapped`: the records are the array under `key`; `before` and `after` are the other top-level
 *   members, in file order, around it.
 * - `single`: the file is the one record.
 */
export type SourceEnvelope =
  | { variant: 'missing' }
  | { variant: 'empty'; text: '{}' | '[]' }
  | { variant: 'flat' }
  | { variant: 'wrapped'; before: [string, JsonValue][]; key: string; after: [string, JsonValue][] }
  | { variant: 'single' };

export type SourceVariant = SourceEnvelope['variant'];

/** The form a source is written in when it has none of its own. */
export function defaultEnvelope(layout: SourceLayout): SourceEnvelope {
  if (layout.container === 'single') return { variant: 'single' };
  if (layout.container === 'array' && layout.preferred === 'wrapped') {
    return { variant: 'wrapped', before: [], key: layout.wrapKey, after: [] };
  }
  return { variant: 'flat' };
}
