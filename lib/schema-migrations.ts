import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { env } from '@/lib/env';
import { migrationNames } from '@/migrations';

export type MigrationResult = { applied: string[] };

/**
 * Applies pending schema migrations as the owner connection, then (re)grants the application role.
 * An explicit deploy step (`npm run db:migrate`, part of `npm start`), never run lazily on a request.
 */
export async function migrateToLatest(clientUrl?: string): Promise<MigrationResult> {
  const orm = await MikroORM.init(createOrmConfig({ asOwner: true, clientUrl }));
  try {
    const applied = await orm.getMigrator().up();
    await grantApplicationRole(orm);
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    await orm.close(true);
  }
}

/**
 * The app role gets DML everywhere except UPDATE/DELETE/TRUNCATE on the audit trail and its verified
 * checkpoints, and nothing on the deferred-index list (only the bulk-load functions touch it). Creating the role
 * needs CREATEROLE; without it an administrator must create it (the message says so).
 */
async function grantApplicationRole(orm: MikroORM): Promise<void> {
  const role = env().DATABASE_APP_ROLE;
  if (!role) return;
  const connection = orm.em.getConnection();
  await connection.execute(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE "${role}" NOLOGIN;
      END IF;
      EXECUTE format('GRANT %I TO %I', '${role}', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'role "${role}" is missing and % may not create it; create it or set DATABASE_APP_ROLE=""', current_user;
    END
    $$;
    GRANT USAGE ON SCHEMA public TO "${role}";
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}";
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${role}";
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_trail FROM "${role}";
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM "${role}";
    REVOKE ALL ON migration_deferred_indexes FROM "${role}";
    REVOKE DELETE, TRUNCATE ON export_jobs FROM "${role}";
  `);
}

/** Names of migrations that exist in code but are not applied in the database. */
export async function pendingMigrationNames(execute: (sql: string) => Promise<Array<{ name: string }>>): Promise<string[]> {
  const rows = await execute('SELECT name FROM mikro_orm_migrations');
  const applied = new Set(rows.map((row) => row.name));
  return migrationNames.filter((name) => !applied.has(name));
}
