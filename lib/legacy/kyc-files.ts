import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { mapConcurrent } from '@/lib/map-concurrent';
import type { LegacyRecord } from './source-adapter';
import { kycDocuments, type KycDocumentRef } from './sources/kyc-metadata';

export type KycFileCheck = KycDocumentRef & {
  /** A regular file (not a symbolic link) is at `relativePath`. */
  exists: boolean;
  sizeBytes: number | null;
  /** SHA-256 of the file's bytes, for `kyc_documents.file_hash`. */
  sha256: string | null;
  /** Whether the file's size equals the metadata's `size`; null when either is unknown. */
  sizeMatches: boolean | null;
};

/**
 * Looks at every document file the KYC applications in `records` list, below `dir`, in metadata
 * order. Missing files are reported, not skipped: a document without its file is still a document.
 */
export function inspectKycFiles(dir: string, records: readonly LegacyRecord[]): Promise<KycFileCheck[]> {
  return mapConcurrent(records.flatMap(kycDocuments), FILES_IN_FLIGHT, (document) => inspectDocument(dir, document));
}

// Thousands of small files: enough in flight to keep libuv's threads and the disk busy.
export const FILES_IN_FLIGHT = 16;
// Files up to this size are hashed from one read; larger ones are streamed.
const WHOLE_READ_BYTES = 8 << 20;

async function inspectDocument(dir: string, document: KycDocumentRef): Promise<KycFileCheck> {
  const absent = { ...document, exists: false, sizeBytes: null, sha256: null, sizeMatches: null };
  if (!document.relativePath) return absent;
  const file = path.join(dir, document.relativePath);
  // lstat: a document that is a symbolic link (to /etc/shadow, say) is not read as the document's
  // file. A linked folder (uploads on another volume) is still followed.
  const info = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  if (!info?.isFile()) return absent;
  const sizeMatches = document.expectedSize === null ? null : document.expectedSize === info.size;
  return { ...document, exists: true, sizeBytes: info.size, sha256: await fileSha256(file, info.size), sizeMatches };
}

/** SHA-256 of a file of known size: one read when small, streamed when large. */
export async function fileSha256(file: string, size: number): Promise<string> {
  if (size <= WHOLE_READ_BYTES)
    return createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}
