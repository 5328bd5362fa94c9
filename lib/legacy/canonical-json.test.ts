import { describe, expect, it } from 'vitest';
import { canonicalEqual, canonicalJson, recordHash, sha256Hex, type JsonValue } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object members by key at every depth and keeps array order', () => {
    const value = { b: [3, 1, { z: 1, a: 2 }], a: { d: null, c: true } };
    expect(canonicalJson(value)).toBe('{"a":{"c":true,"d":null},"b":[3,1,{"a":2,"z":1}]}');
  });

  it('orders keys by UTF-16 code units, not by locale or integer value', () => {
    expect(canonicalJson({ b: 1, B: 2, '10': 3, '9': 4, é: 5, '': 6 })).toBe('{"":6,"10":3,"9":4,"B":2,"b":1,"é":5}');
  });

  it('writes numbers and strings exactly as JSON.stringify does', () => {
    expect(canonicalJson([1.0, 1e21, 0.1, -5, 9007199254740991, 1.5e-7])).toBe('[1,1e+21,0.1,-5,9007199254740991,1.5e-7]');
    expect(canonicalJson(['a"b\\c\n\u0001', 'مزرعة 🌾', '2025-11-30T23:59:59.000Z'])).toBe(
      JSON.stringify(['a"b\\c\n\u0001', 'مزرعة 🌾', '2025-11-30T23:59:59.000Z']),
    );
  });

  it('sorts each object by its own names, also when names containing U+0000 make two name lists join alike', () => {
    // Both name lists join (with U+0000) to "a\0b\0c".
    const first = JSON.parse('{"a\\u0000b":1,"c":2}') as JsonValue;
    const second = JSON.parse('{"a":1,"b\\u0000c":2}') as JsonValue;
    expect(canonicalJson(first)).toBe('{"a\\u0000b":1,"c":2}');
    expect(canonicalJson(second)).toBe('{"a":1,"b\\u0000c":2}');
    expect(canonicalJson(first)).toBe('{"a\\u0000b":1,"c":2}');
  });

  it('is the same for the same value parsed from differently formatted text', () => {
    const compact = JSON.parse('{"id":1.0,"tags":["x"],"meta":{"b":2,"a":1}}');
    const indented = JSON.parse('{\n    "meta": { "a": 1, "b": 2 },\n    "tags": [ "x" ],\n    "id": 1\n}');
    expect(canonicalJson(indented)).toBe(canonicalJson(compact));
    expect(recordHash(indented)).toBe(recordHash(compact));
  });

  it('keeps distinct values distinct: string vs number, date spellings, empty containers', () => {
    expect(recordHash('1')).not.toBe(recordHash(1));
    expect(recordHash('2025-01-01T00:00:00Z')).not.toBe(recordHash('2025-01-01T00:00:00.000Z'));
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });
});

describe('canonicalEqual', () => {
  const values: JsonValue[] = [
    null,
    0,
    -0,
    1,
    '1',
    '',
    true,
    false,
    [],
    {},
    [1, 2],
    [2, 1],
    [1, [2]],
    { a: 1 },
    { a: '1' },
    { a: 1, b: 2 },
    { b: 2, a: 1 },
    { a: { b: [1, { c: null }] } },
    { a: { b: [1, { c: false }] } },
    { b: 1 },
    JSON.parse('{"__proto__":{"x":1}}'),
    JSON.parse('{"__proto__":{"x":2}}'),
    { x: 1 },
  ];

  it('agrees with comparing canonical texts for every pair of a varied set of values', () => {
    for (const a of values) {
      for (const b of values) {
        expect(canonicalEqual(a, b), `${canonicalJson(a)} vs ${canonicalJson(b)}`).toBe(canonicalJson(a) === canonicalJson(b));
      }
    }
  });
});

describe('sha256Hex', () => {
  it('hashes text as UTF-8 and bytes as they are', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
    expect(sha256Hex('é')).toBe(sha256Hex(Buffer.from([0xc3, 0xa9])));
  });
});
