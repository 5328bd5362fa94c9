import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeInitialPasswordFile } from './runtime';

const PRODUCTION_SECRETS = {
  AUTH_SECRET: 'a'.repeat(43),
  PII_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  PII_HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
  ADMIN_SECRET_KEY: 'b'.repeat(40),
};

/** `npm start` as documented, in production, up to the point where it would open the database. */
function startInProduction(secrets: Record<string, string>) {
  const result = spawnSync(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/start.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ...secrets },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('npm start in production', () => {
  it.each(Object.keys(PRODUCTION_SECRETS))(
    'refuses to start without %s and names it',
    (name) => {
      const secrets: Record<string, string> = { ...PRODUCTION_SECRETS };
      delete secrets[name];
      const { status, stderr } = startInProduction(secrets);
      expect(status).toBe(1);
      expect(stderr).toContain(`${name}: required in production`);
    },
    90_000,
  );

  it('refuses an ADMIN_SECRET_KEY shorter than 32 characters', () => {
    const { status, stderr } = startInProduction({ ...PRODUCTION_SECRETS, ADMIN_SECRET_KEY: 'short-key' });
    expect(status).toBe(1);
    expect(stderr).toContain('ADMIN_SECRET_KEY: must be at least 32 characters in production');
  }, 90_000);
});

describe('the first super admin’s one-time password', () => {
  it('goes to a file only this user can read (0600 in a 0700 folder), with the password in it', () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pend-initial-')), '.data');
    const file = writeInitialPasswordFile(dataDir, 'admin@pend.local', 'OneTimePassword123456');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain('password: OneTimePassword123456');
  });
});
