import { jsonVerifier, type VerifierError } from 'stream-json/core/utils/verifier.js';
import { endOfInput } from './end-of-input';

export type JsonErrorLocation = { byteOffset: number; line: number; reason: string };

type Piece = { text: string; charStart: number; byteStart: number };

/**
 * Finds where a JSON text first goes wrong. The tokenizer that reads records reports what went
 * wrong but not where; stream-json's verifier reports the position in UTF-16 units, which is
 * turned into a byte offset here because operators look at files, not strings. Only the error path
 * runs this, so a valid file is never scanned twice.
 */
export class JsonErrorLocator {
  private readonly verify = jsonVerifier();
  private previous: Piece | null = null;
  private current: Piece = { text: '', charStart: 0, byteStart: 0 };
  private location: JsonErrorLocation | null = null;

  /** Feeds the next piece of text; returns true once the error is found. */
  feed(text: string): boolean {
    if (this.location) return true;
    this.previous = this.current;
    this.current = {
      text,
      charStart: this.previous.charStart + this.previous.text.length,
      byteStart: this.previous.byteStart + Buffer.byteLength(this.previous.text),
    };
    return this.run(() => this.verify(text));
  }

  /** Ends the text; returns where it is invalid, or null when it is valid JSON after all. */
  finish(): JsonErrorLocation | null {
    if (!this.location) this.run(() => endOfInput(this.verify));
    return this.location;
  }

  private run(step: () => unknown): boolean {
    try {
      step();
      return false;
    } catch (error) {
      const { offset, line, message } = error as VerifierError;
      this.location = { byteOffset: this.byteOffsetOf(offset), line, reason: reasonOf(message) };
      return true;
    }
  }

  // The verifier may only notice a problem once the next piece arrives, so the error can sit in
  // the piece before the current one; with pieces of 64 KiB or more it is never further back.
  private byteOffsetOf(charOffset: number): number {
    const piece = this.previous && charOffset < this.current.charStart ? this.previous : this.current;
    const within = Math.max(0, Math.min(charOffset - piece.charStart, piece.text.length));
    return piece.byteStart + Buffer.byteLength(piece.text.slice(0, within));
  }
}

// "ERROR at 5 (1, 6): Verifier cannot parse input: expected a value" -> "expected a value"
function reasonOf(message: string): string {
  return message.replace(/^ERROR at [^:]*: /, '').replace(/^Verifier (cannot parse input: |has )/, '');
}
