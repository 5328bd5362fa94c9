// npm test – typecheck, lint, format check, Vitest (unit + integration on real PostgreSQL), production build, Playwright e2e
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { buildIfStale } from './lib/build';
import { run } from './lib/run';
import { loadEnvOrExit } from './lib/runtime';
import { legacyGenerator } from '@/lib/legacy/testing/generator-path';

async function main(): Promise<void> {
  const config = loadEnvOrExit();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('test'),
    embeddedPort: config.EMBEDDED_PG_PORT + 2,
  });
  console.log(server.embedded ? 'Tests use an embedded PostgreSQL (no DATABASE_URL)' : 'Tests use the server in DATABASE_URL');
  try {
    await run('npx', ['tsc', '--noEmit']);
    await run('npm', ['run', 'lint']);
    await run('npm', ['run', 'format:check']);
    await run('npx', ['vitest', 'run'], { ...process.env, DATABASE_URL: server.url });
    await buildIfStale();
    const e2eUrl = await recreateDatabase(server.url, checkoutDatabaseName('pend_admin_e2e'));
    // The e2e app follows a real legacy folder (legacy-gen small), imported before it starts.
    const legacyDir = path.resolve('.data', 'e2e-legacy');
    rmSync(legacyDir, { recursive: true, force: true });
    await run(process.execPath, [legacyGenerator(), '--out', legacyDir, '--scale', 'small', '--seed', '1']);
    // A real admin key, so the key-protected monitoring path is exercised too (never the development default).
    const e2eEnv = { ...process.env, DATABASE_URL: e2eUrl, LEGACY_DATA_DIR: legacyDir, ADMIN_SECRET_KEY: randomBytes(24).toString('hex') };
    await run(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/migrate.ts', '--from', legacyDir], e2eEnv);
    await run('npx', ['playwright', 'test'], e2eEnv);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
