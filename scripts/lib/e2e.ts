import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { checkoutDatabaseName, recreateDatabase } from '@/lib/database-server';
import { legacyGenerator } from '@/lib/legacy/testing/generator-path';
import { buildIfStale } from './build';
import { run } from './run';

/**
 * The e2e stage of `npm test`: a current build, a fresh e2e database, a real legacy folder (legacy-gen
 * small) imported before the app starts, then Playwright with `playwrightArgs` (spec files, `--grep`…).
 */
export async function runEndToEnd(serverUrl: string, playwrightArgs: string[] = []): Promise<void> {
  await buildIfStale();
  const e2eUrl = await recreateDatabase(serverUrl, checkoutDatabaseName('pend_admin_e2e'));
  const legacyDir = path.resolve('.data', 'e2e-legacy');
  rmSync(legacyDir, { recursive: true, force: true });
  await run(process.execPath, [legacyGenerator(), '--out', legacyDir, '--scale', 'small', '--seed', '1']);
  // A real admin key, so the key-protected monitoring path is exercised too (never the development default).
  // Its own Redis namespace too: the login throttle and upload budgets of an earlier run (or of Vitest) never count here.
  const e2eEnv = {
    ...process.env,
    DATABASE_URL: e2eUrl,
    LEGACY_DATA_DIR: legacyDir,
    ADMIN_SECRET_KEY: randomBytes(24).toString('hex'),
    REDIS_KEY_PREFIX: `pend-admin-e2e-${randomBytes(6).toString('hex')}:`,
  };
  await run(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/migrate.ts', '--from', legacyDir], e2eEnv);
  await run('npx', ['playwright', 'test', ...playwrightArgs], e2eEnv);
}
