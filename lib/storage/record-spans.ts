import type { SourceEnvelope } from '@/lib/legacy/source-layout';
import {
  TAB,
  LINE_FEED,
  CARRIAGE_RETURN,
  SPACE,
  QUOTE,
  COMMA,
  COLON,
  OPEN_BRACKET,
  BACKSLASH,
  CLOSE_BRACKET,
  OPEN_BRACE,
  CLOSE_BRACE,
} from '@/lib/legacy/json-bytes';

/** Where one record sits in a legacy file's bytes: its value, and for a map member its name (the JSON string, quotes included). */
export type RecordSpan = { start: number; end: number; nameStart: number; nameEnd: number };

class NotTheShape extends Error {}

/**
 * The byte span of every record of a flat or wrapped legacy file, in file order, found by scanning
 * the skeleton and each value's nesting and string state only: no value is parsed, so a 100,000-record
 * file is delimited in one pass over its bytes. Structural characters are ASCII, and UTF-8 never uses
 * an ASCII byte inside a multi-byte character, so scanning bytes is exact. Returns null when the bytes
 * are not that shape (the caller then parses the whole file, which reports what is wrong).
 */
export function findRecordSpans(bytes: Buffer, envelope: SourceEnvelope): RecordSpan[] | null {
  try {
    const scan = new SpanScanner(bytes);
    let index = scan.whitespace(0);
    if (envelope.variant === 'flat') return scan.container(index).spans;
    if (envelope.variant !== 'wrapped') return null;
    scan.expect(index, OPEN_BRACE);
    index = scan.whitespace(index + 1);
    for (;;) {
      const nameEnd = scan.string(index);
      const name = JSON.parse(bytes.toString('utf8', index, nameEnd)) as string;
      index = scan.whitespace(nameEnd);
      scan.expect(index, COLON);
      index = scan.whitespace(index + 1);
      if (name === envelope.key) return scan.container(index).spans;
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
  constructor(private readonly bytes: Buffer) {}

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
    let index = from + 1;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, index);
      if (quote < 0) throw new NotTheShape();
      let backslashes = 0;
      while (this.bytes[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
      if (backslashes % 2 === 0) return quote + 1;
      index = quote + 1;
    }
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

  /** The records of the array or object starting at `from`. */
  container(from: number): { spans: RecordSpan[]; end: number } {
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
      const end = this.value(index);
      spans.push({ start: index, end, nameStart, nameEnd });
      index = this.whitespace(end);
      if (this.bytes[index] === close) return { spans, end: index + 1 };
      this.expect(index, COMMA);
      index = this.whitespace(index + 1);
    }
  }
}
