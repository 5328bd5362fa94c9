import type { JsonValue } from '@/lib/legacy/canonical-json';
import { OPEN_BRACE, OPEN_BRACKET } from '@/lib/legacy/json-bytes';
import type { SourceEnvelope } from '@/lib/legacy/source-layout';
import type { SourceAdapter } from '@/lib/legacy/source-adapter';
import { findContainerSpans, type RecordSpanWithMembers } from './record-spans';

/** A legacy array file whose records can be removed, replaced and appended by splicing its bytes. */
export type SpliceableFile = {
  bytes: Buffer;
  /** Every record in file order, with the value spans of the members asked for. */
  spans: RecordSpanWithMembers[];
  /** Indentation of a record's first line (and of its later lines' base). */
  pad: string;
  /** The file's bytes with no records: what the whole-file writer writes once every record is removed. */
  emptyFile: Buffer;
};

/** What a splice does: the records removed and replaced (by index in the file), and the values appended after the last one. */
export type RecordSplice = { removed: ReadonlySet<number>; replaced: ReadonlyMap<number, JsonValue>; appended: readonly JsonValue[] };

// Stands in for the records while the serializer lays out the file around them; it cannot occur in any legacy value's text.
const PLACEHOLDER = '\u0000records\u0000';

/**
 * The file's records found by one scan of its bytes (decision 083), when the file is in the layout the legacy
 * server and `adapter.serialize` write everywhere but inside the records: the bytes before the first record and
 * after the last are what the serializer writes around them for this envelope, and the records are separated
 * by exactly `,\n` and their indentation. Splicing then gives the bytes the whole-file writer gives (for records
 * in that layout themselves). Null otherwise (no file, no record, another layout, bytes the scanner cannot
 * read): the caller parses and rewrites the whole file, which reports a malformed one and restores the layout.
 */
export function readSpliceableFile(adapter: SourceAdapter, bytes: Buffer | null, members: readonly string[]): SpliceableFile | null {
  if (bytes === null || adapter.layout.container !== 'array') return null;
  const first = bytes[0];
  const scanned: SourceEnvelope | null =
    first === OPEN_BRACKET ? { variant: 'flat' } : first === OPEN_BRACE ? { variant: 'wrapped', before: [], key: adapter.layout.wrapKey, after: [] } : null;
  if (!scanned) return null;
  const container = findContainerSpans(bytes, scanned, members);
  if (!container || container.spans.length === 0) return null;
  const { spans } = container;

  // The other members of a wrapped file are small: parsed from the file without its records.
  const envelope = scanned.variant === 'flat' ? scanned : parseEnvelope(adapter, bytes, container.open, container.close);
  if (!envelope) return null;
  const laidOut = adapter.serialize([{ key: '', position: 0, value: PLACEHOLDER, hash: '' }], envelope).toString('utf8');
  const at = laidOut.indexOf(JSON.stringify(PLACEHOLDER));
  const before = Buffer.from(laidOut.slice(0, at), 'utf8');
  const after = Buffer.from(laidOut.slice(at + JSON.stringify(PLACEHOLDER).length), 'utf8');
  if (!bytes.subarray(0, spans[0].start).equals(before) || !bytes.subarray(spans[spans.length - 1].end).equals(after)) return null;
  const pad = laidOut.slice(laidOut.lastIndexOf('\n', at) + 1, at);
  const separator = Buffer.from(`,\n${pad}`, 'utf8');
  for (let index = 1; index < spans.length; index++) {
    if (separator.compare(bytes, spans[index - 1].end, spans[index].start) !== 0) return null;
  }
  return { bytes, spans, pad, emptyFile: adapter.serialize([], envelope) };
}

function parseEnvelope(adapter: SourceAdapter, bytes: Buffer, open: number, close: number): SourceEnvelope | null {
  try {
    const { envelope } = adapter.parse(Buffer.concat([bytes.subarray(0, open + 1), bytes.subarray(close)]));
    return envelope.variant === 'wrapped' ? envelope : null;
  } catch {
    return null;
  }
}

/**
 * The file with the splice applied: kept records keep their bytes (runs of them are copied as one slice),
 * replaced and appended ones are written as `JSON.stringify(value, null, 2)` at their indentation, as the
 * legacy server writes them.
 */
export function spliceRecords(file: SpliceableFile, { removed, replaced, appended }: RecordSplice): Buffer {
  const { bytes, spans, pad } = file;
  const pieces: Buffer[] = [bytes.subarray(0, spans[0].start)];
  const separator = Buffer.from(`,\n${pad}`, 'utf8');
  let written = 0;
  let run = -1;
  const closeRun = (upTo: number) => {
    if (run < 0) return;
    pieces.push(bytes.subarray(spans[run].start, spans[upTo].end));
    run = -1;
  };
  const add = (piece: Buffer) => {
    if (written > 0) pieces.push(separator);
    pieces.push(piece);
    written += 1;
  };
  for (let index = 0; index < spans.length; index++) {
    if (removed.has(index) || replaced.has(index)) {
      closeRun(index - 1);
      if (!removed.has(index)) add(recordText(replaced.get(index) as JsonValue, pad));
      continue;
    }
    if (run < 0) {
      if (written > 0) pieces.push(separator);
      run = index;
      written += 1;
    }
  }
  closeRun(spans.length - 1);
  for (const value of appended) add(recordText(value, pad));
  if (written === 0) return file.emptyFile;
  pieces.push(bytes.subarray(spans[spans.length - 1].end));
  return Buffer.concat(pieces);
}

function recordText(value: JsonValue, pad: string): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`), 'utf8');
}

/**
 * Every record's key as `adapter.parse` keys it (the natural key read from the `keyMember` span, `#<index>`
 * without one, the index for a source without natural keys, a repeated key suffixed `#2`, `#3`…), and the string value of each of `members` ('' when
 * absent or not a string). Throws a SyntaxError when a member's bytes are no JSON.
 */
export function spliceableRecords<Member extends string>(
  adapter: SourceAdapter,
  file: SpliceableFile,
  keyMember: string,
  members: readonly Member[],
): Array<{ key: string } & Record<Member, string>> {
  const seen = new Set<string>();
  const parseMember = (span: RecordSpanWithMembers, name: string): JsonValue | undefined => {
    const range = span.members.get(name);
    return range ? (JSON.parse(file.bytes.toString('utf8', range.start, range.end)) as JsonValue) : undefined;
  };
  return file.spans.map((span, index) => {
    const keyValue = parseMember(span, keyMember);
    const natural = adapter.naturalKey ? ((keyValue === undefined ? null : adapter.naturalKey({ [keyMember]: keyValue })) ?? `#${index}`) : String(index);
    let key = natural;
    for (let n = 2; seen.has(key); n++) key = `${natural}#${n}`;
    seen.add(key);
    const record = { key } as { key: string } & Record<Member, string>;
    for (const name of members) {
      const value = parseMember(span, name);
      (record as Record<string, string>)[name] = typeof value === 'string' ? value : '';
    }
    return record;
  });
}

/** The value of the record at `index`, parsed from its span. */
export function spliceableValue(file: SpliceableFile, index: number): JsonValue {
  const { start, end } = file.spans[index];
  return JSON.parse(file.bytes.toString('utf8', start, end)) as JsonValue;
}
