import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { checkAdminKey, DEVELOPMENT_ADMIN_KEY, expectedAdminKey } from './admin-key';

const headers = (key?: string) => new Headers(key === undefined ? {} : { 'X-Admin-Key': key });
const production = {
  NODE_ENV: 'production',
  AUTH_SECRET: 'x'.repeat(32),
  PII_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
  PII_HMAC_KEY: Buffer.alloc(32).toString('base64'),
};

describe('X-Admin-Key check', () => {
  it('accepts development-admin-key only while ADMIN_SECRET_KEY is unset outside production', () => {
    const development = parseEnv({ NODE_ENV: 'development' });
    expect(checkAdminKey(headers(DEVELOPMENT_ADMIN_KEY), development)).toBe('valid');
    expect(expectedAdminKey(parseEnv(production))).toBeNull();
    expect(checkAdminKey(headers(DEVELOPMENT_ADMIN_KEY), parseEnv(production))).toBe('invalid');
    expect(checkAdminKey(headers(DEVELOPMENT_ADMIN_KEY), parseEnv({ NODE_ENV: 'development', ADMIN_SECRET_KEY: 's3cret' }))).toBe('invalid');
  });

  it('compares with ADMIN_SECRET_KEY exactly; a missing header is absent, not invalid', () => {
    const config = parseEnv({ ...production, ADMIN_SECRET_KEY: 's3cret-key' });
    expect(checkAdminKey(headers('s3cret-key'), config)).toBe('valid');
    expect(checkAdminKey(headers('s3cret-keyX'), config)).toBe('invalid');
    expect(checkAdminKey(headers('s3cret'), config)).toBe('invalid');
    expect(checkAdminKey(headers(), config)).toBe('absent');
    expect(checkAdminKey(headers(''), config)).toBe('absent');
  });
});
