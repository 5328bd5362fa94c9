import type { TestProject } from 'vitest/node';
import { env } from '@/lib/env';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { migrateToLatest } from '@/lib/schema-migrations';

/**
 * One fresh, migrated database for the whole Vitest run, on `DATABASE_URL`'s server when it is set,
 * else on an embedded server in a scratch folder. Workers inherit the URL through the environment.
 */
export default async function setup(project: TestProject) {
  const config = env();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('vitest'),
    embeddedPort: config.EMBEDDED_PG_PORT + 1,
  });
  const url = await recreateDatabase(server.url, checkoutDatabaseName('pend_admin_vitest'));
  process.env.DATABASE_URL = url;
  project.provide('serverUrl', server.url);
  await migrateToLatest(url);
  return async () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
  }
}
