import type pg from 'pg';
import { PARTITION_MONTHS_AHEAD, PARTITION_TIME_COLUMNS, PARTITIONED_TABLES } from '@/lib/migration/partitioned-tables';

/** The keys table that keeps each partitioned table's legacy_key unique (decision 071). */
export const KEYS_TABLES: Record<string, string> = {
  chain_blocks: 'chain_block_keys',
  chain_transactions: 'chain_transaction_keys',
  transaction_log: 'transaction_log_keys',
};

/**
 * Months a table's partitions are kept at least, whatever EXPLORER_ARCHIVE_AFTER_MONTHS says: the
 * transaction log is compliance data, kept 7 years (requirements §8, decisions 071, 077).
 * `partition_drop_archived` refuses a younger month of it too, whoever calls it.
 */
export const MINIMUM_RETENTION_MONTHS: Record<string, number> = { transaction_log: 7 * 12 };

/** One month partition: [from, to) of the parent's time column (`PARTITION_TIME_COLUMNS`). */
export type PartitionRange = { parent: string; partition: string; from: Date; to: Date };

export type PartitionArchive = {
  id: string;
  parentTable: string;
  partitionName: string;
  rangeFrom: Date;
  rangeTo: Date;
  filePath: string;
  sha256: string;
  sizeBytes: number;
  rowCount: number;
  rowsChecksum: string;
  archivedAt: Date;
  restoredAt: Date | null;
};

/** Creates the month partitions the next `monthsAhead` months need (and moves dated rows out of DEFAULT); returns those created. */
export async function ensurePartitions(client: pg.Client, monthsAhead = PARTITION_MONTHS_AHEAD): Promise<string[]> {
  const created: string[] = [];
  for (const table of PARTITIONED_TABLES) {
    const { rows } = await client.query<{ name: string }>('SELECT partitions_ensure($1::regclass, $2) AS name', [table, monthsAhead]);
    created.push(...rows.map((row) => row.name));
  }
  return created;
}

/** The month partitions of `table` (not DEFAULT), oldest first, with their bounds. */
export async function findMonthPartitions(client: pg.Client, table: string): Promise<PartitionRange[]> {
  // The bounds as PostgreSQL prints them: FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-02-01 00:00:00+00').
  const { rows } = await client.query<{ partition: string; from: Date | string; to: Date | string }>(
    `SELECT relname AS partition, (regexp_match(bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
            (regexp_match(bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
       FROM (SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
               FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass) p
      WHERE bound <> 'DEFAULT'
      ORDER BY 2`,
    [table],
  );
  // This project's pg clients may hand timestamps over as text: read both forms.
  return rows.map((row) => ({ parent: table, partition: row.partition, from: new Date(row.from), to: new Date(row.to) }));
}

/** Month partitions whose end is at least `afterMonths` whole months before the start of the current month (UTC). */
export async function findArchivablePartitions(client: pg.Client, afterMonths: number, now: Date): Promise<PartitionRange[]> {
  const found: PartitionRange[] = [];
  for (const table of PARTITIONED_TABLES) {
    const months = Math.max(afterMonths, MINIMUM_RETENTION_MONTHS[table] ?? 0);
    const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
    found.push(...(await findMonthPartitions(client, table)).filter((range) => range.to.getTime() <= cutoff.getTime()));
  }
  return found;
}

/**
 * Count and checksum of the month's rows: md5 over every row's text, in legacy_key order. Read through
 * the parent (what the app role may read) or from a table of the same shape (a partition being restored).
 */
export async function rowsChecksum(client: pg.Client, range: PartitionRange, table = range.parent): Promise<{ rowCount: number; rowsChecksum: string }> {
  const time = PARTITION_TIME_COLUMNS[range.parent];
  const { rows } = await client.query<{ n: string; checksum: string }>(
    `SELECT count(*) AS n, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r.legacy_key), '')) AS checksum
       FROM ${table} r WHERE r.${time} >= $1 AND r.${time} < $2`,
    [range.from, range.to],
  );
  return { rowCount: Number(rows[0].n), rowsChecksum: rows[0].checksum };
}

export async function insertArchive(
  client: pg.Client,
  archive: PartitionRange & { filePath: string; sha256: string; sizeBytes: number; rowCount: number; rowsChecksum: string },
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO partition_archives (parent_table, partition_name, range_from, range_to, file_path, sha256, size_bytes, row_count, rows_checksum)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text`,
    [archive.parent, archive.partition, archive.from, archive.to, archive.filePath, archive.sha256, archive.sizeBytes, archive.rowCount, archive.rowsChecksum],
  );
  return rows[0].id;
}

/** The archive of `partition` that is not restored yet, if any. */
export async function findCurrentArchive(client: pg.Client, partition: string): Promise<PartitionArchive | null> {
  const { rows } = await client.query<{
    id: string;
    parent_table: string;
    partition_name: string;
    range_from: Date | string;
    range_to: Date | string;
    file_path: string;
    sha256: string;
    size_bytes: string;
    row_count: string;
    rows_checksum: string;
    archived_at: Date | string;
    restored_at: Date | string | null;
  }>(`SELECT *, id::text AS id FROM partition_archives WHERE partition_name = $1 AND restored_at IS NULL`, [partition]);
  const row = rows[0];
  if (!row || !(row.parent_table in KEYS_TABLES)) return null;
  return {
    id: row.id,
    parentTable: row.parent_table,
    partitionName: row.partition_name,
    rangeFrom: new Date(row.range_from),
    rangeTo: new Date(row.range_to),
    filePath: row.file_path,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    rowCount: Number(row.row_count),
    rowsChecksum: row.rows_checksum,
    archivedAt: new Date(row.archived_at),
    restoredAt: row.restored_at === null ? null : new Date(row.restored_at),
  };
}

export async function markRestored(client: pg.Client, id: string): Promise<void> {
  await client.query('UPDATE partition_archives SET restored_at = now() WHERE id = $1', [id]);
}
