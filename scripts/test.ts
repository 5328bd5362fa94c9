// npm test – typecheck, lint, format check, Vitest (unit + integration on real PostgreSQL), production build, Playwright e2e
import { resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { runEndToEnd } from './lib/e2e';
import { run, runConcurrently } from './lib/run';
import { loadEnvOrExit } from './lib/runtime';

async function main(): Promise<void> {
  const config = loadEnvOrExit();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('test'),
    embeddedPort: config.EMBEDDED_PG_PORT + 2,
  });
  console.log(server.embedded ? 'Tests use an embedded PostgreSQL (no DATABASE_URL)' : 'Tests use the server in DATABASE_URL');
  try {
    // Each check is one process on one core: on two cores tsc and ESLint side by side take the time of the longer (decision 082).
    await runConcurrently([
      { command: 'npx', args: ['tsc', '--noEmit'] },
      { command: 'npm', args: ['run', 'lint'] },
    ]);
    await run('npm', ['run', 'format:check']);
    await run('npx', ['vitest', 'run'], { ...process.env, DATABASE_URL: server.url });
    await runEndToEnd(server.url);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
