import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { containsSealedPii, maskSealedPii, SEAL_PREFIX, sealPii, unsealPii } from './sealed-pii';

const LEGACY_VALUES: Array<[string, JsonValue]> = [
  ['a full number', { recipientPhone: '+201012345678' }],
  ['a legacy mask', { phoneNumber: '+2010123****' }],
  ['an X mask', { phoneNumber: '+201XXXXXXXX' }],
  ['a spaced number under any name', { contact: '+20 101 234 5678' }],
  ['a dashed number in free text', { note: 'call +20-101-234-5678 after six' }],
  ['digits without + under a phone member', { backupPhone: '201012345678' }],
  ['a number-typed phone member', { backupPhone: 201012345678 }],
  ['a string that already looks sealed', { label: `${SEAL_PREFIX}+20****:k1:AAAA` }],
  ['nested arrays', { history: [{ mobile: '01012345678' }, '+1555123456'] }],
  ['a "__proto__" member', JSON.parse('{"__proto__": {"phone": "+201012345678"}}') as JsonValue],
];

describe('sealPii / unsealPii', () => {
  it.each(LEGACY_VALUES)('seals %s and unseals it to exactly the legacy value', (_, value) => {
    const sealed = sealPii(value);
    // The ciphertext is random base64 under a fresh test key and may hold digit runs by chance: only the rest is checked.
    const readable = JSON.stringify(sealed).replace(/(pii1:[^:"]*:[^:"]*:)[A-Za-z0-9+/=]+/g, '$1');
    expect(readable).not.toMatch(/\d{5}/);
    expect(containsSealedPii(sealed)).toBe(true);
    expect(JSON.stringify(unsealPii(sealed))).toBe(JSON.stringify(value));
  });

  it('leaves values that hold no phone untouched: timestamps, amounts, hashes, short numbers under other names', () => {
    const value = { amount: '1000000000000000000', at: '2025-11-30T23:51:22.860Z', block: 20370, hash: `0x${'ab'.repeat(32)}`, tier: 3 };
    expect(sealPii(value)).toEqual(value);
  });

  it('shows a sealed number as the country code and two digits, and a sealed text without a number as dots', () => {
    const sealed = sealPii({ phoneNumber: '+201012345678', mask: '+2010123****', note: 'call +201012345678' });
    expect(maskSealedPii(sealed)).toEqual({ phoneNumber: '+20********78', mask: '+20*********', note: '••••' });
  });

  it('writes the same sealed text for the same value, so a re-import changes no row', () => {
    expect(sealPii({ phone: '+201012345678' })).toEqual(sealPii({ phone: '+201012345678' }));
  });
});
