import { describe, expect, it } from 'vitest';
import type { JsonValue } from './canonical-json';
import { RecordSplitter, SourceShapeError } from './record-splitter';
import type { SourceEnvelope, SourceLayout } from './source-layout';

const flatArray: SourceLayout = { container: 'array', wrapKey: 'logs', preferred: 'flat' };
const map: SourceLayout = { container: 'map' };
const single: SourceLayout = { container: 'single', key: 'stats' };

type Split = { records: [JsonValue, string | null][]; envelope: SourceEnvelope };

function split(layout: SourceLayout, pieces: string[]): Split {
  const records: [JsonValue, string | null][] = [];
  const splitter = new RecordSplitter(layout, (value, name) => records.push([value, name]));
  for (const piece of pieces) splitter.write(piece);
  return { records, envelope: splitter.end() };
}

/** The text whole, cut in two at every position, and one character per piece. */
function piecings(text: string): string[][] {
  const cuts = Array.from({ length: text.length + 1 }, (_, at) => [text.slice(0, at), text.slice(at)]);
  return [[text], ...cuts, [...text.split(''), '']];
}

function splitError(layout: SourceLayout, pieces: string[]): unknown {
  try {
    split(layout, pieces);
  } catch (error) {
    return error;
  }
  return null;
}

// Cuts fall inside strings, escapes (`\"`, `\\`, `\u0000`), surrogate pairs, numbers, literals and names.
const arrayText = `[ {"id": 1, "s": "a\\"b\\\\c", "n": null, "e": ""},\n\t[1, [-2.5e+3, {}], []],\r\n "x\\u0000\\ud800é😀}]",
  -0.25E-2, 0, 10, true, false, null, {"__proto__": {"k": "v"}}, {}, [] ]\n`;

describe('RecordSplitter: records as JSON.parse reads them, however the text is cut', () => {
  it('a flat array of every kind of value', () => {
    for (const pieces of piecings(arrayText)) {
      const { records, envelope } = split(flatArray, pieces);
      expect(records, pieces.join('|')).toEqual((JSON.parse(arrayText) as JsonValue[]).map((value) => [value, null]));
      expect(envelope).toEqual({ variant: 'flat' });
      const proto = records[9][0] as Record<string, JsonValue>;
      expect(Object.hasOwn(proto, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    }
  });

  it('a map, in file order though names are integer-like', () => {
    const text = '{"0xb": "0xAbC", "10": 1, "__proto__": {"__proto__": null}, "a\\"b\\u00e9": [true], "2": "}"}';
    for (const pieces of piecings(text)) {
      const { records, envelope } = split(map, pieces);
      expect(
        records.map(([, name]) => name),
        pieces.join('|'),
      ).toEqual(['0xb', '10', '__proto__', 'a"bé', '2']);
      expect(Object.fromEntries(records.map(([value, name]) => [name, value]))).toEqual(JSON.parse(text));
      expect(envelope).toEqual({ variant: 'flat' });
    }
  });

  it('a wrapped array with members before and after it', () => {
    const text = '{"version": 2, "10": [1], "logs": [{"a": "]"}, "[", 12], "after\\"": {"k": [true]}, "version": 3}';
    for (const pieces of piecings(text)) {
      expect(split(flatArray, pieces), pieces.join('|')).toEqual({
        records: [
          [{ a: ']' }, null],
          ['[', null],
          [12, null],
        ],
        envelope: {
          variant: 'wrapped',
          before: [
            ['version', 2],
            ['10', [1]],
          ],
          key: 'logs',
          after: [
            ['after"', { k: [true] }],
            ['version', 3],
          ],
        },
      });
    }
  });

  it('a single record', () => {
    const text = '{"blockHeight": 300, "nav": "1.0123", "2": null}';
    for (const pieces of piecings(text)) {
      expect(split(single, pieces), pieces.join('|')).toEqual({ records: [[JSON.parse(text), null]], envelope: { variant: 'single' } });
    }
  });

  it.each([
    [flatArray, '[]', '[]'],
    [flatArray, ' { \n} ', '{}'],
    [map, '{}', '{}'],
    [map, '[ ]', '[]'],
    [single, '\t{}\r\n', '{}'],
    [single, '[]', '[]'],
  ])('an empty file (%o %j)', (layout, text, empty) => {
    for (const pieces of piecings(text)) expect(split(layout, pieces)).toEqual({ records: [], envelope: { variant: 'empty', text: empty } });
  });

  it('an empty wrapped array', () => {
    expect(split(flatArray, ['{"logs":[]}'])).toEqual({ records: [], envelope: { variant: 'wrapped', before: [], key: 'logs', after: [] } });
  });

  it('a record longer than many pieces', () => {
    const long = { text: 'y'.repeat(5000), escapes: '\\"'.repeat(500), items: Array.from({ length: 500 }, (_, n) => ({ n })) };
    const text = JSON.stringify([long, long]);
    const pieces = Array.from({ length: Math.ceil(text.length / 97) }, (_, n) => text.slice(n * 97, n * 97 + 97));
    expect(split(flatArray, pieces).records).toEqual([
      [long, null],
      [long, null],
    ]);
  });
});

describe('RecordSplitter: invalid JSON', () => {
  it.each([
    ['[1,]', flatArray],
    ['[1 2]', flatArray],
    ['[,1]', flatArray],
    ['[1,,2]', flatArray],
    ['[1}', flatArray],
    ['[{}{}]', flatArray],
    ['[[]]]', flatArray],
    ['["a" "b"]', flatArray],
    ['[true false]', flatArray],
    ['[nulls]', flatArray],
    ['[1.]', flatArray],
    ['[-]', flatArray],
    ['[01]', flatArray],
    ['["\\x"]', flatArray],
    ['["a\u0001"]', flatArray],
    ['[1\u000b]', flatArray],
    ['[1\u00a0]', flatArray],
    ['[1]x', flatArray],
    ['[1] [2]', flatArray],
    ['[1]\u2028', flatArray],
    ['[', flatArray],
    ['[1', flatArray],
    ['[1,{"a":"\\"}]', flatArray],
    ['\ufeff[]', flatArray],
    ['', flatArray],
    ['  \n', flatArray],
    ['{"logs":[1,]}', flatArray],
    ['{"logs":[1] "x": 2}', flatArray],
    ['{"a":1,}', map],
    ['{"a" 1}', map],
    ['{"a"::1}', map],
    ['{"a":1 "b":2}', map],
    ['{"a":1]', map],
    ['{,}', map],
    ['{1:2}', map],
    ["{'a':1}", map],
    ['{"a\n":1}', map],
    ['{"a":tru}', map],
    ['{"a":}', map],
    ['{"a":1', map],
    ['{} {}', map],
    ['{"a":1}}', single],
    ['nul', map],
    ['x', map],
  ])('rejects %j', (text, layout) => {
    expect(() => JSON.parse(text)).toThrow();
    for (const pieces of piecings(text)) {
      const error = splitError(layout, pieces);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(SourceShapeError);
    }
  });

  it('accepts exactly what JSON.parse accepts, for every one-character change of a document', () => {
    const text = '{"a": [1, -2.5e3, "x\\"y", {"b": null}], "c": true}';
    const mutations = new Set<string>();
    for (let at = 0; at <= text.length; at++) {
      mutations.add(text.slice(0, at) + text.slice(at + 1));
      for (const c of '{}[]",:\\ \t0-.eEa') {
        mutations.add(text.slice(0, at) + c + text.slice(at + 1));
        mutations.add(text.slice(0, at) + c + text.slice(at));
      }
    }
    for (const mutated of mutations) {
      let valid = true;
      try {
        JSON.parse(mutated);
      } catch {
        valid = false;
      }
      for (const pieces of [[mutated], [...mutated.split(''), '']]) {
        const error = splitError(map, pieces);
        // A shape error is thrown as soon as it is seen, so it may come before the part that is invalid.
        if (valid) expect(error === null || error instanceof SourceShapeError, mutated).toBe(true);
        else expect(error, mutated).toBeInstanceOf(Error);
      }
    }
  });
});

describe('RecordSplitter: shapes the source never had', () => {
  it.each([
    [map, '"0xabc"', 'expected a JSON object or array at the top level'],
    [map, '12', 'expected a JSON object or array at the top level'],
    [map, 'null ', 'expected a JSON object or array at the top level'],
    [map, '[1, 2]', 'expected a JSON object at the top level, found a non-empty array'],
    [single, '[{}]', 'expected a JSON object at the top level, found a non-empty array'],
    [map, '{"0xa": "x", "0xa": "y"}', 'duplicate key "0xa" at the top level'],
    [map, '{"a": 1, "\\u0061": 2}', 'duplicate key "a" at the top level'],
    [flatArray, '{"entries": []}', 'expected the records under "logs", but the file has no such key'],
    [flatArray, '{"logs": {}}', '"logs" is not an array'],
    [flatArray, '{"logs": "[]"}', '"logs" is not an array'],
    [flatArray, '{"logs": [], "logs": []}', 'duplicate key "logs" at the top level'],
  ])('rejects %o %j', (layout, text, message) => {
    for (const pieces of piecings(text)) {
      const error = splitError(layout, pieces);
      expect(error).toBeInstanceOf(SourceShapeError);
      expect((error as SourceShapeError).message).toBe(message);
    }
  });
});
