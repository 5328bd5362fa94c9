import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { checkAdminKey, DEVELOPMENT_ADMIN_KEY, expectedAdminKey } from './admin-key';

const headers = (key?: string) => new Headers(key === undefined ? {} : { 'X-Admin-Key': key });
const production = {
  NODE_ENV: 'production',
  AUTH_SECRET: 'x'.repeat(32),
  PII_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
  PII_HMAC_KEY: Buffer.alloc(32).toString('base64'),
  AUDIT_ANCHOR_KEY: Buffer.alloc(32).toString('base64'),
};

describe('X-Admin-Key check', () => {
  it('accepts development-admin-key only while ADMIN_SECRET_KEY is unset outside production (production does not start without it)', () => {
    const development = parseEnv({ NODE_ENV: 'development' });
    expect(checkAdminKey(headers(DEVELOPMENT_ADMIN_KEY), development)).toBe('valid');
    expect(expectedAdminKey(development)).toBe(DEVELOPMENT_ADMIN_KEY);
    expect(() => parseEnv(production)).toThrowError(/ADMIN_SECRET_KEY: required in production/);
    expect(checkAdminKey(headers(DEVELOPMENT_ADMIN_KEY), parseEnv({ NODE_ENV: 'development', ADMIN_SECRET_KEY: 's3cret' }))).toBe('invalid');
  });

  it('compares with ADMIN_SECRET_KEY exactly; a missing header is absent, not invalid', () => {
    const key = 's3cret-key-of-at-least-32-characters';
    const config = parseEnv({ ...production, ADMIN_SECRET_KEY: key });
    expect(checkAdminKey(headers(key), config)).toBe('valid');
    expect(checkAdminKey(headers(`${key}X`), config)).toBe('invalid');
    expect(checkAdminKey(headers('s3cret'), config)).toBe('invalid');
    expect(checkAdminKey(headers(), config)).toBe('absent');
    expect(checkAdminKey(headers(''), config)).toBe('absent');
  });
});
