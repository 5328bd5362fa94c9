import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('applies defaults for a bare environment', () => {
    const config = parseEnv({});
    expect(config.PORT).toBe(3002);
    expect(config.DATABASE_POOL_MAX).toBe(20);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.STORAGE_MODE).toBe('json-primary');
  });

  it('names the malformed variable in the error', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrowError(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'not a url' })).toThrowError(/DATABASE_URL: must be a URL/);
    expect(() => parseEnv({ STORAGE_MODE: 'both' })).toThrowError(EnvError);
  });

  it('requires AUTH_SECRET, both PII keys, ADMIN_SECRET_KEY and AUDIT_ANCHOR_KEY in production', () => {
    const message = (() => {
      try {
        parseEnv({ NODE_ENV: 'production' });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['AUTH_SECRET', 'PII_KEYS', 'PII_HMAC_KEY', 'ADMIN_SECRET_KEY', 'AUDIT_ANCHOR_KEY'])
      expect(message).toContain(`${name}: required in production`);
  });

  it('rejects an app role name that could inject SQL', () => {
    expect(() => parseEnv({ DATABASE_APP_ROLE: 'x"; DROP TABLE admin_users; --' })).toThrowError(/DATABASE_APP_ROLE/);
  });
});
