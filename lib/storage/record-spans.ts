import * as jsonBytes from '@/lib/legacy/json-bytes';
import type { SourceEnvelope } from '@/lib/legacy/source-layout';
// Copied into module constants once: compiled to CommonJS (tsx, Vitest), every use of an imported binding is a
// getter call, which made the byte loops below several times slower than `JSON.parse` on the same file.
const { TAB, LINE_FEED, CARRIAGE_RETURN, SPACE, QUOTE, COMMA, COLON, OPEN_BRACKET, BACKSLASH, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE } = jsonBytes;

/** Where one record sits in a legacy file's bytes: its value, and for a map member its name (the JSON string, quotes included). */
export type RecordSpan = { start: number; end: number; nameStart: number; nameEnd: number };

/** A byte range `[start, end)`. */
export type ByteRange = { start: number; end: number };

/** A record's span with the value spans of the top-level members asked for (absent when the record is no object or lacks the member). */
export type RecordSpanWithMembers = RecordSpan & { members: Map<string, ByteRange> };

/** The records' container: the offsets of its opening and closing bracket and every record in file order. */
export type ContainerSpans<Span extends RecordSpan = RecordSpan> = { open: number; close: number; spans: Span[] };

class NotTheShape extends Error {}

/**
 * The byte span of every record of a flat or wrapped legacy file, in file order, found by scanning
 * the skeleton and each value's nesting and string state only: no value is parsed, so a 100,000-record
 * file is delimited in one pass over its bytes. Structural characters are ASCII, and UTF-8 never uses
 * an ASCII byte inside a multi-byte character, so scanning bytes is exact. Returns null when the bytes
 * are not that shape (the caller then parses the whole file, which reports what is wrong).
 */
export function findRecordSpans(bytes: Buffer, envelope: SourceEnvelope): RecordSpan[] | null {
  return findContainerSpans(bytes, envelope)?.spans ?? null;
}

/**
 * `findRecordSpans` with the container's brackets, and with the value span of each named top-level member
 * of every record, found in the same scan (a member named twice: the last, as `JSON.parse` keeps).
 */
export function findContainerSpans(bytes: Buffer, envelope: SourceEnvelope): ContainerSpans | null;
export function findContainerSpans(bytes: Buffer, envelope: SourceEnvelope, members: readonly string[]): ContainerSpans<RecordSpanWithMembers> | null;
export function findContainerSpans(bytes: Buffer, envelope: SourceEnvelope, members?: readonly string[]): ContainerSpans | null {
  try {
    const scan = new SpanScanner(bytes, members);
    let index = scan.whitespace(0);
    if (envelope.variant === 'flat') return scan.records(index);
    if (envelope.variant !== 'wrapped') return null;
    scan.expect(index, OPEN_BRACE);
    index = scan.whitespace(index + 1);
    for (;;) {
      const nameEnd = scan.string(index);
      const name = JSON.parse(bytes.toString('utf8', index, nameEnd)) as string;
      index = scan.whitespace(nameEnd);
      scan.expect(index, COLON);
      index = scan.whitespace(index + 1);
      if (name === envelope.key) return scan.records(index);
      index = scan.whitespace(scan.value(index));
      scan.expect(index, COMMA);
      index = scan.whitespace(index + 1);
    }
  } catch (error) {
    if (error instanceof NotTheShape || error instanceof SyntaxError) return null;
    throw error;
  }
}

class SpanScanner {
  private readonly wanted: Set<string>;
  private readonly wantedLengths: Set<number>;

  constructor(
    private readonly bytes: Buffer,
    members: readonly string[] = [],
  ) {
    this.wanted = new Set(members);
    // A member name is decoded only when its quoted length is a wanted one's (or it holds an escape).
    this.wantedLengths = new Set(members.map((name) => Buffer.byteLength(JSON.stringify(name))));
  }

  /** The records of the container starting at `from`, with their wanted members. */
  records(from: number): ContainerSpans {
    const { spans, end } = this.container(from, this.wanted.size > 0);
    return { open: from, close: end - 1, spans };
  }

  expect(index: number, byte: number): void {
    if (this.bytes[index] !== byte) throw new NotTheShape();
  }

  whitespace(from: number): number {
    let index = from;
    for (;;) {
      const byte = this.bytes[index];
      if (byte !== SPACE && byte !== LINE_FEED && byte !== CARRIAGE_RETURN && byte !== TAB) return index;
      index += 1;
    }
  }

  /** The end (exclusive) of the string starting at `from`. */
  string(from: number): number {
    this.expect(from, QUOTE);
    // A byte loop: most strings are short (names, hashes), where a call to `indexOf` per string costs more than it saves.
    const bytes = this.bytes;
    const length = bytes.length;
    let index = from + 1;
    while (index < length) {
      const byte = bytes[index];
      if (byte === QUOTE) return index + 1;
      index += byte === BACKSLASH ? 2 : 1;
    }
    throw new NotTheShape();
  }

  /** The end (exclusive) of the value starting at `from`. */
  value(from: number): number {
    const first = this.bytes[from];
    if (first === QUOTE) return this.string(from);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      let index = from;
      for (;;) {
        const byte = this.bytes[index];
        if (byte === undefined || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte <= SPACE) break;
        index += 1;
      }
      if (index === from) throw new NotTheShape();
      return index;
    }
    let depth = 0;
    let index = from;
    for (;;) {
      const byte = this.bytes[index];
      if (byte === undefined) throw new NotTheShape();
      if (byte === QUOTE) {
        index = this.string(index);
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
      index += 1;
    }
  }

  /** The records of the array or object starting at `from`; with `withMembers`, each object record's members too. */
  container(from: number, withMembers = false): { spans: RecordSpan[]; end: number } {
    const open = this.bytes[from];
    if (open !== OPEN_BRACKET && open !== OPEN_BRACE) throw new NotTheShape();
    const close = open === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE;
    const spans: RecordSpan[] = [];
    let index = this.whitespace(from + 1);
    if (this.bytes[index] === close) return { spans, end: index + 1 };
    for (;;) {
      let nameStart = -1;
      let nameEnd = -1;
      if (open === OPEN_BRACE) {
        nameStart = index;
        nameEnd = this.string(index);
        index = this.whitespace(nameEnd);
        this.expect(index, COLON);
        index = this.whitespace(index + 1);
      }
      const span: RecordSpan = withMembers ? this.recordWithMembers(index) : { start: index, end: this.value(index), nameStart: -1, nameEnd: -1 };
      span.nameStart = nameStart;
      span.nameEnd = nameEnd;
      spans.push(span);
      const { end } = span;
      index = this.whitespace(end);
      if (this.bytes[index] === close) return { spans, end: index + 1 };
      this.expect(index, COMMA);
      index = this.whitespace(index + 1);
    }
  }

  /** The record starting at `from` with its wanted members: an object record is scanned member by member instead of skipped. */
  private recordWithMembers(from: number): RecordSpanWithMembers {
    const bytes = this.bytes;
    const members = new Map<string, ByteRange>();
    const record = { start: from, end: -1, nameStart: -1, nameEnd: -1, members };
    if (bytes[from] !== OPEN_BRACE) {
      record.end = this.value(from);
      return record;
    }
    let index = this.whitespace(from + 1);
    while (bytes[index] !== CLOSE_BRACE) {
      const nameEnd = this.string(index);
      const name = this.wantedName(index, nameEnd);
      index = this.whitespace(nameEnd);
      this.expect(index, COLON);
      index = this.whitespace(index + 1);
      const end = this.value(index);
      if (name !== null) members.set(name, { start: index, end });
      index = this.whitespace(end);
      if (bytes[index] === CLOSE_BRACE) break;
      this.expect(index, COMMA);
      index = this.whitespace(index + 1);
    }
    record.end = index + 1;
    return record;
  }

  /** The member name in `[start, end)` when it is a wanted one, else null. */
  private wantedName(start: number, end: number): string | null {
    let escaped = false;
    for (let index = start + 1; index < end - 1 && !escaped; index++) escaped = this.bytes[index] === BACKSLASH;
    if (!escaped && !this.wantedLengths.has(end - start)) return null;
    const name = JSON.parse(this.bytes.toString('utf8', start, end)) as string;
    return this.wanted.has(name) ? name : null;
  }
}
