import { describe, expect, it } from 'vitest';
import { blindIndex, lastFourToken, prefixToken } from '@/lib/crypto';
import { piiKeyring } from '@/lib/pii-keyring';
import { phoneMatch, phoneQuery } from './phone-search';

describe('phoneQuery', () => {
  it('reads four digits as the last four, + and 3–7 digits as a prefix, + and 8 or more as the whole number', () => {
    const keyring = piiKeyring();
    expect(phoneQuery(' 06-36 ')).toEqual({ by: 'last4_token', token: lastFourToken(keyring, '0636') });
    expect(phoneQuery('+20 10')).toEqual({ by: 'prefix_tokens', token: prefixToken(keyring, '2010') });
    expect(phoneQuery('+20 110 020 0636')).toEqual({ by: 'hmac', token: blindIndex(keyring, '+201100200636') });
  });

  it('is not a phone query for words, three digits, a bare country code or a wallet prefix', () => {
    for (const text of ['pool', '063', '+20', '0x4ac7', '12345']) expect(phoneQuery(text), text).toBeNull();
  });

  it('compares tokens, never digits, in the SQL it builds', () => {
    const match = phoneMatch('w.full_phone', phoneQuery('+2010')!);
    expect(match.text).toBe(`w.full_phone_prefix_tokens @> ARRAY[decode(?, 'hex')]`);
    expect(match.values).toEqual([prefixToken(piiKeyring(), '2010').toString('hex')]);
    expect(phoneMatch('phone', phoneQuery('0636')!).text).toBe(`phone_last4_token = decode(?, 'hex')`);
  });
});
