import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, inject } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import { checkoutDatabaseName, recreateDatabase } from '@/lib/database-server';
import { migrateToLatest } from '@/lib/schema-migrations';

/**
 * A freshly migrated database of its own for one test file, on the test server, with an ORM on the
 * application role: for tests that must start from an empty database whatever other files left in
 * the shared one.
 */
export async function useFreshDatabase(prefix: string): Promise<{ url: string; orm: MikroORM }> {
  const url = await recreateDatabase(inject('serverUrl'), checkoutDatabaseName(prefix));
  await migrateToLatest(url);
  const orm = await MikroORM.init({ ...createOrmConfig({ clientUrl: url }), allowGlobalContext: true });
  afterAll(() => orm.close(true));
  return { url, orm };
}
