import { canonicalEqual, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceId } from '@/lib/legacy/sources';
import { jsonbOrder, type Codec } from './codecs';
import type { IdentitySeenIn } from './record-identities';
import { applyOrder, orderPatch, type OrderPatch } from './record-layout';
import { maskSealedPii, sealPii, unsealPii } from './sealed-pii';

/** One legacy field stored in typed columns. A `required` field that cannot be stored quarantines the record. */
export type FieldMapping = { field: string; column: string; codec: Codec; required?: boolean };

/**
 * How one legacy source maps onto its table. Object records map field by field (mapping order is
 * the legacy server's member order); scalar records (wallet-db: identity → address) use `root`.
 * Anything not mapped, or not storable exactly by its codec, is kept verbatim in `extra`.
 */
export type SourceMapping = {
  source: SourceId;
  table: string;
  root?: { column: string; codec: Codec };
  fields: FieldMapping[];
  /** For a table whose rows belong to an identity (its `identity_hash` column): the `identities` flag it sets. */
  identitySeenIn?: IdentitySeenIn;
  /** For a table whose `block_number` references `chain_block_numbers` (decision 081): its numbers are recorded like identities. */
  namesBlockNumbers?: true;
};

export const PROVENANCE_COLUMNS = ['legacy_key', 'legacy_position', 'legacy_hash', 'legacy_layout', 'extra'] as const;

/** The key under which `extra` keeps a scalar record that its root codec could not store. */
const ROOT_EXTRA_KEY = '$root';

export type EncodedRow = { kind: 'row'; values: Array<string | null> };
export type Quarantined = { kind: 'quarantine'; reason: string };

type ColumnPlan = { name: string; sqlType: string; select: string; codecIndex: number; slot: number };

const plans = new WeakMap<SourceMapping, ColumnPlan[]>();

/** Every typed column of a mapping, in COPY order, with the field (or root) it belongs to; computed once per mapping. */
export function columnPlan(mapping: SourceMapping): ColumnPlan[] {
  let plan = plans.get(mapping);
  if (!plan) {
    const codecs = mapping.root ? [{ column: mapping.root.column, codec: mapping.root.codec }] : mapping.fields;
    plan = codecs.flatMap((entry, codecIndex) => entry.codec.columns(entry.column).map((column, slot) => ({ ...column, codecIndex, slot })));
    plans.set(mapping, plan);
  }
  return plan;
}

const columnCounts = new WeakMap<SourceMapping, number[]>();

/** How many typed columns each field (or the root) has; computed once per mapping. */
function columnCountsOf(mapping: SourceMapping): number[] {
  let counts = columnCounts.get(mapping);
  if (!counts) {
    counts = [];
    for (const column of columnPlan(mapping)) counts[column.codecIndex] = (counts[column.codecIndex] ?? 0) + 1;
    columnCounts.set(mapping, counts);
  }
  return counts;
}

const mappedFields = new WeakMap<SourceMapping, ReadonlySet<string>>();

/** The legacy fields a mapping stores in typed columns; computed once per mapping. */
function mappedFieldsOf(mapping: SourceMapping): ReadonlySet<string> {
  let fields = mappedFields.get(mapping);
  if (!fields) {
    fields = new Set(mapping.fields.map((field) => field.field));
    mappedFields.set(mapping, fields);
  }
  return fields;
}

export function allColumns(mapping: SourceMapping): string[] {
  return [...PROVENANCE_COLUMNS, ...columnPlan(mapping).map((column) => column.name)];
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Encoded = { typed: Array<Array<string | null> | null>; extra: JsonObject };

function encodeValue(mapping: SourceMapping, value: JsonValue): Encoded | Quarantined {
  if (mapping.root) {
    const typed = mapping.root.codec.encode(value);
    return typed ? { typed: [typed], extra: {} } : { typed: [null], extra: Object.fromEntries([[ROOT_EXTRA_KEY, value]]) as JsonObject };
  }
  if (!isObject(value)) return { kind: 'quarantine', reason: `record is ${Array.isArray(value) ? 'an array' : typeof value}, not an object` };
  const mapped = mappedFieldsOf(mapping);
  const extraEntries: Array<[string, JsonValue]> = [];
  const typed: Encoded['typed'] = [];
  for (const field of mapping.fields) {
    if (!Object.hasOwn(value, field.field)) {
      if (field.required) return { kind: 'quarantine', reason: `${field.field}: missing` };
      typed.push(null);
      continue;
    }
    const encoded = field.codec.encode(value[field.field]);
    if (!encoded) {
      if (field.required)
        return {
          kind: 'quarantine',
          reason: `${field.field}: ${JSON.stringify(maskSealedPii(sealPii(value[field.field], field.field))).slice(0, 80)} is not a valid value`,
        };
      extraEntries.push([field.field, value[field.field]]);
    }
    typed.push(encoded ?? null);
  }
  for (const [key, member] of Object.entries(value)) if (!mapped.has(key)) extraEntries.push([key, member]);
  return { typed, extra: Object.fromEntries(extraEntries) as JsonObject };
}

/** Rebuilds the legacy record from typed column texts (as selected) and `extra`, before layout. */
function assemble(mapping: SourceMapping, typed: Array<Array<string | null> | null>, extra: JsonObject): JsonValue {
  if (mapping.root) {
    return Object.hasOwn(extra, ROOT_EXTRA_KEY) ? extra[ROOT_EXTRA_KEY] : mapping.root.codec.decode(typed[0]!);
  }
  const record: JsonObject = {};
  mapping.fields.forEach((field, index) => {
    const texts = typed[index];
    if (Object.hasOwn(extra, field.field)) setMember(record, field.field, extra[field.field]);
    else if (texts && texts.some((text) => text !== null)) setMember(record, field.field, field.codec.decode(texts));
  });
  for (const key in extra) if (!Object.hasOwn(record, key)) setMember(record, key, extra[key]);
  return record;
}

// Never a bare `record[key] =` for "__proto__": that would set the prototype, and the member would be lost.
function setMember(record: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

function echoed(mapping: SourceMapping, encoded: Encoded): Encoded {
  const codecs = mapping.root ? [mapping.root.codec] : mapping.fields.map((field) => field.codec);
  return {
    typed: encoded.typed.map((texts, index) => (texts && codecs[index].echo ? codecs[index].echo!(texts) : texts)),
    extra: jsonbEcho(encoded.extra),
  };
}

// `extra` is jsonb: its members come back sorted at every depth, so the layout patch must see that
// order to restore the legacy one (nested objects included).
function jsonbEcho(value: JsonObject): JsonObject {
  if (Object.keys(value).length === 0) return {};
  return JSON.parse(JSON.stringify(jsonbOrder(value))) as JsonObject;
}

/**
 * Encodes one record into COPY values (provenance first, then typed columns), proving in memory
 * that the stored form rebuilds the record exactly; a record that would not is quarantined.
 */
export function encodeRecord(mapping: SourceMapping, record: LegacyRecord): EncodedRow | Quarantined {
  const unstorable = unstorableText(record.value);
  if (unstorable) return { kind: 'quarantine', reason: unstorable };
  const encoded = encodeValue(mapping, record.value);
  if ('kind' in encoded) return encoded;
  const fromDatabase = echoed(mapping, encoded);
  const rebuilt = assemble(mapping, fromDatabase.typed, fromDatabase.extra);
  if (!canonicalEqual(rebuilt, record.value)) {
    return { kind: 'quarantine', reason: 'cannot be stored exactly by the mapping' };
  }
  const order = orderPatch(record.value, rebuilt);
  const layout = order ? JSON.stringify({ order }) : null;
  const values: Array<string | null> = [record.key, String(record.position), record.hash, layout, JSON.stringify(sealPii(encoded.extra))];
  const counts = columnCountsOf(mapping);
  encoded.typed.forEach((texts, index) => {
    if (texts) for (const text of texts) values.push(text);
    else for (let slot = 0; slot < counts[index]; slot++) values.push(null);
  });
  return { kind: 'row', values };
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and UTF-8 cannot hold an unpaired UTF-16 surrogate:
 * such a record is quarantined (its raw text keeps them as JSON escapes) instead of failing the COPY.
 */
function unstorableText(value: JsonValue): string | null {
  if (typeof value === 'string') return unstorableString(value);
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const reason = unstorableText(item);
      if (reason) return reason;
    }
    return null;
  }
  for (const key in value) {
    const reason = unstorableString(key) ?? unstorableText(value[key]);
    if (reason) return reason;
  }
  return null;
}

// One regex pass spares the precise checks on almost every string.
const NUL_OR_SURROGATE = /[\u0000\ud800-\udfff]/;

function unstorableString(text: string): string | null {
  if (!NUL_OR_SURROGATE.test(text)) return null;
  if (text.includes('\u0000')) return 'contains a NUL character, which PostgreSQL cannot store';
  if (!text.isWellFormed()) return 'contains an unpaired UTF-16 surrogate, which UTF-8 cannot store';
  return null;
}

export type StoredRow = {
  legacy_key: string;
  legacy_position: number;
  legacy_hash: string;
  legacy_layout: string | null;
  extra: string;
  [column: string]: unknown;
};

/** The legacy record rebuilt from a row selected with `selectList(mapping)`. */
export function decodeRow(mapping: SourceMapping, row: StoredRow): JsonValue {
  const plan = columnPlan(mapping);
  const codecCount = mapping.root ? 1 : mapping.fields.length;
  const typed: Array<Array<string | null>> = Array.from({ length: codecCount }, () => []);
  for (const column of plan) typed[column.codecIndex][column.slot] = (row[column.name] as string | null) ?? null;
  const assembled = assemble(mapping, typed, unsealPii(JSON.parse(row.extra) as JsonValue) as JsonObject);
  const layout = row.legacy_layout ? (JSON.parse(row.legacy_layout) as { order?: OrderPatch }) : null;
  return applyOrder(assembled, layout?.order);
}

/** SELECT list that yields `StoredRow`s for `decodeRow`. */
export function selectList(mapping: SourceMapping): string {
  const typed = columnPlan(mapping).map((column) => `${column.select} AS "${column.name}"`);
  return ['legacy_key', 'legacy_position', 'legacy_hash', 'legacy_layout::text AS legacy_layout', 'extra::text AS extra', ...typed].join(', ');
}
