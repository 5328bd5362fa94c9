import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { AppError } from '@/lib/errors';
import { closeInterruptedRuns } from './migration-runs.repository';
import { withPgClient } from './pg-client';

/**
 * One session-level advisory lock keeps runs and syncs of the migrated tables apart, across
 * processes and machines (the dashboard, `npm run migrate`, the sync worker, legacy-API writes):
 * a run (import, re-import, verify) holds it exclusively for its whole length, so its manifests,
 * tables and verification see no other writer; a sync holds it shared, for seconds, and stands
 * aside while a run holds it. PostgreSQL releases it when the holding process dies.
 * (727_001 is the sync worker's leader lock.)
 */
export const MIGRATION_RUN_LOCK = 727_002;

/** How long a run waits for syncs in flight to finish; it never waits for another run. */
const RUN_WAITS_FOR_SYNC = '30s';

export const RUN_IN_PROGRESS_MESSAGE = 'Another migration run (from the dashboard or the command line) is in progress. Wait until it ends.';

/**
 * Takes the run lock on `client` for a run. Returns false, at once, when another run holds it; a
 * sync holding it is waited for (bounded), since syncs are short and the run must not interleave.
 * Once held, runs still marked running are known dead and are closed as interrupted.
 */
export async function tryLockForRun(client: pg.Client): Promise<boolean> {
  if (!(await acquireForRun(client))) return false;
  await closeInterruptedRuns(client);
  return true;
}

async function acquireForRun(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_RUN_LOCK]);
  if (rows[0].locked) return true;
  if (await runHoldsLock(client)) return false;
  await client.query(`SELECT set_config('lock_timeout', $1, false)`, [RUN_WAITS_FOR_SYNC]);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_RUN_LOCK]);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false;
    throw error;
  } finally {
    await client.query('RESET lock_timeout');
  }
}

export async function unlockRun(client: pg.Client): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_RUN_LOCK]);
}

/** Runs `fn` holding the run lock on a connection of its own; CONFLICT when another run holds it. */
export function withRunLock<T>(em: EntityManager, fn: () => Promise<T>): Promise<T> {
  return withPgClient(em, async (lockClient) => {
    if (!(await tryLockForRun(lockClient))) throw new AppError('CONFLICT', RUN_IN_PROGRESS_MESSAGE);
    try {
      return await fn();
    } finally {
      await unlockRun(lockClient);
    }
  });
}

/** What a sync step returns, instead of running, while a migration run holds the lock. */
export const RUN_HOLDS_LOCK = Symbol('a migration run holds the run lock');

/** Runs a sync step holding the run lock shared on `client`: at once, or not at all while a run holds it. */
export async function withSyncLock<T>(client: pg.Client, fn: () => Promise<T>): Promise<T | typeof RUN_HOLDS_LOCK> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock_shared($1) AS locked', [MIGRATION_RUN_LOCK]);
  if (!rows[0].locked) return RUN_HOLDS_LOCK;
  try {
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock_shared($1)', [MIGRATION_RUN_LOCK]);
  }
}

// A bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.
const RUN_HOLDS_LOCK_SQL = `SELECT EXISTS (
   SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND mode = 'ExclusiveLock' AND classid = 0 AND objid = ${MIGRATION_RUN_LOCK} AND objsubid = 1
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
 ) AS running`;

async function runHoldsLock(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ running: boolean }>(RUN_HOLDS_LOCK_SQL);
  return rows[0].running;
}

/** Whether a run (from any process) holds the lock now; syncs holding it shared do not count. */
export async function isMigrationRunInProgress(em: EntityManager): Promise<boolean> {
  const [row] = await em.execute<Array<{ running: boolean }>>(RUN_HOLDS_LOCK_SQL);
  return row.running;
}
