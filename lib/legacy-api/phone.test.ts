import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityFrom, identityHashOf, maskLegacyPhone, redactPhones } from './phone';
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

describe('redactPhones', () => {
  it('masks every full E.164 number anywhere in a body, with the legacy first-8-characters mask', () => {
    const body = {
      wallets: [{ phoneNumber: '+201012345678', maskedPhone: '+2010123****', amount: '250', nested: { recipientPhone: '+15551234567' } }],
      consent: '+201XXXXXXXX',
    };
    expect(redactPhones(body)).toEqual({
      wallets: [{ phoneNumber: '+2010123****', maskedPhone: '+2010123****', amount: '250', nested: { recipientPhone: '+1555123****' } }],
      consent: '+201XXXXXXXX',
    });
  });

  it('leaves masked numbers, hashes and amounts alone', () => {
    expect(maskLegacyPhone('+2010123****')).toBe('+2010123****');
    expect(redactPhones(['0xabc', '1000.5', 12, null, true])).toEqual(['0xabc', '1000.5', 12, null, true]);
  });
});
