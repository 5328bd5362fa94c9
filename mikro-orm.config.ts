import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { env } from './lib/env';
import { entities } from './lib/entities';
import { migrationsList } from './migrations';

/**
 * TLS from DATABASE_SSL=true (verified) or the URL's libpq-style `sslmode`, which MikroORM's URL parsing
 * would otherwise drop: `require` encrypts without verifying, `verify-ca`/`verify-full` verify.
 */
export function sslOptions(url: string | undefined, forceVerified: boolean): { rejectUnauthorized: boolean } | undefined {
  const mode = url ? new URL(url).searchParams.get('sslmode') : null;
  if (forceVerified || mode === 'verify-ca' || mode === 'verify-full') return { rejectUnauthorized: true };
  if (mode === 'require') return { rejectUnauthorized: false };
  return undefined;
}

type PgClient = { query(sql: string, callback: (error: Error | null) => void): void };

/**
 * `asOwner` connections run schema migrations; every other connection drops to the application role
 * (`DATABASE_APP_ROLE`), which the first migration grants DML on everything except UPDATE/DELETE of
 * `audit_trail`. So the append-only rule holds in the database, not only in code.
 */
export function createOrmConfig({ asOwner = false, clientUrl }: { asOwner?: boolean; clientUrl?: string } = {}) {
  const config = env();
  const appRole = asOwner ? '' : config.DATABASE_APP_ROLE;
  const url = clientUrl ?? config.DATABASE_URL;
  const ssl = sslOptions(url, config.DATABASE_SSL);
  return defineConfig({
    clientUrl: url,
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
      connection: ssl ? { ssl } : {},
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
