import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { env } from './lib/env';
import { entities } from './lib/entities';
import { migrationsList } from './migrations';

type PgClient = { query(sql: string, callback: (error: Error | null) => void): void };

/**
 * `asOwner` connections run schema migrations; every other connection drops to the application role
 * (`DATABASE_APP_ROLE`), which the first migration grants DML on everything except UPDATE/DELETE of
 * `audit_trail`. So the append-only rule holds in the database, not only in code.
 */
export function createOrmConfig({ asOwner = false, clientUrl }: { asOwner?: boolean; clientUrl?: string } = {}) {
  const config = env();
  const appRole = asOwner ? '' : config.DATABASE_APP_ROLE;
  return defineConfig({
    clientUrl: clientUrl ?? config.DATABASE_URL,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    debug: config.DATABASE_DEBUG,
    pool: {
      min: config.DATABASE_POOL_MIN,
      max: config.DATABASE_POOL_MAX,
      acquireTimeoutMillis: config.DATABASE_ACQUIRE_TIMEOUT_MS,
      idleTimeoutMillis: config.DATABASE_IDLE_TIMEOUT_MS,
    },
    driverOptions: {
      connection: config.DATABASE_SSL ? { ssl: { rejectUnauthorized: true } } : {},
      pool: {
        reapIntervalMillis: 1_000,
        createRetryIntervalMillis: 200,
        propagateCreateError: false,
        afterCreate(connection: PgClient, done: (error: Error | null, connection: PgClient) => void) {
          const setup = `SET TIME ZONE 'UTC'${appRole ? `; SET ROLE "${appRole}"` : ''}`;
          connection.query(setup, (error) => done(error, connection));
        },
      },
    },
  });
}

export default createOrmConfig({ asOwner: true });
