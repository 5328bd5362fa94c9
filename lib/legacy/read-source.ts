import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { JsonErrorLocator } from './json-error-locator';
import { READ_PIECE_BYTES, type LegacyRecord, type SourceSpec } from './source-adapter';
import type { SourceEnvelope, SourceVariant } from './source-layout';
import { InvalidJsonError, SourceReadSession } from './source-read-session';

export type SourceFileSummary = {
  source: string;
  relativePath: string;
  exists: boolean;
  /** Bytes read; null when the file does not exist. */
  sizeBytes: number | null;
  /** SHA-256 of the raw bytes; null when the file does not exist. */
  sha256: string | null;
  recordCount: number;
  envelope: SourceEnvelope;
  variant: SourceVariant;
};

export type ReadSourceOptions = { batchSize?: number };

/**
 * Streams one legacy file from `dir`, handing its records to `onBatch` in file order, at most
 * `batchSize` at a time; the next batch is read only after `onBatch` settles. Memory stays at
 * one batch plus the keys seen so far, whatever the file's size.
 *
 * The file is read through one open handle, so a legacy server that replaces it meanwhile (write
 * to `.tmp`, then rename) does not mix two versions into one read.
 */
export async function readSource(
  dir: string,
  spec: SourceSpec,
  onBatch: (records: LegacyRecord[]) => void | Promise<void>,
  { batchSize = 1000 }: ReadSourceOptions = {},
): Promise<SourceFileSummary> {
  const base = { source: spec.id, relativePath: spec.relativePath };
  const file = await openIfExists(path.join(dir, spec.relativePath));
  if (!file) {
    return { ...base, exists: false, sizeBytes: null, sha256: null, recordCount: 0, envelope: { variant: 'missing' }, variant: 'missing' };
  }
  const session = new SourceReadSession(spec);
  const digest = createHash('sha256');
  let recordCount = 0;
  const flush = async (minimum: number) => {
    while (session.pendingCount > 0 && session.pendingCount >= minimum) {
      const batch = session.take(batchSize);
      recordCount += batch.length;
      await onBatch(batch);
    }
  };
  try {
    for await (const chunk of file.createReadStream({ highWaterMark: READ_PIECE_BYTES, autoClose: false })) {
      digest.update(chunk as Buffer);
      session.write(chunk as Buffer);
      await flush(batchSize);
    }
    const envelope = session.end();
    await flush(1);
    return { ...base, exists: true, sizeBytes: session.sizeBytes, sha256: digest.digest('hex'), recordCount, envelope, variant: envelope.variant };
  } catch (error) {
    if (error instanceof InvalidJsonError) throw session.invalidJson(await locateInFile(file), error);
    throw error;
  } finally {
    await file.close();
  }
}

async function openIfExists(file: string): Promise<FileHandle | null> {
  try {
    return await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

// Positional reads on the same handle: the read stream that met the error may still be closing.
async function locateInFile(file: FileHandle) {
  const locator = new JsonErrorLocator();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const piece = Buffer.alloc(READ_PIECE_BYTES);
  for (let position = 0; ;) {
    const { bytesRead } = await file.read(piece, 0, piece.length, position);
    if (bytesRead === 0 || locator.feed(decoder.decode(piece.subarray(0, bytesRead), { stream: true }))) break;
    position += bytesRead;
  }
  locator.feed(decoder.decode());
  return locator.finish();
}
