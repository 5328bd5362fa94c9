import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  callingCodeOf,
  decryptPii,
  encryptPii,
  generateKeyringText,
  lastFourToken,
  maskPhone,
  parseKeyring,
  phoneSearchTokens,
  prefixToken,
} from './crypto';

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

  it('blind index ignores formatting', () => {
    expect(blindIndex(keyring, '+20 110-020-0636').equals(blindIndex(keyring, '+201100200636'))).toBe(true);
  });

  it('finds where the country calling code ends for one-, two- and three-digit codes', () => {
    expect(['15550001111', '79161234567', '201100200636', '447911123456', '966501234567', '971501234567'].map(callingCodeOf)).toEqual([
      '1',
      '7',
      '20',
      '44',
      '966',
      '971',
    ]);
  });

  it('masks to the country code and the last two digits only', () => {
    expect(maskPhone('+201100200636')).toBe('+20 ••••••••36');
    expect(maskPhone('+966501234567')).toBe('+966 •••••••67');
    expect(maskPhone('+15550001111')).toBe('+1 ••••••••11');
    expect(maskPhone('+201100200636', { hidden: '*', afterCountry: '' })).toBe('+20********36');
  });

  it('re-masks a legacy mask without revealing its visible prefix, and is idempotent', () => {
    expect(maskPhone('+2010123****')).toBe('+20 •••••••••');
    expect(maskPhone('+2•••')).toBe('+••••');
    expect(maskPhone('+201XXXXXXXX')).toBe('+20 •••••••••');
    expect(maskPhone(maskPhone('+201100200636'))).toBe('+20 ••••••••36');
  });

  it('hides every digit of a short or local number but the last two when long enough', () => {
    expect(maskPhone('12345')).toBe('•••••');
    expect(maskPhone('01001234567')).toBe('•••••••••67');
  });

  it('never leaves more than two digits outside the country code in a mask', () => {
    for (const phone of ['+201100200636', '+2010123****', '+447911123456', '+97150123', '0100123456789']) {
      const masked = maskPhone(phone);
      const afterCountry = masked.startsWith('+') ? masked.slice(masked.indexOf(' ') + 1) : masked;
      expect(afterCountry.replace(/\D/g, '').length, masked).toBeLessThanOrEqual(2);
    }
  });

  it('search tokens are keyed, domain-separated and match the query tokens', () => {
    const tokens = phoneSearchTokens(keyring, '+201100200636');
    expect(tokens.last4Token.equals(lastFourToken(keyring, '0636'))).toBe(true);
    expect(tokens.prefixTokens.map((token) => token.toString('hex'))).toEqual(
      ['201', '2011', '20110', '201100', '2011002'].map((digits) => prefixToken(keyring, digits).toString('hex')),
    );
    expect(lastFourToken(keyring, '2011').equals(prefixToken(keyring, '2011'))).toBe(false);
    expect(blindIndex(keyring, '0636').equals(lastFourToken(keyring, '0636'))).toBe(false);
    const otherKeyring = parseKeyring(keys, generateKeyringText().hmacKey);
    expect(lastFourToken(otherKeyring, '0636').equals(tokens.last4Token)).toBe(false);
  });

  it('leaves at least one digit of a short number outside every token', () => {
    expect(phoneSearchTokens(keyring, '+15550001').prefixTokens).toHaveLength(1);
    expect(phoneSearchTokens(keyring, '+1555000').prefixTokens).toHaveLength(0);
  });

  it('rejects a malformed key ring with a clear message', () => {
    expect(() => parseKeyring('k1:short', hmacKey)).toThrow(/PII_KEYS entry "k1"/);
  });
});
