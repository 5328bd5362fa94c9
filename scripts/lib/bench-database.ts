import os from 'node:os';
import path from 'node:path';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { runImport } from '@/lib/migration/run-import';
import { migrateToLatest } from '@/lib/schema-migrations';
import { createOrmConfig } from '@/mikro-orm.config';
import { loadEnvOrExit } from './runtime';

export type BenchDatabase = { url: string; stop: () => Promise<void> };

/**
 * A benchmark's own database on `DATABASE_URL`'s server, or on an embedded one (each benchmark on its
 * own port offset): fresh and migrated, or with `reuse` the previous run's as it was left. Named after
 * the checkout, so two checkouts benchmarking on one server do not drop each other's database.
 */
export async function openBenchDatabase(label: string, { reuse, portOffset }: { reuse: boolean; portOffset: number }): Promise<BenchDatabase> {
  const config = loadEnvOrExit();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir(`bench-${label}`),
    embeddedPort: config.EMBEDDED_PG_PORT + portOffset,
  });
  try {
    const name = checkoutDatabaseName(`pend_admin_bench_${label}`);
    if (reuse) {
      // Without its database the app would answer from the legacy files and the benchmark would time those.
      if (!(await databaseExists(server.url, name))) throw new Error(`--reuse: no database ${name} from an earlier run here; run once without --reuse`);
      return { url: Object.assign(new URL(server.url), { pathname: `/${name}` }).toString(), stop: () => server.stop() };
    }
    const url = await recreateDatabase(server.url, name);
    await migrateToLatest(url);
    return { url, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/**
 * Imports a legacy folder as `npm run migrate` does (as the migration owner), then lets the benchmark
 * top the tables up on the same connection.
 */
export async function importBenchFolder(url: string, dataDir: string, label: string, topUp?: (em: EntityManager) => Promise<void>): Promise<void> {
  const owner = await MikroORM.init(createOrmConfig({ clientUrl: url, asOwner: true }));
  try {
    console.log(`Importing ${dataDir}…`);
    await runImport(owner.em.fork(), {
      sourceDir: dataDir,
      backupDir: path.join(os.tmpdir(), `pend-bench-${label}-backups`),
      storageDir: path.join(os.tmpdir(), `pend-bench-${label}-kyc-storage`),
      context: { source: 'cli', actorLabel: 'bench' },
    });
    await topUp?.(owner.em.fork());
  } finally {
    await owner.close(true);
  }
}
