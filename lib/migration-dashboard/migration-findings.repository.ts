import type { EntityManager } from '@mikro-orm/postgresql';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { findKeysetPage, keysetPaging, type KeysetColumn, type KeysetPage } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal } from '@/lib/list-query/total';
import { maskSealedText, SEAL_PREFIX } from '@/lib/migration/sealed-pii';
import type { ListAnomaliesQuery, ListCarriedFilesQuery, ListMismatchesQuery, ListQuarantineQuery } from './migration-dashboard.schemas';

/**
 * How much longer a stored value can be than what it shows: a sealed number (decision 064) is about six
 * times its masked text, so previews read this many times their length before masking and cutting.
 */
const SEALED_EXPANSION = 8;

/** Source ids in folder order, as one bind parameter (knex would expand a JS array into a list). */
const SOURCE_ORDER = LEGACY_SOURCES.map((source) => source.id).join(',');

export type AnomalyCountRow = { source: string; kind: string; count: string };

/**
 * The latest completed import (its summary lists the sources; an interrupted or failed run recorded
 * none) that covered each source: a per-source re-import only covers its own source, so "the latest
 * import run" is taken per source.
 */
const LATEST_IMPORTS = sql`(
  SELECT src.source, latest.run_id, latest.started_at
    FROM unnest(string_to_array(${SOURCE_ORDER}, ',')) AS src(source)
    CROSS JOIN LATERAL (
      SELECT r.id AS run_id, r.started_at FROM migration_runs r
       WHERE r.kind = 'import' AND r.summary->'sources' IS NOT NULL
         AND (jsonb_typeof(r.options->'only') IS DISTINCT FROM 'array' OR r.options->'only' @> jsonb_build_array(src.source))
       ORDER BY r.started_at DESC LIMIT 1
    ) latest
)`;

/** Anomalies per source and kind from the latest import of each source, counted through the `(run_id, source, kind)` index. */
export function findAnomalyCounts(em: EntityManager): Promise<AnomalyCountRow[]> {
  const query = sql`SELECT l.source, a.kind, count(*) AS count
      FROM ${LATEST_IMPORTS} l JOIN migration_anomalies a ON a.run_id = l.run_id AND a.source = l.source
     GROUP BY l.source, a.kind`;
  return em.execute<AnomalyCountRow[]>(query.text, [...query.values]);
}

export type AnomalyRow = { id: string; source: string; kind: string; legacy_key: string; run_id: string; run_started_at: string };

const ANOMALY_FROM = sql`${LATEST_IMPORTS} l JOIN migration_anomalies a ON a.run_id = l.run_id AND a.source = l.source`;
const ANOMALY_SORT_COLUMNS: Record<ListAnomaliesQuery['sort'][number]['column'], KeysetColumn> = {
  source: { expr: sql.raw('a.source'), cast: 'text', nullable: false },
  kind: { expr: sql.raw('a.kind'), cast: 'text', nullable: false },
  key: { expr: sql.raw('a.legacy_key'), cast: 'text', nullable: false },
};
const ANOMALY_SORT_TYPES = { source: 'text', kind: 'text', key: 'text' } as const;

export function anomalyWhere(query: ListAnomaliesQuery): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (query.q) where.push(sql`a.legacy_key = ${query.q}`);
  if (query.filters.source) where.push(sql`a.source IN (${query.filters.source})`);
  if (query.filters.kind) where.push(sql`a.kind IN (${query.filters.kind})`);
  return where;
}

/**
 * One keyset page of the anomalies the latest import of each source recorded, one row per key. The
 * total is always a capped count: the table also holds older runs' anomalies.
 */
export async function findAnomalyPage(em: EntityManager, query: ListAnomaliesQuery): Promise<KeysetPage<AnomalyRow> & { total: ListTotal }> {
  const where = anomalyWhere(query);
  const [page, total] = await Promise.all([
    findKeysetPage<AnomalyRow, keyof typeof ANOMALY_SORT_COLUMNS>(em, {
      select: sql.raw('a.id, a.source, a.kind, a.legacy_key, l.run_id, l.started_at AS run_started_at'),
      from: ANOMALY_FROM,
      where,
      columns: ANOMALY_SORT_COLUMNS,
      id: { expr: sql.raw('a.id'), cast: 'bigint' },
      ...keysetPaging(query, ANOMALY_SORT_TYPES, 'integer'),
    }),
    findListTotal(em.fork(), { table: 'migration_anomalies', from: ANOMALY_FROM, where, filtered: true }),
  ]);
  return { ...page, total };
}

export type QuarantineRow = {
  id: string;
  legacy_source: string;
  legacy_key: string;
  reason: string;
  raw_preview: string;
  /** `length()` is an int4, which the driver returns as a number. */
  raw_length: number;
  /** A phone number is sealed in the stored record: a permitted admin may reveal it. */
  has_sealed_pii: boolean;
  created_at: string;
};

/** An ILIKE pattern matching `text` anywhere, its wildcards escaped. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

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
    where.push(sql.or([sql`q.legacy_key = ${query.q}`, sql`q.reason ILIKE ${containsPattern(query.q)}`]));
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
      select: sql`q.id, q.legacy_source, q.legacy_key, q.reason, left(q.raw_text, ${previewChars * SEALED_EXPANSION}) AS raw_preview, length(q.raw_text) AS raw_length,
        strpos(q.raw_text, ${SEAL_PREFIX}) > 0 AS has_sealed_pii, q.created_at`,
      from: QUARANTINE_FROM,
      where,
      columns: QUARANTINE_SORT_COLUMNS,
      id: { expr: sql.raw('q.id'), cast: 'uuid' },
      ...keysetPaging(query, QUARANTINE_SORT_TYPES, 'uuid'),
    }),
    findListTotal(em.fork(), { table: 'migration_quarantine', from: QUARANTINE_FROM, where, filtered: isFiltered(query) }),
  ]);
  const rows = page.rows.map((row) => {
    const shown = maskSealedText(row.raw_preview);
    // Read whole, the record's length is the masked text's; otherwise the stored length is all that is known.
    const whole = Number(row.raw_length) <= previewChars * SEALED_EXPANSION;
    return { ...row, raw_preview: shown.slice(0, previewChars), raw_length: whole ? shown.length : row.raw_length };
  });
  return { ...page, rows, total };
}

export type MismatchRow = {
  id: string;
  source: string;
  legacy_key: string;
  field: string;
  legacy_value: string | null;
  db_value: string | null;
  is_truncated: boolean;
  has_sealed_pii: boolean;
  run_id: string;
  run_kind: string;
  run_started_at: string;
  run_started_by: string;
};

const MISMATCH_FROM = sql.raw(
  `migration_mismatches m
     JOIN migration_source_state s ON s.source = m.source AND s.last_run_id = m.run_id AND s.mismatched_count > 0
     JOIN migration_runs r ON r.id = m.run_id`,
);
const MISMATCH_SORT_COLUMNS: Record<ListMismatchesQuery['sort'][number]['column'], KeysetColumn> = {
  source: { expr: sql.raw('m.source'), cast: 'text', nullable: false },
  key: { expr: sql.raw('m.legacy_key'), cast: 'text', nullable: false },
  field: { expr: sql.raw('m.field'), cast: 'text', nullable: false },
};
const MISMATCH_SORT_TYPES = { source: 'text', key: 'text', field: 'text' } as const;

export function mismatchWhere(query: ListMismatchesQuery): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (query.q) where.push(sql.or([sql`m.legacy_key = ${query.q}`, sql`m.field ILIKE ${containsPattern(query.q)}`]));
  if (query.filters.source) where.push(sql`m.source IN (${query.filters.source})`);
  return where;
}

/**
 * One keyset page of the field differences that currently stand: the rows each mismatched source's
 * latest run (`last_run_id`) recorded; older runs' rows are history. Values come back as JSON text cut
 * at `valueChars`. The total is always a capped count: the join to the latest runs narrows the table,
 * so the table's own estimate would count history too.
 */
export async function findMismatchPage(
  em: EntityManager,
  query: ListMismatchesQuery,
  valueChars: number,
): Promise<KeysetPage<MismatchRow> & { total: ListTotal }> {
  const where = mismatchWhere(query);
  const [page, total] = await Promise.all([
    findKeysetPage<MismatchRow, keyof typeof MISMATCH_SORT_COLUMNS>(em, {
      select: sql`m.id, m.source, m.legacy_key, m.field,
        left(m.legacy_value::text, ${valueChars * SEALED_EXPANSION}) AS legacy_value, left(m.db_value::text, ${valueChars * SEALED_EXPANSION}) AS db_value,
        coalesce(length(m.legacy_value::text), 0) > ${valueChars * SEALED_EXPANSION} OR coalesce(length(m.db_value::text), 0) > ${valueChars * SEALED_EXPANSION} AS is_truncated,
        coalesce(strpos(m.legacy_value::text, ${SEAL_PREFIX}) > 0 OR strpos(m.db_value::text, ${SEAL_PREFIX}) > 0, false) AS has_sealed_pii,
        r.id AS run_id, r.kind AS run_kind, r.started_at AS run_started_at, r.started_by AS run_started_by`,
      from: MISMATCH_FROM,
      where,
      columns: MISMATCH_SORT_COLUMNS,
      id: { expr: sql.raw('m.id'), cast: 'bigint' },
      ...keysetPaging(query, MISMATCH_SORT_TYPES, 'integer'),
    }),
    findListTotal(em.fork(), { table: 'migration_mismatches', from: MISMATCH_FROM, where, filtered: true }),
  ]);
  const shown = (text: string | null) => (text === null ? null : maskSealedText(text));
  const rows = page.rows.map((row) => {
    const [legacy, db] = [shown(row.legacy_value), shown(row.db_value)];
    return {
      ...row,
      legacy_value: legacy?.slice(0, valueChars) ?? null,
      db_value: db?.slice(0, valueChars) ?? null,
      is_truncated: row.is_truncated || (legacy?.length ?? 0) > valueChars || (db?.length ?? 0) > valueChars,
    };
  });
  return { ...page, rows, total };
}

export type CarriedFileRow = { relative_path: string; reason: string; size_bytes: string; sha256: string; updated_at: string };
export type CarriedFilesTotalRow = { files: string; bytes: string };

const CARRIED_FROM = sql.raw('legacy_carried_files c');
const CARRIED_SORT_COLUMNS: Record<ListCarriedFilesQuery['sort'][number]['column'], KeysetColumn> = {
  path: { expr: sql.raw('c.relative_path'), cast: 'text', nullable: false },
  sizeBytes: { expr: sql.raw('c.size_bytes'), cast: 'bigint', nullable: false },
  storedAt: { expr: sql.raw('c.updated_at'), cast: 'timestamptz', nullable: false },
};
const CARRIED_SORT_TYPES = { path: 'text', sizeBytes: 'number', storedAt: 'date' } as const;

export function carriedFileWhere(query: ListCarriedFilesQuery): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (query.q) where.push(sql`c.relative_path ILIKE ${containsPattern(query.q)}`);
  if (query.filters.reason) where.push(sql`c.reason IN (${query.filters.reason})`);
  return where;
}

/** One keyset page of the files carried byte for byte (the table holds one row per stray file, never records). */
export async function findCarriedFilePage(em: EntityManager, query: ListCarriedFilesQuery): Promise<KeysetPage<CarriedFileRow> & { total: ListTotal }> {
  const where = carriedFileWhere(query);
  const [page, total] = await Promise.all([
    findKeysetPage<CarriedFileRow, keyof typeof CARRIED_SORT_COLUMNS>(em, {
      select: sql.raw('c.relative_path, c.reason, c.size_bytes, c.sha256, c.updated_at'),
      from: CARRIED_FROM,
      where,
      columns: CARRIED_SORT_COLUMNS,
      id: { expr: sql.raw('c.relative_path'), cast: 'text' },
      ...keysetPaging(query, CARRIED_SORT_TYPES, 'text'),
    }),
    findListTotal(em.fork(), { table: 'legacy_carried_files', from: CARRIED_FROM, where, filtered: isFiltered(query) }),
  ]);
  return { ...page, total };
}

/** How many files are carried and their bytes; the table holds one row per stray file, never records. */
export async function findCarriedFilesTotal(em: EntityManager): Promise<CarriedFilesTotalRow> {
  const [row] = await em.execute<CarriedFilesTotalRow[]>(`SELECT count(*) AS files, coalesce(sum(size_bytes), 0) AS bytes FROM legacy_carried_files`);
  return row;
}
