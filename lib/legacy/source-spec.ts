import type { z } from 'zod';
import type { JsonValue } from './canonical-json';
import type { SourceLayout } from './source-layout';

// The shapes the adapter and its read session share, apart from both so neither imports the other.

/**
 * One record of a legacy source.
 * - `key`: the record's natural legacy key, unique within the source: the member name in a map
 *   file (identity hash, pool id), the id or hash a row carries in an array file, or the array
 *   index (as a string) where rows have no identity of their own. See each source for which.
 * - `position`: 0-based place in the file, which the rollback writes back.
 * - `hash`: SHA-256 of the record's canonical JSON (`recordHash`).
 */
export type LegacyRecord = { key: string; position: number; value: JsonValue; hash: string };

export type SourceSpec<Id extends string = string, Schema extends z.ZodType = z.ZodType> = {
  /** Stable id, stored as `legacy_source` on every row that came from this file. */
  id: Id;
  /** Path below the legacy server's data folder (`server/`). */
  relativePath: string;
  layout: SourceLayout;
  /** The documented shape of one record; records are read whatever their shape, this only judges them. */
  recordSchema: Schema;
  /** Array layouts: the key a row carries, or null for a row without one (keyed `#<index>`). Without it, rows are keyed by index. */
  naturalKey?: (value: JsonValue) => string | null;
};
