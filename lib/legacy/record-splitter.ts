import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import Assembler from 'stream-json/core/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import type { JsonObject, JsonValue } from './canonical-json';
import { endOfInput } from './end-of-input';
import type { SourceEnvelope, SourceLayout } from './source-layout';

/** The file is valid JSON, but its top level is not a shape the source ever had. */
export class SourceShapeError extends Error {}

type Capture = 'record' | 'member' | 'single';
type Stage = 'start' | 'top-object' | 'top-array' | 'records' | 'done';

/**
 * Splits a legacy JSON text into records and envelope while the text arrives in pieces, so a
 * 200,000-row file is never one string or one object graph: only the record being read is held.
 *
 * stream-json tokenizes; each record (and each non-record top-level member) is built from its
 * tokens with stream-json's Assembler, which materializes values exactly as `JSON.parse` does.
 * Top-level members keep their file order, which `JSON.parse` would not for integer-like names.
 */
export class RecordSplitter {
  private readonly tokenize = jsonParser({ streamValues: false });
  private stage: Stage = 'start';
  private topContainer: 'object' | 'array' = 'object';
  private topCount = 0;
  private memberName: string | null = null;
  private readonly memberNames = new Set<string>();
  private wrapSeen = false;
  private readonly before: [string, JsonValue][] = [];
  private readonly after: [string, JsonValue][] = [];
  private readonly wrapKey: string | null;
  private capture: { assembler: Assembler; kind: Capture; name: string | null } | null = null;

  constructor(
    private readonly layout: SourceLayout,
    private readonly emit: (value: JsonValue, name: string | null) => void,
  ) {
    this.wrapKey = layout.container === 'array' ? layout.wrapKey : null;
  }

  /** Feeds the next piece of text. Throws the tokenizer's error on invalid JSON. */
  write(text: string): void {
    this.consumeAll(this.tokenize(text));
  }

  /** Ends the text and returns the envelope. Throws on truncated JSON or an unexpected shape. */
  end(): SourceEnvelope {
    this.consumeAll(endOfInput(this.tokenize));
    if (this.topCount === 0) return { variant: 'empty', text: this.topContainer === 'array' ? '[]' : '{}' };
    if (this.layout.container === 'single') return { variant: 'single' };
    if (this.topContainer === 'array' || this.layout.container === 'map') return { variant: 'flat' };
    if (this.wrapSeen) return { variant: 'wrapped', before: this.before, key: this.wrapKey!, after: this.after };
    throw new SourceShapeError(`expected the records under "${this.wrapKey}", but the file has no such key`);
  }

  private consumeAll(result: ReturnType<typeof this.tokenize>): void {
    if (result === none) return;
    for (const token of isMany(result) ? getManyValues(result) : [result]) this.consume(token);
  }

  private consume(token: Token): void {
    if (this.capture) {
      this.capture.assembler.consume(token);
      if (this.capture.assembler.done) {
        const { assembler, kind, name } = this.capture;
        this.capture = null;
        this.deliver(kind, name, assembler.current as JsonValue);
      }
      return;
    }
    switch (this.stage) {
      case 'start':
        return this.startTop(token);
      case 'top-array':
        if (token.name === 'endArray') {
          this.stage = 'done';
          return;
        }
        this.topCount++;
        if (this.layout.container !== 'array') {
          throw new SourceShapeError('expected a JSON object at the top level, found a non-empty array');
        }
        return this.startCapture(token, 'record', null);
      case 'top-object':
        return this.consumeTopMember(token);
      case 'records':
        if (token.name === 'endArray') {
          this.stage = 'top-object';
          return;
        }
        return this.startCapture(token, 'record', null);
      case 'done':
        // The tokenizer rejects anything after the top-level value, so nothing arrives here.
        return;
    }
  }

  private startTop(token: Token): void {
    if (token.name === 'startObject') {
      if (this.layout.container === 'single') return this.startCapture(token, 'single', null);
      this.stage = 'top-object';
      return;
    }
    if (token.name === 'startArray') {
      this.stage = 'top-array';
      this.topContainer = 'array';
      return;
    }
    throw new SourceShapeError('expected a JSON object or array at the top level');
  }

  private consumeTopMember(token: Token): void {
    if (token.name === 'endObject') {
      this.stage = 'done';
      return;
    }
    if (token.name === 'keyValue') {
      this.memberName = token.value;
      this.topCount++;
      return;
    }
    const name = this.memberName!;
    if (this.layout.container === 'map') {
      // JSON.parse keeps the last of two equal names; the legacy server could never have written one.
      if (this.memberNames.has(name)) throw new SourceShapeError(`duplicate key ${JSON.stringify(name)} at the top level`);
      this.memberNames.add(name);
      return this.startCapture(token, 'record', name);
    }
    if (name !== this.wrapKey) return this.startCapture(token, 'member', name);
    if (this.wrapSeen) throw new SourceShapeError(`duplicate key ${JSON.stringify(name)} at the top level`);
    if (token.name !== 'startArray') throw new SourceShapeError(`"${name}" is not an array`);
    this.wrapSeen = true;
    this.stage = 'records';
  }

  private startCapture(token: Token, kind: Capture, name: string | null): void {
    const assembler = new Assembler();
    assembler.consume(token);
    if (assembler.done) return this.deliver(kind, name, assembler.current as JsonValue);
    this.capture = { assembler, kind, name };
  }

  private deliver(kind: Capture, name: string | null, value: JsonValue): void {
    if (kind === 'record') return this.emit(value, name);
    if (kind === 'member') {
      (this.wrapSeen ? this.after : this.before).push([name!, value]);
      return;
    }
    this.stage = 'done';
    this.topCount = Object.keys(value as JsonObject).length;
    if (this.topCount > 0) this.emit(value, null);
  }
}
