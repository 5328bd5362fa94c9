import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetColumn, type KeysetPage } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal } from '@/lib/list-query/total';
import type { RunState, SourceState } from '@/lib/migration/migration-runs.repository';
import type { ListMigrationRunsQuery } from './migration-dashboard.schemas';

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

/** The folder the latest import read: what the data in PostgreSQL was checked against last. */
export async function findLatestImportFolder(em: EntityManager): Promise<string | null> {
  const [row] = await em.execute<Array<{ source_dir: string }>>(`SELECT source_dir FROM migration_runs WHERE kind = 'import' ORDER BY started_at DESC LIMIT 1`);
  return row?.source_dir ?? null;
}

const RUN_FROM = sql.raw('migration_runs r');
const RUN_SORT_COLUMNS: Record<ListMigrationRunsQuery['sort'][number]['column'], KeysetColumn> = {
  startedAt: { expr: sql.raw('r.started_at'), cast: 'timestamptz', nullable: false },
  kind: { expr: sql.raw('r.kind'), cast: 'text', nullable: false },
  state: { expr: sql.raw('r.state'), cast: 'text', nullable: false },
  startedBy: { expr: sql.raw('r.started_by'), cast: 'text', nullable: false },
};
const RUN_SORT_TYPES = { startedAt: 'date', kind: 'text', state: 'text', startedBy: 'text' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function runWhere(query: ListMigrationRunsQuery): SqlFragment[] {
  const where: SqlFragment[] = [];
  const { kind, state, startedAt, durationSeconds } = query.filters;
  if (query.q) {
    const byStarter = sql`r.started_by ILIKE ${`%${query.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`}`;
    where.push(UUID.test(query.q) ? sql.or([byStarter, sql`r.id = ${query.q}::uuid`]) : byStarter);
  }
  if (kind) where.push(sql`r.kind IN (${kind})`);
  if (state) where.push(sql`r.state IN (${state})`);
  if (startedAt?.from) where.push(sql`r.started_at >= ${startedAt.from}::timestamptz`);
  if (startedAt?.before) where.push(sql`r.started_at < ${startedAt.before}::timestamptz`);
  const duration = sql.raw('extract(epoch FROM r.finished_at - r.started_at)');
  if (durationSeconds?.min) where.push(sql`${duration} >= ${durationSeconds.min}::numeric`);
  if (durationSeconds?.max) where.push(sql`${duration} <= ${durationSeconds.max}::numeric`);
  return where;
}

/** One keyset page of the run history (the summary JSON left out) and its honest total. */
export async function findRunPage(em: EntityManager, query: ListMigrationRunsQuery): Promise<KeysetPage<RunRow> & { total: ListTotal }> {
  const where = runWhere(query);
  const [page, total] = await Promise.all([
    findKeysetPage<RunRow, keyof typeof RUN_SORT_COLUMNS>(em, {
      select: sql.raw(
        `r.id, r.kind, r.state, CASE WHEN jsonb_typeof(r.options->'only') = 'array' THEN r.options->'only' END AS only,
         r.started_by, r.started_at, r.finished_at, r.error`,
      ),
      from: RUN_FROM,
      where,
      columns: RUN_SORT_COLUMNS,
      id: { expr: sql.raw('r.id'), cast: 'uuid' },
      ...keysetPaging(query, RUN_SORT_TYPES, 'uuid'),
    }),
    findListTotal(em.fork(), { table: 'migration_runs', from: RUN_FROM, where, filtered: isFiltered(query) }),
  ]);
  return { ...page, total };
}

/** How many runs there are of each kind and in each state (the run grid's filter counts). */
export async function findRunFacetCounts(em: EntityManager): Promise<{ kind: Record<string, number>; state: Record<string, number> }> {
  const rows = await em.execute<Array<{ facet: 'kind' | 'state'; value: string; count: string }>>(
    `SELECT 'kind' AS facet, kind AS value, count(*) AS count FROM migration_runs GROUP BY kind
     UNION ALL SELECT 'state', state, count(*) FROM migration_runs GROUP BY state`,
  );
  const counts = { kind: {} as Record<string, number>, state: {} as Record<string, number> };
  for (const row of rows) counts[row.facet][row.value] = Number(row.count);
  return counts;
}
