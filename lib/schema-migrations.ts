import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { AUDITOR_ROLE, appLoginPassword } from '@/lib/database-roles';
import { env } from '@/lib/env';
import { installJobQueue, jobQueueGrantsSql } from '@/lib/jobs/job-queue';
import { migrationNames } from '@/migrations';

export type MigrationResult = { applied: string[] };

/**
 * Applies pending schema migrations as the owner connection, creates or upgrades the job queue's schema
 * (pg-boss, decision 068), then (re)grants the application role.
 * An explicit deploy step (`npm run db:migrate`, part of `npm start`), never run lazily on a request.
 */
export async function migrateToLatest(clientUrl?: string): Promise<MigrationResult> {
  const ownerUrl = clientUrl ?? env().DATABASE_URL;
  if (!ownerUrl) throw new Error('migrateToLatest needs a database URL (DATABASE_URL)');
  const orm = await MikroORM.init(createOrmConfig({ asOwner: true, clientUrl: ownerUrl }));
  try {
    const applied = await orm.getMigrator().up();
    await installJobQueue(ownerUrl);
    await grantApplicationRole(orm, ownerUrl);
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    await orm.close(true);
  }
}

/**
 * Three roles (decision 061): the owner (whoever runs this), the application LOGIN role, and the
 * read-only auditor. The app role gets DML everywhere except UPDATE/DELETE/TRUNCATE on the audit trail
 * and its verified checkpoints, and nothing on the deferred-index list (only the bulk-load functions
 * touch it); it owns nothing, may create nothing in the schema, and is no member of the owner, so
 * `RESET ROLE` leaves it itself. Its password is set on every run (`appLoginPassword`), so the login
 * follows the owner's password. Creating the roles needs CREATEROLE; without it an administrator must
 * create them (the message says so).
 */
async function grantApplicationRole(orm: MikroORM, ownerUrl: string): Promise<void> {
  const role = env().DATABASE_APP_ROLE;
  if (!role) return;
  const password = appLoginPassword(ownerUrl, role);
  const connection = orm.em.getConnection();
  await connection.execute(
    `
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE "${role}" NOLOGIN;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${AUDITOR_ROLE}') THEN
        CREATE ROLE "${AUDITOR_ROLE}" NOLOGIN;
      END IF;
      EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', '${role}', ?::text);
      EXECUTE format('GRANT %I TO %I', '${role}', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'roles "${role}" and "${AUDITOR_ROLE}" are missing or % may not change them; create them or set DATABASE_APP_ROLE=""', current_user;
    END
    $$;
    DO $$
    BEGIN
      -- PostgreSQL 15 no longer lets PUBLIC create in public; older servers do. Not the schema's owner: nothing to revoke from.
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    EXCEPTION WHEN insufficient_privilege THEN NULL;
    END
    $$;
    REVOKE CREATE ON SCHEMA public FROM "${role}";
    GRANT USAGE ON SCHEMA public TO "${role}";
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}";
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${role}";
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_trail FROM "${role}";
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM "${role}";
    REVOKE ALL ON migration_deferred_indexes FROM "${role}";
    REVOKE DELETE, TRUNCATE ON export_jobs FROM "${role}";
    -- Only the chain tables' triggers and chain_block_numbers_add_named() (SECURITY DEFINER) write the block-number registry (decision 081).
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON chain_block_numbers FROM "${role}";
    -- Only analytics_refresh() (SECURITY DEFINER) records refreshes: the "last refreshed" time cannot be set by the app.
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON analytics_refreshes FROM "${role}";
    ${jobQueueGrantsSql(role)}
    GRANT USAGE ON SCHEMA public TO "${AUDITOR_ROLE}";
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${AUDITOR_ROLE}";
  `,
    [password],
  );
}

/** Names of migrations that exist in code but are not applied in the database. */
export async function pendingMigrationNames(execute: (sql: string) => Promise<Array<{ name: string }>>): Promise<string[]> {
  const rows = await execute('SELECT name FROM mikro_orm_migrations');
  const applied = new Set(rows.map((row) => row.name));
  return migrationNames.filter((name) => !applied.has(name));
}
