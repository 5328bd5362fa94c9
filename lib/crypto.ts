import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * PII protection for phone numbers: AES-256-GCM ciphertext (`keyId` + 12-byte nonce + tag + data)
 * plus a keyed HMAC-SHA-256 blind index for exact lookup without decrypting. Several keys may be
 * loaded at once so old rows stay readable while new ones are written with the current key (rotation).
 */
export type PiiKeyring = { currentKeyId: string; keys: Map<string, Buffer>; hmacKey: Buffer };

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The nonce is synthetic (HMAC of key id and plaintext), so the same number always encrypts to the
 * same bytes: re-running an import rewrites nothing, and a nonce never repeats for two different
 * plaintexts. Equality is already visible through the blind index, so nothing new leaks.
 */
export function encryptPii(keyring: PiiKeyring, plaintext: string): { keyId: string; ciphertext: Buffer } {
  const key = keyring.keys.get(keyring.currentKeyId)!;
  const nonce = createHmac('sha256', keyring.hmacKey).update(`nonce:${keyring.currentKeyId}:${plaintext}`).digest().subarray(0, NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: keyring.currentKeyId, ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), data]) };
}

export function decryptPii(keyring: PiiKeyring, keyId: string, ciphertext: Buffer): string {
  const key = keyring.keys.get(keyId);
  if (!key) throw new Error(`PII key "${keyId}" is not loaded`);
  const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(ciphertext.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(ciphertext.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

export function blindIndex(keyring: PiiKeyring, value: string): Buffer {
  return createHmac('sha256', keyring.hmacKey).update(value.replace(/[\s-]/g, '')).digest();
}

/** `+2010123****`-style mask: country and operator prefix kept, the last four digits hidden. */
export function maskPhone(phone: string): string {
  return phone.length <= 4 ? '****' : `${phone.slice(0, -4)}****`;
}

/**
 * Keyring from env text: `PII_KEYS` = `id1:base64key,id2:base64key` (the first is current),
 * `PII_HMAC_KEY` = base64. Keys are 32 bytes.
 */
export function parseKeyring(keysText: string, hmacKeyText: string): PiiKeyring {
  const entries = keysText.split(',').map((entry) => {
    const [id, encoded] = entry.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error(`PII_KEYS entry "${id ?? ''}" must be "id:<32 bytes base64>"`);
    return [id, key] as const;
  });
  const hmacKey = Buffer.from(hmacKeyText, 'base64');
  if (hmacKey.length < 32) throw new Error('PII_HMAC_KEY must be at least 32 bytes, base64');
  return { currentKeyId: entries[0][0], keys: new Map(entries), hmacKey };
}

export function generateKeyringText(): { keys: string; hmacKey: string } {
  return { keys: `k1:${randomBytes(32).toString('base64')}`, hmacKey: randomBytes(32).toString('base64') };
}
