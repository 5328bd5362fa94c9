import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityFrom, identityHashOf, maskLegacyPhone, redactPublicBody } from './phone';
import { legacyTestFolder } from './testing';

describe('identityHashOf', () => {
  it('is keccak-256, not SHA3-256 (the standard empty-input vector)', () => {
    expect(identityHashOf('')).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  it('derives the wallet-db key of a legacy phone number (legacy-gen registers +1234567890 first)', () => {
    const { root, dir } = legacyTestFolder(1);
    try {
      const [firstKey] = Object.keys(JSON.parse(readFileSync(path.join(dir, 'wallet-db.json'), 'utf8')) as Record<string, string>);
      expect(identityHashOf('+1234567890')).toBe(firstKey);
      expect(identityFrom(firstKey.toUpperCase().replace('0X', '0x'))).toBe(firstKey);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('redactPublicBody', () => {
  const body = {
    wallets: [
      {
        identityHash: `0x${'a'.repeat(64)}`,
        phoneHash: `0x${'b'.repeat(64)}`,
        phoneNumber: '+201012345678',
        maskedPhone: '+2010123****',
        amount: '250',
        nested: { recipientPhone: '+15551234567', senderIdentityHash: `0x${'c'.repeat(64)}`, txHash: `0x${'d'.repeat(64)}` },
      },
    ],
    consent: '+201XXXXXXXX',
  };

  // Privacy wins over the legacy contract (issue 13): the legacy mask showed the first 8 characters.
  it('masks every full or masked number anywhere to the country code and the last two digits, and omits identity hashes', () => {
    expect(redactPublicBody(body, { exposeIdentity: false })).toEqual({
      wallets: [
        { phoneNumber: '+20********78', maskedPhone: '+20*********', amount: '250', nested: { recipientPhone: '+1********67', txHash: `0x${'d'.repeat(64)}` } },
      ],
      consent: '+20*********',
    });
  });

  it('keeps identity and phone hashes when LEGACY_PUBLIC_IDENTITY=expose', () => {
    const exposed = redactPublicBody(body, { exposeIdentity: true }) as typeof body;
    expect(exposed.wallets[0].identityHash).toBe(body.wallets[0].identityHash);
    expect(exposed.wallets[0].phoneHash).toBe(body.wallets[0].phoneHash);
    expect(exposed.wallets[0].nested.senderIdentityHash).toBe(body.wallets[0].nested.senderIdentityHash);
    expect(exposed.wallets[0].phoneNumber).toBe('+20********78');
  });

  it('leaves hashes, amounts and other values alone, and masks idempotently', () => {
    expect(maskLegacyPhone(maskLegacyPhone('+201012345678'))).toBe('+20********78');
    expect(redactPublicBody(['0xabc', '1000.5', 12, null, true, '+20 dollars'], { exposeIdentity: false })).toEqual([
      '0xabc',
      '1000.5',
      12,
      null,
      true,
      '+20 dollars',
    ]);
  });
});
