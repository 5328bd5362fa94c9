import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileSha256 } from '@/lib/legacy/kyc-files';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@/lib/private-files';
import { openStoredFile, sealingStream, storedPlaintextSize, type FileSealingKey } from './sealed-files';

// Managed storage: files the migration keeps outside the legacy folder (KYC documents, legacy files
// no table models), each stored once under the SHA-256 of its bytes.

/** Content-addressed place of a file below the storage folder. */
export function storagePathOf(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`;
}

export type StoredFile = { sha256: string; size: number; copied: boolean };

async function fileSize(file: string): Promise<number | null> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  return info?.isFile() ? info.size : null;
}

/**
 * How a copy reads and writes: `fromStorage` reads a managed-storage file (sealed or not) as its
 * plaintext; `sealWith` seals what it writes. The hash and size are always the plaintext's.
 */
export type CopyOptions = { fromStorage?: boolean; sealWith?: FileSealingKey | null };

/**
 * Streams `source` to `target` through a temporary file in the target's folder (renamed into place,
 * so a reader never sees half a file) and returns the SHA-256 and size of the plaintext copied.
 */
export async function copyHashed(
  source: string,
  target: string,
  { fromStorage = false, sealWith = null }: CopyOptions = {},
): Promise<{ sha256: string; size: number }> {
  await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  const digest = createHash('sha256');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    const input = fromStorage ? await openStoredFile(source) : createReadStream(source);
    const output = createWriteStream(temporary, { flags: 'wx', mode: PRIVATE_FILE_MODE });
    await (sealWith ? pipeline(input, hashing, sealingStream(sealWith), output) : pipeline(input, hashing, output));
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { sha256: digest.digest('hex'), size };
}

/**
 * Puts a file into content-addressed storage, sealed when `sealWith` is given. When the address
 * already holds a file of the same (plaintext) size, nothing is copied. The legacy server may rewrite
 * an upload between inspection and copy: the stored address is always that of the bytes actually copied.
 */
export async function storeFile(source: string, storageDir: string, sha256: string, size: number, sealWith: FileSealingKey | null = null): Promise<StoredFile> {
  const target = path.join(storageDir, storagePathOf(sha256));
  if ((await storedPlaintextSize(target)) === size) return { sha256, size, copied: false };
  const staging = path.join(storageDir, '.incoming', randomUUID());
  const written = await copyHashed(source, staging, { sealWith });
  const final = path.join(storageDir, storagePathOf(written.sha256));
  await mkdir(path.dirname(final), { recursive: true, mode: PRIVATE_DIR_MODE });
  await rename(staging, final);
  return { ...written, copied: true };
}

/**
 * Puts a file whose hash is not known yet into content-addressed storage and returns its address.
 * The copy always replaces what the address held (atomically), so a damaged stored copy is healed.
 */
export async function storeHashing(source: string, storageDir: string): Promise<{ sha256: string; size: number; storagePath: string }> {
  const staging = path.join(storageDir, '.incoming', randomUUID());
  const written = await copyHashed(source, staging);
  const storagePath = storagePathOf(written.sha256);
  const final = path.join(storageDir, storagePath);
  await mkdir(path.dirname(final), { recursive: true, mode: PRIVATE_DIR_MODE });
  await rename(staging, final);
  return { ...written, storagePath };
}

/**
 * SHA-256 and size of a managed-storage file's plaintext (decrypted when sealed); null when there is
 * no file. A sealed file whose ciphertext or tag was altered throws SealedFileError.
 */
export async function hashStoredFile(file: string): Promise<{ sha256: string; size: number } | null> {
  if ((await fileSize(file)) === null) return null;
  const digest = createHash('sha256');
  let size = 0;
  for await (const chunk of await openStoredFile(file)) {
    digest.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: digest.digest('hex'), size };
}

/** SHA-256 and size of a file's bytes; null when there is no regular file. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number } | null> {
  const size = await fileSize(file);
  return size === null ? null : { sha256: await fileSha256(file, size), size };
}
