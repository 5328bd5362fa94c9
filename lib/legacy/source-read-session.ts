import { recordHash, type JsonValue } from './canonical-json';
import { LegacySourceError } from './legacy-source-error';
import { RecordSplitter, SourceShapeError } from './record-splitter';
import type { JsonErrorLocation } from './json-error-locator';
import type { LegacyRecord, SourceSpec } from './source-spec';
import type { SourceEnvelope } from './source-layout';

/** The splitter rejected the text as JSON; the caller locates the error in the bytes it has. */
export class InvalidJsonError extends Error {}

/**
 * Reads one legacy file from its bytes, in pieces: decodes UTF-8, splits records off, keys and
 * hashes them. `parse` feeds it a buffer, `readSource` a file stream; both see the same records.
 */
export class SourceReadSession {
  // `fatal`: a byte that is not UTF-8 would otherwise become U+FFFD and be written back changed.
  // `ignoreBOM`: keep a byte-order mark in the text, where the splitter rejects it as JSON.parse does.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly splitter: RecordSplitter;
  private readonly keys = new Set<string>();
  private position = 0;
  private readonly pending: LegacyRecord[] = [];
  private bytesRead = 0;

  constructor(private readonly spec: SourceSpec) {
    this.splitter = new RecordSplitter(spec.layout, (value, name) => this.add(value, name));
  }

  write(bytes: Uint8Array): void {
    this.bytesRead += bytes.length;
    this.guard(() => this.splitter.write(this.decode(bytes)));
  }

  end(): SourceEnvelope {
    return this.guard(() => {
      this.splitter.write(this.decode());
      return this.splitter.end();
    });
  }

  /** The oldest `limit` records not taken yet, in file order. */
  take(limit = Number.POSITIVE_INFINITY): LegacyRecord[] {
    return this.pending.splice(0, limit);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get sizeBytes(): number {
    return this.bytesRead;
  }

  /** The error to throw for an `InvalidJsonError`, once the caller has located it (or could not). */
  invalidJson(location: JsonErrorLocation | null, error: InvalidJsonError): LegacySourceError {
    const { id, relativePath } = this.spec;
    if (this.bytesRead === 0) return new LegacySourceError(id, relativePath, 'the file is empty (0 bytes), expected JSON', 0);
    if (!location) return new LegacySourceError(id, relativePath, `invalid JSON: ${error.message}`);
    const detail = `invalid JSON at byte ${location.byteOffset} (line ${location.line}): ${location.reason}`;
    return new LegacySourceError(id, relativePath, detail, location.byteOffset);
  }

  private decode(bytes?: Uint8Array): string {
    try {
      return bytes ? this.decoder.decode(bytes, { stream: true }) : this.decoder.decode();
    } catch {
      throw new LegacySourceError(this.spec.id, this.spec.relativePath, 'the file is not valid UTF-8 text');
    }
  }

  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof LegacySourceError) throw error;
      if (error instanceof SourceShapeError) throw new LegacySourceError(this.spec.id, this.spec.relativePath, error.message);
      throw new InvalidJsonError(error instanceof Error ? error.message : String(error));
    }
  }

  private add(value: JsonValue, name: string | null): void {
    const position = this.position++;
    this.pending.push({ key: this.uniqueKey(this.keyOf(value, position, name)), position, value, hash: recordHash(value) });
  }

  private keyOf(value: JsonValue, position: number, name: string | null): string {
    const { layout, naturalKey } = this.spec;
    if (layout.container === 'map') return name!;
    if (layout.container === 'single') return layout.key;
    if (!naturalKey) return String(position);
    return naturalKey(value) ?? `#${position}`;
  }

  // Natural keys can repeat in legacy arrays (the transaction log's race bug); later rows get
  // `#2`, `#3`… so every record stays addressable. Map keys cannot repeat: the splitter rejects it.
  private uniqueKey(natural: string): string {
    const key = detached(natural);
    let unique = key;
    for (let n = 2; this.keys.has(unique); n++) unique = `${key}#${n}`;
    this.keys.add(unique);
    return unique;
  }
}

// Strings parsed out of a piece of text can be V8 slices that keep the whole piece of text alive (1 MiB,
// twice that once it holds any non-Latin-1 character). Keys outlive their batch, so each is copied.
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
