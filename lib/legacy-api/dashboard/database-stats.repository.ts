import type { EntityManager } from '@mikro-orm/postgresql';

export type ConnectionStats = { active: number; idle: number; total: number; slowQueries: number };

/** This database's sessions: active, idle, and statements running longer than a second. */
export async function connectionStats(em: EntityManager): Promise<ConnectionStats> {
  const [row] = await em.execute<Array<Record<keyof ConnectionStats, string>>>(
    `SELECT count(*) FILTER (WHERE state = 'active') AS active,
            count(*) FILTER (WHERE state LIKE 'idle%') AS idle,
            count(*) AS total,
            count(*) FILTER (WHERE state = 'active' AND now() - query_start > interval '1 second') AS "slowQueries"
       FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  return { active: Number(row.active), idle: Number(row.idle), total: Number(row.total), slowQueries: Number(row.slowQueries) };
}

/** Round trip of a trivial query, in milliseconds: what "average query time" can honestly measure without pg_stat_statements. */
export async function queryLatencyMs(em: EntityManager): Promise<number> {
  const started = performance.now();
  await em.execute('SELECT 1');
  return Math.round((performance.now() - started) * 100) / 100;
}

export async function serverFacts(em: EntityManager): Promise<{ uptimeSeconds: number; sizeBytes: number; lastBackup: string | null }> {
  const [row] = await em.execute<Array<{ uptime: string; size: string; last_backup: string | null }>>(
    `SELECT extract(epoch FROM now() - pg_postmaster_start_time())::bigint AS uptime,
            pg_database_size(current_database()) AS size,
            (SELECT to_char(max(started_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM migration_runs WHERE backup_path IS NOT NULL) AS last_backup`,
  );
  return { uptimeSeconds: Number(row.uptime), sizeBytes: Number(row.size), lastBackup: row.last_backup };
}

/** Tables of the public schema with the planner's row estimate (no COUNT(*) over big tables) and size on disk. */
export async function tableList(em: EntityManager): Promise<Array<{ name: string; rows: number; bytes: number }>> {
  const rows = await em.execute<Array<{ name: string; rows: string; bytes: string }>>(
    `SELECT c.relname AS name, greatest(c.reltuples, 0)::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return rows.map((row) => ({ name: row.name, rows: Number(row.rows), bytes: Number(row.bytes) }));
}
