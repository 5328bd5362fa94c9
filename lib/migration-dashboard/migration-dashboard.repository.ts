import type { EntityManager } from '@mikro-orm/postgresql';
import type { RunState, SourceState } from '@/lib/migration/migration-runs.repository';

export type SourceStateRow = {
  source: string;
  state: SourceState;
  read_count: number;
  written_count: number;
  quarantined_count: number;
  orphaned_count: number;
  mismatched_count: number;
  db_root_hash: string | null;
  import_ms: number | null;
  verify_ms: number | null;
  verified_at: string | null;
  verified_by: string | null;
  error: string | null;
  last_synced_at: string | null;
  drift_count: number | null;
  drift_keys: string[] | null;
  drift_checked_at: string | null;
  file_exists: boolean | null;
  size_bytes: string | null;
  sha256: string | null;
  root_hash: string | null;
  lag_ms: number | null;
};

/**
 * Every source's stored state with the manifest its data came from and its latest sync lag. One row
 * per source that was ever touched (at most one per legacy file), so the cost does not grow with data.
 * `sync_events` is indexed by `committed_at` only: the lag lookup is fenced to the hour before the
 * source's `last_synced_at` (written right after its event), an index range scan instead of a walk
 * back through the whole event history for a source that rarely changes.
 */
export function findSourceStates(em: EntityManager): Promise<SourceStateRow[]> {
  return em.execute<SourceStateRow[]>(`
    SELECT s.source, s.state, s.read_count, s.written_count, s.quarantined_count, s.orphaned_count, s.mismatched_count,
           s.db_root_hash, s.import_ms, s.verify_ms, s.verified_at, s.verified_by, s.error,
           s.last_synced_at, s.drift_count, s.drift_keys, s.drift_checked_at,
           m.file_exists, m.size_bytes, m.sha256, m.root_hash, lag.lag_ms
      FROM migration_source_state s
      LEFT JOIN migration_manifests m ON m.id = s.manifest_id
      LEFT JOIN LATERAL (
        SELECT e.lag_ms FROM sync_events e
         WHERE e.source = s.source AND e.committed_at <= s.last_synced_at AND e.committed_at > s.last_synced_at - interval '1 hour'
         ORDER BY e.committed_at DESC LIMIT 1
      ) lag ON true`);
}

export type RunRow = {
  id: string;
  kind: string;
  state: RunState;
  only: string[] | null;
  started_by: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
};

/** The newest runs first, by the `started_at` index; the summary JSON is left out (it can be large). */
export function findRecentRuns(em: EntityManager, limit: number): Promise<RunRow[]> {
  return em.execute<RunRow[]>(
    `SELECT id, kind, state, CASE WHEN jsonb_typeof(options->'only') = 'array' THEN options->'only' END AS only,
            started_by, started_at, finished_at, error
       FROM migration_runs ORDER BY started_at DESC LIMIT ?`,
    [limit],
  );
}

/** The folder the latest import read: what the data in PostgreSQL was checked against last. */
export async function findLatestImportFolder(em: EntityManager): Promise<string | null> {
  const [row] = await em.execute<Array<{ source_dir: string }>>(
    `SELECT source_dir FROM migration_runs WHERE kind = 'import' ORDER BY started_at DESC LIMIT 1`,
  );
  return row?.source_dir ?? null;
}
