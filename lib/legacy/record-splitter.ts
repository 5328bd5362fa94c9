import type { JsonObject, JsonValue } from './canonical-json';
import type { SourceEnvelope, SourceLayout } from './source-layout';
import { TAB, LINE_FEED, CARRIAGE_RETURN, SPACE, QUOTE, COMMA, COLON, OPEN_BRACKET, BACKSLASH, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE } from './json-bytes';

/** The file is valid JSON, but its top level is not a shape the source ever had. */
export class SourceShapeError extends Error {}

/**
 * Where the scan is in the top-level skeleton: what may come next. The array states serve both the
 * top-level array and the wrapped records array (`inRecords` tells which).
 */
type State =
  | 'top' // before the top-level value
  | 'array-open' // after `[`: an item or `]`
  | 'array-item' // after `,`: an item
  | 'array-comma' // after an item: `,` or `]`
  | 'object-open' // after `{`: a name or `}`
  | 'object-name' // after `,`: a name
  | 'object-colon' // after a name: `:`
  | 'object-value' // after `:`: a value
  | 'object-comma' // after a value: `,` or `}`
  | 'done'; // after the top-level value: only whitespace

/** What a value is read for: the skeleton decides when it starts, `deliver` once it is complete. */
type Capture =
  | { kind: 'record'; name: string | null }
  | { kind: 'member'; name: string }
  | { kind: 'name' }
  | { kind: 'single' }
  // A value where the source never had one: read in full first, so invalid JSON in it is reported as such.
  | { kind: 'reject'; reason: string };

/** A value being read: where it starts in `text` and the scan state inside it. */
type ValueScan = { capture: Capture; start: number; scalar: boolean; depth: number; inString: boolean; escaped: boolean };

/**
 * Splits a legacy JSON text into records and envelope while the text arrives in pieces, so a
 * 200,000-row file is never one string or one object graph: only the record being read is held.
 *
 * The top-level skeleton (brackets, names, commas, colons, whitespace) is scanned and validated
 * here; every value in it (a record, a member name, an envelope member) is only delimited, by
 * nesting depth and string state, and then built by `JSON.parse` of its text. A valid skeleton of
 * values that `JSON.parse` accepts is exactly a text that `JSON.parse` accepts, so the split is as
 * strict as parsing the whole file, and values come out as `JSON.parse` makes them (`__proto__`
 * members, lone surrogates). Top-level members are parsed one by one to keep their file order,
 * which `JSON.parse` would not keep for integer-like names.
 */
export class RecordSplitter {
  /** The piece being scanned, and where in it. */
  private text = '';
  private index = 0;
  /** The text of the value being read that came in earlier pieces. */
  private carry = '';
  private ended = false;
  private state: State = 'top';
  private value: ValueScan | null = null;
  private inRecords = false;
  private topContainer: 'object' | 'array' = 'object';
  private topCount = 0;
  private memberName = '';
  private readonly memberNames = new Set<string>();
  private wrapSeen = false;
  private readonly before: [string, JsonValue][] = [];
  private readonly after: [string, JsonValue][] = [];
  private readonly wrapKey: string | null;

  constructor(
    private readonly layout: SourceLayout,
    private readonly emit: (value: JsonValue, name: string | null) => void,
  ) {
    this.wrapKey = layout.container === 'array' ? layout.wrapKey : null;
  }

  /** Feeds the next piece of text. Throws a `SyntaxError` on invalid JSON. */
  write(text: string): void {
    this.text = text;
    this.index = 0;
    this.scan();
    this.keepUnfinished();
  }

  /** Ends the text and returns the envelope. Throws on truncated JSON or an unexpected shape. */
  end(): SourceEnvelope {
    this.ended = true;
    this.scan();
    if (this.state !== 'done' || this.value) throw new SyntaxError('Unexpected end of JSON input');
    if (this.topCount === 0) return { variant: 'empty', text: this.topContainer === 'array' ? '[]' : '{}' };
    if (this.layout.container === 'single') return { variant: 'single' };
    if (this.topContainer === 'array' || this.layout.container === 'map') return { variant: 'flat' };
    if (this.wrapSeen) return { variant: 'wrapped', before: this.before, key: this.wrapKey!, after: this.after };
    throw new SourceShapeError(`expected the records under "${this.wrapKey}", but the file has no such key`);
  }

  private scan(): void {
    for (;;) {
      if (this.value) {
        if (!this.readValue(this.value)) return;
        continue;
      }
      const next = this.skipWhitespace();
      if (next < 0) return;
      this.step(next);
    }
  }

  /** The next character that is not whitespace, or -1 at the end of the text. */
  private skipWhitespace(): number {
    const { text } = this;
    let index = this.index;
    for (; index < text.length; index++) {
      const c = text.charCodeAt(index);
      if (c !== SPACE && c !== LINE_FEED && c !== CARRIAGE_RETURN && c !== TAB) break;
    }
    this.index = index;
    return index < text.length ? text.charCodeAt(index) : -1;
  }

  /** Takes the skeleton character `c` at `index`. */
  private step(c: number): void {
    switch (this.state) {
      case 'top':
        return this.startTop(c);
      case 'array-open':
        return c === CLOSE_BRACKET ? this.closeArray() : this.startItem();
      case 'array-item':
        return this.startItem();
      case 'array-comma':
        if (c === COMMA) return this.advance('array-item');
        if (c === CLOSE_BRACKET) return this.closeArray();
        break;
      case 'object-open':
        if (c === CLOSE_BRACE) return this.advance('done');
        if (c === QUOTE) return this.startValue({ kind: 'name' }, 'object-colon');
        break;
      case 'object-name':
        if (c === QUOTE) return this.startValue({ kind: 'name' }, 'object-colon');
        break;
      case 'object-colon':
        if (c === COLON) return this.advance('object-value');
        break;
      case 'object-value':
        return this.startMemberValue(c);
      case 'object-comma':
        if (c === COMMA) return this.advance('object-name');
        if (c === CLOSE_BRACE) return this.advance('done');
        break;
      case 'done':
        break;
    }
    throw new SyntaxError(`Unexpected ${JSON.stringify(String.fromCharCode(c))} in JSON`);
  }

  /** Consumes the skeleton character at `index`. */
  private advance(state: State): void {
    this.state = state;
    this.index++;
  }

  private startTop(c: number): void {
    if (c === OPEN_BRACKET) {
      this.topContainer = 'array';
      return this.advance('array-open');
    }
    if (c !== OPEN_BRACE) return this.startValue({ kind: 'reject', reason: 'expected a JSON object or array at the top level' }, 'done');
    if (this.layout.container === 'single') return this.startValue({ kind: 'single' }, 'done');
    this.advance('object-open');
  }

  private startItem(): void {
    if (!this.inRecords) this.topCount++;
    if (this.inRecords || this.layout.container === 'array') return this.startValue({ kind: 'record', name: null }, 'array-comma');
    this.startValue({ kind: 'reject', reason: 'expected a JSON object at the top level, found a non-empty array' }, 'array-comma');
  }

  private closeArray(): void {
    this.advance(this.inRecords ? 'object-comma' : 'done');
    this.inRecords = false;
  }

  private startMemberValue(c: number): void {
    const name = this.memberName;
    if (this.layout.container === 'map') {
      // JSON.parse keeps the last of two equal names; the legacy server could never have written one.
      if (this.memberNames.has(name)) throw new SourceShapeError(`duplicate key ${JSON.stringify(name)} at the top level`);
      this.memberNames.add(name);
      return this.startValue({ kind: 'record', name }, 'object-comma');
    }
    if (name !== this.wrapKey) return this.startValue({ kind: 'member', name }, 'object-comma');
    if (this.wrapSeen) throw new SourceShapeError(`duplicate key ${JSON.stringify(name)} at the top level`);
    if (c !== OPEN_BRACKET) return this.startValue({ kind: 'reject', reason: `"${name}" is not an array` }, 'object-comma');
    this.wrapSeen = true;
    this.inRecords = true;
    this.advance('array-open');
  }

  /**
   * Starts reading the value whose first character is at `index`; the skeleton goes on in state
   * `then` once it is complete. The first character is always taken into the value, so a stray `,`
   * or `]` where a value belongs is left to `JSON.parse` to reject.
   */
  private startValue(capture: Capture, then: State): void {
    const c = this.text.charCodeAt(this.index);
    const depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
    // A number or literal has no closing character: it ends where the skeleton goes on.
    const scalar = depth === 0 && c !== QUOTE;
    this.value = { capture, start: this.index, scalar, depth, inString: c === QUOTE, escaped: false };
    this.state = then;
    this.index++;
  }

  /** Scans on in the value being read and delivers it once complete; false when the piece ends first. */
  private readValue(value: ValueScan): boolean {
    const end = value.scalar ? this.scalarEnd() : this.nestedEnd(value);
    if (end < 0) return false;
    const source = this.carry + this.text.slice(value.start, end);
    this.carry = '';
    this.value = null;
    this.index = end;
    this.deliver(value.capture, JSON.parse(source) as JsonValue);
    return true;
  }

  /**
   * Where a number or literal ends: at the first character that may follow a value. Anything else
   * is taken into the value, for `JSON.parse` to reject.
   */
  private scalarEnd(): number {
    const { text } = this;
    for (let index = this.index; index < text.length; index++) {
      const c = text.charCodeAt(index);
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === SPACE || c === LINE_FEED || c === CARRIAGE_RETURN || c === TAB) {
        return index;
      }
    }
    this.index = text.length;
    // The end of the text ends it too; anywhere but at the top level, `end` then finds the skeleton unfinished.
    return this.ended ? text.length : -1;
  }

  /**
   * Where a string, object or array ends: after the quote or bracket that closes it, counting
   * brackets outside strings. Brackets are not matched by kind: `JSON.parse` rejects `[}`.
   */
  private nestedEnd(value: ValueScan): number {
    const { text } = this;
    let { depth, inString, escaped } = value;
    for (let index = this.index; index < text.length; index++) {
      const c = text.charCodeAt(index);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) return index + 1;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return index + 1;
    }
    value.depth = depth;
    value.inString = inString;
    value.escaped = escaped;
    this.index = text.length;
    return -1;
  }

  private deliver(capture: Capture, value: JsonValue): void {
    switch (capture.kind) {
      case 'record':
        return this.emit(value, capture.name);
      case 'name':
        this.memberName = value as string;
        this.topCount++;
        return;
      case 'member':
        (this.wrapSeen ? this.after : this.before).push([capture.name, value]);
        return;
      case 'single':
        this.topCount = Object.keys(value as JsonObject).length;
        if (this.topCount > 0) this.emit(value, null);
        return;
      case 'reject':
        throw new SourceShapeError(capture.reason);
    }
  }

  /**
   * Drops the piece, keeping only the unfinished value's text, so memory stays at one record. The
   * next piece is scanned on its own rather than appended: scanning a concatenated string is slower.
   */
  private keepUnfinished(): void {
    if (this.value) {
      this.carry += this.text.slice(this.value.start);
      this.value.start = 0;
    }
    this.text = '';
    this.index = 0;
  }
}
