import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { appDatabaseUrl, configuredAppDatabaseUrl } from './lib/database-roles';
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

/** The owner's login, or a clear refusal: the Next process holds only the app's (DATABASE_APP_URL). */
function ownerDatabaseUrl(url: string | undefined): string {
  if (!url)
    throw new Error(
      'This step changes the schema or imports data and needs the owner login (DATABASE_URL); the app process is given only DATABASE_APP_URL. Run it with npm run db:migrate or npm run migrate.',
    );
  return url;
}

type PgClient = { query(sql: string, callback: (error: Error | null) => void): void };

/**
 * `asOwner` connections (schema migrations, the legacy import) log in as `DATABASE_URL`'s owner; every
 * other connection logs in as the application role (`appDatabaseUrl`), which owns nothing, may not
 * change the schema or the audit trail, and cannot `RESET ROLE` to the owner because it never was the
 * owner (decision 061). So the append-only rule holds in the database, not only in code.
 */
export function createOrmConfig({ asOwner = false, clientUrl }: { asOwner?: boolean; clientUrl?: string } = {}) {
  const config = env();
  const url = asOwner ? ownerDatabaseUrl(clientUrl ?? config.DATABASE_URL) : clientUrl ? appDatabaseUrl(clientUrl, config) : configuredAppDatabaseUrl(config);
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
          connection.query(`SET TIME ZONE 'UTC'`, (error) => done(error, connection));
        },
      },
    },
  });
}
