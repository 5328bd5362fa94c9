import type { EntityManager } from '@mikro-orm/postgresql';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { findKeysetPage, resolveCursor, type KeysetColumn, type KeysetPage } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal } from '@/lib/list-query/total';
import type { ListQuarantineQuery } from './migration-dashboard.schemas';

/** Source ids in folder order, as one bind parameter (knex would expand a JS array into a list). */
const SOURCE_ORDER = LEGACY_SOURCES.map((source) => source.id).join(',');

export type AnomalyGroupRow = { source: string; run_id: string; run_started_at: string; kind: string; count: string; keys: string[] };

/**
 * Anomalies per source and kind from the latest completed import (its summary lists the sources;
 * an interrupted or failed run recorded none) that covered the source (a
 * per-source re-import only covers its own source, so "the latest import run" is taken per source).
 * Each group is read through the `(run_id, source, kind)` index: a count and its first `keysPerKind`
 * keys, never the whole anomaly history.
 */
export function findAnomalyGroups(em: EntityManager, keysPerKind: number): Promise<AnomalyGroupRow[]> {
  return em.execute<AnomalyGroupRow[]>(
    `SELECT src.source, latest.run_id, latest.started_at AS run_started_at, kinds.kind, kinds.count, first_keys.keys
       FROM unnest(string_to_array(?, ',')) WITH ORDINALITY AS src(source, position)
       CROSS JOIN LATERAL (
         SELECT r.id AS run_id, r.started_at FROM migration_runs r
          WHERE r.kind = 'import' AND r.summary->'sources' IS NOT NULL
            AND (jsonb_typeof(r.options->'only') IS DISTINCT FROM 'array' OR r.options->'only' @> jsonb_build_array(src.source))
          ORDER BY r.started_at DESC LIMIT 1
       ) latest
       CROSS JOIN LATERAL (
         SELECT a.kind, count(*) AS count FROM migration_anomalies a
          WHERE a.run_id = latest.run_id AND a.source = src.source GROUP BY a.kind
       ) kinds
       CROSS JOIN LATERAL (
         SELECT array_agg(k.legacy_key ORDER BY k.id) AS keys FROM (
           SELECT a.id, a.legacy_key FROM migration_anomalies a
            WHERE a.run_id = latest.run_id AND a.source = src.source AND a.kind = kinds.kind
            ORDER BY a.id LIMIT ?
         ) k
       ) first_keys
      ORDER BY src.position, kinds.kind`,
    [SOURCE_ORDER, keysPerKind],
  );
}

export type QuarantineRow = {
  id: string;
  legacy_source: string;
  legacy_key: string;
  reason: string;
  raw_preview: string;
  raw_length: string;
  created_at: string;
};

const QUARANTINE_FROM = sql.raw('migration_quarantine q');
const QUARANTINE_SORT_COLUMNS: Record<ListQuarantineQuery['sort'][number]['column'], KeysetColumn> = {
  source: { expr: sql.raw('q.legacy_source'), cast: 'text', nullable: false },
  key: { expr: sql.raw('q.legacy_key'), cast: 'text', nullable: false },
  quarantinedAt: { expr: sql.raw('q.created_at'), cast: 'timestamptz', nullable: false },
};
const QUARANTINE_SORT_TYPES = { source: 'text', key: 'text', quarantinedAt: 'date' } as const;

export function quarantineWhere(query: ListQuarantineQuery): SqlFragment[] {
  const where: SqlFragment[] = [];
  const { source, quarantinedAt } = query.filters;
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    where.push(sql.or([sql`q.legacy_key = ${query.q}`, sql`q.reason ILIKE ${pattern}`]));
  }
  if (source) where.push(sql`q.legacy_source IN (${source})`);
  if (quarantinedAt?.from) where.push(sql`q.created_at >= ${quarantinedAt.from}::timestamptz`);
  if (quarantinedAt?.before) where.push(sql`q.created_at < ${quarantinedAt.before}::timestamptz`);
  return where;
}

/** One keyset page of quarantined records (a preview of each record as read) and the honest total. */
export async function findQuarantinePage(
  em: EntityManager,
  query: ListQuarantineQuery,
  previewChars: number,
): Promise<KeysetPage<QuarantineRow> & { total: ListTotal }> {
  const where = quarantineWhere(query);
  const [page, total] = await Promise.all([
    findKeysetPage<QuarantineRow, keyof typeof QUARANTINE_SORT_COLUMNS>(em, {
      select: sql`q.id, q.legacy_source, q.legacy_key, q.reason, left(q.raw_text, ${previewChars}) AS raw_preview, length(q.raw_text) AS raw_length, q.created_at`,
      from: QUARANTINE_FROM,
      where,
      columns: QUARANTINE_SORT_COLUMNS,
      id: { expr: sql.raw('q.id'), cast: 'uuid' },
      sort: query.sort,
      cursor: resolveCursor(query, QUARANTINE_SORT_TYPES, 'uuid'),
      direction: query.direction,
      pageSize: query.pageSize,
    }),
    findListTotal(em.fork(), { table: 'migration_quarantine', from: QUARANTINE_FROM, where, filtered: isFiltered(query) }),
  ]);
  return { ...page, total };
}

export type MismatchRow = {
  id: string;
  source: string;
  legacy_key: string;
  field: string;
  legacy_value: string | null;
  db_value: string | null;
  is_truncated: boolean;
  run_id: string;
  run_kind: string;
  run_started_at: string;
  run_started_by: string;
};

export type MismatchQuery = {
  /** One source (paged with `after`), or every mismatched source with its first `limit` rows. */
  source?: string;
  /** Keyset cursor: the id of the last row of the previous page. */
  after?: number;
  limit: number;
  valueChars: number;
};

/**
 * Field differences that currently stand: for each source whose state counts mismatches, the rows its
 * latest run (`last_run_id`) recorded, in legacy-key order. That is the order of the
 * `(run_id, source, legacy_key)` index, so a page reads only its own rows (no sort of a run's rows,
 * whose values can be large); the cursor row's (key, id) is the keyset. Values come back as JSON text
 * cut at `valueChars`.
 */
export function findMismatches(em: EntityManager, query: MismatchQuery): Promise<MismatchRow[]> {
  return em.execute<MismatchRow[]>(
    `SELECT mm.id, mm.source, mm.legacy_key, mm.field,
            left(mm.legacy_value::text, ?) AS legacy_value, left(mm.db_value::text, ?) AS db_value,
            coalesce(length(mm.legacy_value::text), 0) > ? OR coalesce(length(mm.db_value::text), 0) > ? AS is_truncated,
            r.id AS run_id, r.kind AS run_kind, r.started_at AS run_started_at, r.started_by AS run_started_by
       FROM migration_source_state s
       JOIN migration_runs r ON r.id = s.last_run_id
       LEFT JOIN migration_mismatches cursor ON cursor.id = ?
       CROSS JOIN LATERAL (
         SELECT m.id, m.source, m.legacy_key, m.field, m.legacy_value, m.db_value FROM migration_mismatches m
          WHERE m.run_id = s.last_run_id AND m.source = s.source
            AND m.legacy_key >= coalesce(cursor.legacy_key, '')
            AND (cursor.id IS NULL OR (m.legacy_key, m.id) > (cursor.legacy_key, cursor.id))
          ORDER BY m.legacy_key, m.id LIMIT ?
       ) mm
      WHERE s.mismatched_count > 0 AND (?::text IS NULL OR s.source = ?)
      ORDER BY array_position(string_to_array(?, ','), s.source::text), mm.legacy_key, mm.id`,
    [
      query.valueChars,
      query.valueChars,
      query.valueChars,
      query.valueChars,
      query.after ?? null,
      query.limit,
      query.source ?? null,
      query.source ?? null,
      SOURCE_ORDER,
    ],
  );
}

export type CarriedFileRow = { relative_path: string; reason: string; size_bytes: string; sha256: string; updated_at: string };
export type CarriedFilesTotalRow = { files: string; bytes: string };

/** The first `limit` files carried byte for byte, by path (the primary key: no sort). */
export function findCarriedFilePage(em: EntityManager, limit: number): Promise<CarriedFileRow[]> {
  return em.execute<CarriedFileRow[]>(`SELECT relative_path, reason, size_bytes, sha256, updated_at FROM legacy_carried_files ORDER BY relative_path LIMIT ?`, [
    limit,
  ]);
}

/** How many files are carried and their bytes; the table holds one row per stray file, never records. */
export async function findCarriedFilesTotal(em: EntityManager): Promise<CarriedFilesTotalRow> {
  const [row] = await em.execute<CarriedFilesTotalRow[]>(`SELECT count(*) AS files, coalesce(sum(size_bytes), 0) AS bytes FROM legacy_carried_files`);
  return row;
}
