import { decryptPii } from '@/lib/crypto';
import { piiKeyring } from '@/lib/pii-keyring';

/** The display mask: country code, hidden digits, at most the last two digits. */
export const SHORT_PHONE_MASK = /^(\+\d{1,3} )?•+\d{0,2}$/;

/** Columns to select for `storedPhone`: `encode(<col>_encrypted, 'base64') AS ciphertext, <col>_key_id AS key_id`. */
export const storedPhoneColumns = (column: string) => `encode(${column}_encrypted, 'base64') AS ciphertext, ${column}_key_id AS key_id`;

/** The full number of a stored phone, decrypted with the test run's keyring: only tests need it in clear. */
export function storedPhone(row: { ciphertext: string; key_id: string }): string {
  return decryptPii(piiKeyring(), row.key_id, Buffer.from(row.ciphertext, 'base64'));
}
