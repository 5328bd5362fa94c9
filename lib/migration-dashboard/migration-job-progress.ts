import type { EntityManager } from '@mikro-orm/postgresql';
import { cache } from '@/lib/cache';
import { isMigrationRunInProgress } from '@/lib/migration/run-lock';
import type { MigrationJobProgressDto, MigrationJobStatusDto } from './migration-dashboard.dto';

const PROGRESS_KEY = 'migration:job';
// A running entry outlives a missed flush or two but not a crashed process; a finished one stays
// long enough for the page to show how the last run ended.
const RUNNING_TTL_SECONDS = 15;
const FINISHED_TTL_SECONDS = 600;

export function saveJobProgress(progress: MigrationJobProgressDto): Promise<void> {
  return cache().set(PROGRESS_KEY, progress, progress.state === 'running' ? RUNNING_TTL_SECONDS : FINISHED_TTL_SECONDS);
}

/**
 * The run lock says whether a run is going; the cache says how far a dashboard job got. A "running"
 * entry without the lock is what a crashed process left behind and is dropped. A run of another
 * instance (with the in-process cache, no REDIS_URL) or of the CLI shows as active without details,
 * whatever the last dashboard job left in the cache.
 */
export async function readMigrationJobStatus(em: EntityManager): Promise<MigrationJobStatusDto> {
  const [running, stored] = await Promise.all([isMigrationRunInProgress(em), cache().get<MigrationJobProgressDto>(PROGRESS_KEY)]);
  const progress = stored ?? null;
  if (!running) return { active: false, progress: progress?.state === 'running' ? null : progress };
  // Held while the cache holds a finished job: the lock belongs to a run that job knows nothing of.
  return { active: true, progress: progress?.state === 'running' ? progress : null };
}
