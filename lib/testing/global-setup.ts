import type { TestProject } from 'vitest/node';
import { env } from '@/lib/env';
import { checkoutDatabaseName, cloneDatabase, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { migrateToLatest } from '@/lib/schema-migrations';

/** As many test files run at once as the machine has cores, up to this: each worker has a database of its own. */
const TEST_WORKERS = 2;

/**
 * One fresh, migrated database, then one copy of it per worker (`<name>_w1`, `_w2`, …), on
 * `DATABASE_URL`'s server when it is set, else on an embedded server in a scratch folder. Test files
 * in one worker run one after another on that worker's database, as they did on the single shared one;
 * files in different workers never see each other's rows, storage mode or audit trail.
 */
export default async function setup(project: TestProject) {
  const config = env();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('vitest'),
    embeddedPort: config.EMBEDDED_PG_PORT + 1,
  });
  const name = checkoutDatabaseName('pend_admin_vitest');
  const url = await recreateDatabase(server.url, name);
  await migrateToLatest(url);
  const workerUrls: string[] = [];
  for (let worker = 1; worker <= TEST_WORKERS; worker += 1) workerUrls.push(await cloneDatabase(server.url, name, `${name}_w${worker}`));
  process.env.DATABASE_URL = url;
  project.provide('serverUrl', server.url);
  project.provide('workerDatabaseUrls', workerUrls);
  return async () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    workerDatabaseUrls: string[];
  }
}
