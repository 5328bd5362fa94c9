import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { env } from '@/lib/env';
import { piiKeyring } from '@/lib/pii-keyring';

// KYC document files sealed at rest (decision 067): AES-256-GCM, streamed. A sealed file is
//   magic (8) | key id length (1) | key id | IV (12) | ciphertext | GCM tag (16)
// The key id names the PII keyring key the file key was derived from, so a keyring rotation keeps
// older files readable while new ones use the current key. Readers tell the formats apart by the
// magic, so files stored before sealing was switched on stay readable as they are.

const MAGIC = Buffer.from('PENDSEAL', 'latin1');
const FORMAT_VERSION_INFO = 'pend-admin kyc document files v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_KEY_ID_BYTES = 255;
const LONGEST_HEADER = MAGIC.length + 1 + MAX_KEY_ID_BYTES + IV_BYTES;

/** The key a file is sealed with, and the id of the PII key it was derived from. */
export type FileSealingKey = { keyId: string; key: Buffer };
/** The key for a sealed file's key id (throws when the keyring no longer has it). */
export type FileKeyLookup = (keyId: string) => Buffer;

function deriveFileKey(piiKey: Buffer): Buffer {
  // A key of its own for files: the PII key itself only ever seals short strings (lib/crypto.ts).
  return Buffer.from(hkdfSync('sha256', piiKey, Buffer.alloc(0), FORMAT_VERSION_INFO, 32));
}

/** The key of an id in the app's PII keyring, derived for document files. */
export const keyringFileKey: FileKeyLookup = (keyId) => {
  const piiKey = piiKeyring().keys.get(keyId);
  if (!piiKey) throw new Error(`A sealed KYC document names key "${keyId}", which PII_KEYS no longer holds.`);
  return deriveFileKey(piiKey);
};

/** The key new KYC document files are sealed with, or null when sealing is off (KYC_DOCUMENT_ENCRYPTION, off by default). */
export function kycDocumentSealingKey(): FileSealingKey | null {
  if (!env().KYC_DOCUMENT_ENCRYPTION) return null;
  const keyId = piiKeyring().currentKeyId;
  return { keyId, key: keyringFileKey(keyId) };
}

function header(keyId: string, iv: Buffer): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  if (id.length > MAX_KEY_ID_BYTES) throw new Error('PII key id too long for a sealed file header');
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv]);
}

/** A Transform that seals the plaintext flowing through it: header first, then ciphertext, the GCM tag last. */
export function sealingStream(sealing: FileSealingKey): Transform {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealing.key, iv);
  let started = false;
  const start = (stream: Transform) => {
    if (!started) stream.push(header(sealing.keyId, iv));
    started = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      start(this);
      done(null, cipher.update(chunk));
    },
    flush(done) {
      start(this);
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

type SealedLayout = { keyId: string; iv: Buffer; headerBytes: number; tag: Buffer; ciphertextBytes: number };

/** The header and tag of a sealed file, or null when the file is not sealed (plaintext stored earlier). */
async function readLayout(file: string): Promise<SealedLayout | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, LONGEST_HEADER));
    await handle.read(head, 0, head.length, 0);
    if (head.length < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    const idLength = head[MAGIC.length];
    const headerBytes = MAGIC.length + 1 + idLength + IV_BYTES;
    if (size < headerBytes + TAG_BYTES) throw new SealedFileError(`${file}: sealed file is truncated`);
    const keyId = head.subarray(MAGIC.length + 1, MAGIC.length + 1 + idLength).toString('utf8');
    const iv = head.subarray(headerBytes - IV_BYTES, headerBytes);
    const tag = Buffer.alloc(TAG_BYTES);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    return { keyId, iv, headerBytes, tag, ciphertextBytes: size - headerBytes - TAG_BYTES };
  } finally {
    await handle.close();
  }
}

/** A sealed file that cannot be opened: truncated, or its ciphertext or tag was altered. */
export class SealedFileError extends Error {}

/**
 * The plaintext of a stored file as a stream: a sealed file is decrypted on the fly (its last chunk
 * fails with SealedFileError when the ciphertext or tag was altered, so a reader that hashes or
 * copies what it read never accepts tampered bytes); any other file is read as it is.
 */
export async function openStoredFile(file: string, keyFor: FileKeyLookup = keyringFileKey): Promise<Readable> {
  const layout = await readLayout(file);
  if (!layout) return createReadStream(file);
  const decipher = createDecipheriv('aes-256-gcm', keyFor(layout.keyId), layout.iv);
  decipher.setAuthTag(layout.tag);
  const { headerBytes, ciphertextBytes } = layout;
  async function* plaintext() {
    if (ciphertextBytes > 0) {
      for await (const chunk of createReadStream(file, { start: headerBytes, end: headerBytes + ciphertextBytes - 1 })) {
        yield decipher.update(chunk as Buffer);
      }
    }
    try {
      yield decipher.final();
    } catch {
      throw new SealedFileError(`${file}: sealed file fails its integrity check (altered ciphertext or tag)`);
    }
  }
  return Readable.from(plaintext(), { objectMode: false });
}

/** The plaintext size of a stored file from its size on disk, without decrypting it; null when absent. */
export async function storedPlaintextSize(file: string): Promise<number | null> {
  try {
    const layout = await readLayout(file);
    if (layout) return layout.ciphertextBytes;
    const handle = await open(file, 'r');
    try {
      const info = await handle.stat();
      return info.isFile() ? info.size : null;
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
}
