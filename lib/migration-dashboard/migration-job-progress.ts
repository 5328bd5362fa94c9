import type { EntityManager } from '@mikro-orm/postgresql';
import { cache } from '@/lib/cache';
import type { MigrationJobProgressDto, MigrationJobStatusDto } from './migration-dashboard.dto';

/**
 * Session-level advisory lock held by the connection of a running dashboard job: one job at a time
 * across instances, released by PostgreSQL if the process dies. (727_001 is the sync worker's.)
 */
export const MIGRATION_JOB_LOCK = 727_002;

const PROGRESS_KEY = 'migration:job';
// A running entry outlives a missed flush or two but not a crashed process; a finished one stays
// long enough for the page to show how the last run ended.
const RUNNING_TTL_SECONDS = 15;
const FINISHED_TTL_SECONDS = 600;

export function saveJobProgress(progress: MigrationJobProgressDto): Promise<void> {
  return cache().set(PROGRESS_KEY, progress, progress.state === 'running' ? RUNNING_TTL_SECONDS : FINISHED_TTL_SECONDS);
}

export async function isMigrationJobRunning(em: EntityManager): Promise<boolean> {
  const [row] = await em.execute<Array<{ running: boolean }>>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = ? AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ) AS running`,
    [MIGRATION_JOB_LOCK],
  );
  return row.running;
}

/**
 * The lock says whether a job runs; the cache says how far it got. A "running" entry without the
 * lock is what a crashed process left behind and is dropped. With the in-process cache (no
 * REDIS_URL), another instance's job shows as active without details.
 */
export async function readMigrationJobStatus(em: EntityManager): Promise<MigrationJobStatusDto> {
  const [running, stored] = await Promise.all([isMigrationJobRunning(em), cache().get<MigrationJobProgressDto>(PROGRESS_KEY)]);
  const progress = stored ?? null;
  if (!running) return { active: false, progress: progress?.state === 'running' ? null : progress };
  return { active: progress === null || progress.state === 'running', progress };
}
