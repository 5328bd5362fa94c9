import { describe, expect, it } from 'vitest';
import { canonicalJson, recordHash, type JsonValue } from '@/lib/legacy/canonical-json';
import { integer, json, text } from './codecs';
import { allColumns, decodeRow, encodeRecord, type SourceMapping, type StoredRow } from './source-mapping';

const mapping: SourceMapping = {
  source: 'server-logs',
  table: 'server_logs',
  fields: [
    { field: 'type', column: 'type', codec: text, required: true },
    { field: 'count', column: 'count', codec: integer },
    { field: 'data', column: 'data', codec: json },
  ],
};

function record(value: JsonValue) {
  return { key: 'k1', position: 0, value, hash: recordHash(value) };
}

/** What PostgreSQL would hand back for the encoded values (texts unchanged for these codecs, jsonb re-sorted). */
function storedRow(values: Array<string | null>): StoredRow {
  const row = Object.fromEntries(allColumns(mapping).map((column, index) => [column, values[index]])) as StoredRow;
  row.data = row.data === null ? null : JSON.stringify(JSON.parse(row.data as string));
  return row;
}

function roundTrip(value: JsonValue): JsonValue {
  const encoded = encodeRecord(mapping, record(value));
  if (encoded.kind !== 'row') throw new Error(encoded.reason);
  return decodeRow(mapping, storedRow(encoded.values));
}

describe('encodeRecord / decodeRow', () => {
  it('rebuilds a record byte for byte, member order included', () => {
    const value = JSON.parse('{"count":3,"type":"x","data":{"zeta":1,"a":[{"b":1,"a":2}]},"note":null}') as JsonValue;
    expect(JSON.stringify(roundTrip(value))).toBe(JSON.stringify(value));
  });

  it('keeps missing and null apart', () => {
    expect(roundTrip({ type: 'x' })).toEqual({ type: 'x' });
    expect(JSON.stringify(roundTrip({ type: 'x', count: null }))).toBe('{"type":"x","count":null}');
  });

  it('keeps a value its codec cannot store in extra, unchanged', () => {
    expect(JSON.stringify(roundTrip({ type: 'x', count: 2.5 }))).toBe('{"type":"x","count":2.5}');
    expect(JSON.stringify(roundTrip({ type: 'x', count: '7' }))).toBe('{"type":"x","count":"7"}');
  });

  it('keeps members named __proto__ as members', () => {
    const value = JSON.parse('{"type":"x","__proto__":{"polluted":true},"data":{"__proto__":1,"b":2}}') as JsonValue;
    const rebuilt = roundTrip(value);
    expect(canonicalJson(rebuilt)).toBe(canonicalJson(value));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('quarantines with a reason: missing required field, non-object record, NUL, lone surrogate', () => {
    expect(encodeRecord(mapping, record({ count: 1 }))).toEqual({ kind: 'quarantine', reason: 'type: missing' });
    expect(encodeRecord(mapping, record({ type: 5 }))).toEqual({ kind: 'quarantine', reason: 'type: 5 is not a valid value' });
    expect(encodeRecord(mapping, record(['x']))).toMatchObject({ kind: 'quarantine', reason: 'record is an array, not an object' });
    expect(encodeRecord(mapping, record({ type: 'a\u0000b' }))).toMatchObject({ reason: /NUL character/ });
    expect(encodeRecord(mapping, record({ type: 'x', data: '\ud800' }))).toMatchObject({ reason: /unpaired UTF-16 surrogate/ });
  });
});
