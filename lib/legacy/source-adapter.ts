import type { z } from 'zod';
import { JsonErrorLocator } from './json-error-locator';
import { legacyJsonBytes, legacyJsonChunks } from './legacy-json-writer';
import type { SourceEnvelope, SourceVariant } from './source-layout';
import { InvalidJsonError, SourceReadSession } from './source-read-session';
import type { LegacyRecord, SourceSpec } from './source-spec';

export type { LegacyRecord, SourceSpec } from './source-spec';

export type ParsedSource = {
  source: string;
  relativePath: string;
  records: LegacyRecord[];
  envelope: SourceEnvelope;
  variant: SourceVariant;
};

export type SourceAdapter<Id extends string = string, Schema extends z.ZodType = z.ZodType> = SourceSpec<Id, Schema> & {
  /**
   * Reads a whole file (`null`: the file does not exist). Accepts every legacy form of the source;
   * throws `LegacySourceError` on anything else.
   */
  parse(bytes: Buffer | null): ParsedSource;
  /** The file as the legacy server wrote it; for an unchanged parse result, byte-identical to the input. */
  serialize(records: readonly LegacyRecord[], envelope: SourceEnvelope): Buffer;
  /** `serialize` in pieces, for writing large files without holding them. */
  serializeChunks(records: readonly LegacyRecord[], envelope: SourceEnvelope): Generator<string>;
};

// Pieces of 1 MiB keep the decoded text small; the JSON tokenizer and the UTF-8 decoder carry state across pieces.
export const READ_PIECE_BYTES = 1 << 20;

export function defineSource<const Id extends string, Schema extends z.ZodType>(spec: SourceSpec<Id, Schema>): SourceAdapter<Id, Schema> {
  return {
    ...spec,
    parse: (bytes) => parseSource(spec, bytes),
    serialize: (records, envelope) => legacyJsonBytes(spec.layout, records, envelope),
    serializeChunks: (records, envelope) => legacyJsonChunks(spec.layout, records, envelope),
  };
}

function parseSource(spec: SourceSpec, bytes: Buffer | null): ParsedSource {
  const base = { source: spec.id, relativePath: spec.relativePath };
  if (bytes === null) return { ...base, records: [], envelope: { variant: 'missing' }, variant: 'missing' };
  const session = new SourceReadSession(spec);
  try {
    for (let start = 0; start < bytes.length; start += READ_PIECE_BYTES) {
      session.write(bytes.subarray(start, start + READ_PIECE_BYTES));
    }
    const envelope = session.end();
    return { ...base, records: session.take(), envelope, variant: envelope.variant };
  } catch (error) {
    if (error instanceof InvalidJsonError) throw session.invalidJson(locateInBytes(bytes), error);
    throw error;
  }
}

function locateInBytes(bytes: Buffer) {
  const locator = new JsonErrorLocator();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for (let start = 0; start < bytes.length; start += READ_PIECE_BYTES) {
    if (locator.feed(decoder.decode(bytes.subarray(start, start + READ_PIECE_BYTES), { stream: true }))) break;
  }
  locator.feed(decoder.decode());
  return locator.finish();
}
