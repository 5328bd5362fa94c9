import PgBoss from 'pg-boss';

/** The PostgreSQL schema pg-boss keeps its tables in; created and upgraded by `db:migrate` (decision 068). */
export const JOB_SCHEMA = 'pgboss';

type BossOptions = { connectionString: string; max?: number; asRunner?: boolean };

/** A pg-boss instance on `connectionString` that never changes the schema; only the runner supervises and schedules. */
export function createBoss({ connectionString, max = 2, asRunner = false }: BossOptions): PgBoss {
  return new PgBoss({ connectionString, schema: JOB_SCHEMA, max, migrate: false, supervise: asRunner, schedule: asRunner, application_name: 'pend-jobs' });
}
