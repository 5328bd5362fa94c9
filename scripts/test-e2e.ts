// npm run test:e2e [-- <spec files or Playwright options>] – the e2e stage of `npm test` alone
import { resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { runEndToEnd } from './lib/e2e';
import { loadEnvOrExit } from './lib/runtime';

async function main(): Promise<void> {
  const config = loadEnvOrExit();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('test'),
    embeddedPort: config.EMBEDDED_PG_PORT + 2,
  });
  try {
    await runEndToEnd(server.url, process.argv.slice(2));
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
