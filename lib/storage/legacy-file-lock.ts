import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { AppError } from '@/lib/errors';

const LOCK_TIMEOUT_MS = 5_000;
const LOCK_RETRY_MS = 50;

export const lockPath = (file: string) => `${file}.lock`;

/**
 * The legacy server's write protocol, so both servers can write the same files safely: an exclusive
 * `<file>.lock` (created with `wx`, holding the PID; 5 s timeout, 50 ms retry), the content written to
 * `<file>.tmp`, then renamed over the file, then the lock removed.
 */
export async function withLegacyFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath(file), 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new AppError('UNAVAILABLE', `${file} is locked by another writer; try again shortly.`);
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath(file)).catch(() => undefined);
  }
}

/**
 * Writes through `<file>.tmp` and a rename, so readers see the old or the new file, never half of one.
 * `mode` applies to a file this call creates (uploads pass 0600).
 */
export async function writeFileAtomically(file: string, content: Buffer | string, mode?: number): Promise<void> {
  await writeFile(`${file}.tmp`, content, mode === undefined ? undefined : { mode });
  await rename(`${file}.tmp`, file);
}

export async function readIfExists(file: string): Promise<Buffer | null> {
  return readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}
