import { describe, expect, it } from 'vitest';
import { blindIndex, decryptPii, encryptPii, generateKeyringText, maskPhone, parseKeyring } from './crypto';

const { keys, hmacKey } = generateKeyringText();
const keyring = parseKeyring(keys, hmacKey);

describe('PII crypto', () => {
  it('round-trips a phone number and is deterministic for the same plaintext', () => {
    const first = encryptPii(keyring, '+201100200636');
    expect(decryptPii(keyring, first.keyId, first.ciphertext)).toBe('+201100200636');
    expect(encryptPii(keyring, '+201100200636').ciphertext.equals(first.ciphertext)).toBe(true);
    expect(encryptPii(keyring, '+201100200637').ciphertext.equals(first.ciphertext)).toBe(false);
  });

  it('refuses a tampered ciphertext', () => {
    const { keyId, ciphertext } = encryptPii(keyring, '+201100200636');
    ciphertext[ciphertext.length - 1] ^= 1;
    expect(() => decryptPii(keyring, keyId, ciphertext)).toThrow();
  });

  it('keeps old rows readable after rotation to a new current key', () => {
    const old = encryptPii(keyring, '+15550001111');
    const rotated = parseKeyring(`k2:${generateKeyringText().keys.split(':')[1]},${keys}`, hmacKey);
    expect(rotated.currentKeyId).toBe('k2');
    expect(decryptPii(rotated, old.keyId, old.ciphertext)).toBe('+15550001111');
  });

  it('blind index ignores formatting; mask hides the last four digits', () => {
    expect(blindIndex(keyring, '+20 110-020-0636').equals(blindIndex(keyring, '+201100200636'))).toBe(true);
    expect(maskPhone('+201100200636')).toBe('+20110020****');
  });

  it('rejects a malformed key ring with a clear message', () => {
    expect(() => parseKeyring('k1:short', hmacKey)).toThrow(/PII_KEYS entry "k1"/);
  });
});
