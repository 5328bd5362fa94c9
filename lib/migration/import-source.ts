import type pg from 'pg';
import { setClientAuditContext, type AuditContext } from '@/lib/audit/audit-context';
import { recordClientAuditEvent } from '@/lib/audit/record-audit-event';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { copyRows } from './copy-rows';
import { isPartitioned, PARTITION_MONTHS_AHEAD } from './partitioned-tables';
import { inTransaction } from './pg-client';
import { checkBlockNumberKey, deferBlockNumberKey, recordBlockNumbers } from './record-block-numbers';
import { recordIdentities } from './record-identities';
import { allColumns, encodeRecord, type SourceMapping } from './source-mapping';
import { sealPii } from './sealed-pii';

export type QuarantinedRecord = { record: LegacyRecord; reason: string };
export type ImportResult = { inserted: number; updated: number; unchanged: number; deleted: number; quarantined: QuarantinedRecord[] };

type ImportSourceInput = {
  mapping: SourceMapping;
  records: LegacyRecord[];
  runId: string;
  /** Whom the audit entries name. */
  context: AuditContext;
  /**
   * A bulk import: one `BULK_IMPORT` audit event for the source and run (with the manifest's root hash)
   * instead of an entry per row. The triggers honour it only for the migration owner (decision 036);
   * under the application role every row is still audited.
   */
  bulk?: { rootHash: string };
};

/**
 * Writes one source's records in a single transaction, audited in it: COPY into a temporary stage, then
 * an upsert keyed by legacy_key that touches only rows whose stored form differs, then removal of rows
 * whose record is gone (or now quarantined). Re-running with the same input changes nothing; a run
 * killed at any point leaves the previous state, and the next run completes it. A table whose rows belong
 * to identities defers its foreign key, writes its rows, records their identities in one statement and
 * then checks the key for every row (decision 034); chain transactions do the same with their block
 * numbers (decision 081).
 */
export async function importSource(client: pg.Client, input: ImportSourceInput): Promise<ImportResult> {
  return inTransaction(client, async () => {
    await setClientAuditContext(client, input.context);
    if (!input.bulk) return writeSourceRows(client, input);
    await client.query(`SELECT set_config('pend.bulk_load', 'on', true)`);
    const result = await writeSourceRows(client, input);
    const { inserted, updated, deleted, quarantined } = result;
    await recordClientAuditEvent(
      client,
      {
        action: 'BULK_IMPORT',
        tableName: input.mapping.table,
        recordId: input.runId,
        newValues: {
          source: input.mapping.source,
          runId: input.runId,
          rootHash: input.bulk.rootHash,
          inserted,
          updated,
          deleted,
          quarantined: quarantined.length,
        },
      },
      input.context,
    );
    return result;
  });
}

/**
 * The writes of `importSource` without a transaction of their own, for a caller that commits them
 * together with more (the pg-primary write path: rows, outbox entry and audit event at once).
 */
export async function writeSourceRows(
  client: pg.Client,
  { mapping, records, runId }: { mapping: SourceMapping; records: LegacyRecord[]; runId: string },
): Promise<ImportResult> {
  const columns = allColumns(mapping);
  const quarantined: QuarantinedRecord[] = [];
  function* rows(): Generator<Array<string | null>> {
    for (const record of records) {
      const encoded = encodeRecord(mapping, record);
      if (encoded.kind === 'row') yield encoded.values;
      else quarantined.push({ record, reason: encoded.reason });
    }
  }

  await deferReferenceKeys(client, mapping);
  // First import into an empty table: COPY straight in (the upsert path would only add work).
  const { rows: existing } = await client.query(`SELECT EXISTS (SELECT 1 FROM ${mapping.table}) AS has_rows`);
  if (!existing[0].has_rows) {
    // Secondary indexes are rebuilt once after the COPY rather than maintained row by row.
    await client.query('SELECT migration_defer_indexes($1::regclass)', [mapping.table]);
    const inserted = await copyRows(client, mapping.table, columns, rows());
    // Before the index build, which PostgreSQL refuses while foreign-key checks are pending.
    await recordReferencesOf(client, mapping);
    // The rows landed in the DEFAULT partition: each month moves to its own while there is no index to maintain.
    await ensurePartitionsOf(client, mapping);
    await client.query('SELECT migration_restore_indexes($1::regclass)', [mapping.table]);
    await syncQuarantine(client, mapping.source, quarantined, runId);
    return { inserted, updated: 0, unchanged: 0, deleted: 0, quarantined };
  }
  await client.query(`CREATE TEMP TABLE stage (LIKE ${mapping.table} INCLUDING DEFAULTS) ON COMMIT DROP`);
  await copyRows(client, 'stage', columns, rows());
  const { inserted, updated } = await upsertStaged(client, mapping, columns);
  const deleted = await client.query(`DELETE FROM ${mapping.table} t WHERE NOT EXISTS (SELECT 1 FROM stage s WHERE s.legacy_key = t.legacy_key)`);
  await recordReferencesOf(client, mapping);
  await ensurePartitionsOf(client, mapping);
  await client.query('DROP TABLE stage');
  await syncQuarantine(client, mapping.source, quarantined, runId);
  const staged = records.length - quarantined.length;
  return { inserted, updated, unchanged: staged - inserted - updated, deleted: deleted.rowCount ?? 0, quarantined };
}

/** Inserts the staged rows that are new and updates those whose stored form differs; the others are left alone. */
async function upsertStaged(client: pg.Client, mapping: SourceMapping, columns: string[]): Promise<{ inserted: number; updated: number }> {
  const assignments = columns.filter((column) => column !== 'legacy_key');
  if (isPartitioned(mapping.table)) return updateThenInsertStaged(client, mapping.table, columns, assignments);
  // xmax = 0 only on a freshly inserted row version: splits inserts from updates without a second query.
  const upsert = await client.query<{ inserted: string; updated: string }>(
    `WITH changed AS (
       INSERT INTO ${mapping.table} (${columns.join(', ')})
       SELECT ${columns.join(', ')} FROM stage
       ON CONFLICT (legacy_key) DO UPDATE
          SET (${assignments.join(', ')}, updated_at) = (${assignments.map((column) => `EXCLUDED.${column}`).join(', ')}, now())
        WHERE (${assignments.map((column) => `${mapping.table}.${column}`).join(', ')})
              IS DISTINCT FROM (${assignments.map((column) => `EXCLUDED.${column}`).join(', ')})
       RETURNING (xmax = 0) AS is_insert)
     SELECT count(*) FILTER (WHERE is_insert) AS inserted, count(*) FILTER (WHERE NOT is_insert) AS updated FROM changed`,
  );
  return { inserted: Number(upsert.rows[0].inserted), updated: Number(upsert.rows[0].updated) };
}

/**
 * The upsert of a partitioned table, which has no unique index for ON CONFLICT (decision 071): the
 * differing rows are updated, then the new ones inserted. Its keys table still refuses a duplicate
 * key, so a concurrent writer of the same key fails this statement instead of adding a second row.
 */
async function updateThenInsertStaged(
  client: pg.Client,
  table: string,
  columns: string[],
  assignments: string[],
): Promise<{ inserted: number; updated: number }> {
  const updated = await client.query(
    `UPDATE ${table} t SET (${assignments.join(', ')}, updated_at) = (${assignments.map((column) => `s.${column}`).join(', ')}, now())
       FROM stage s
      WHERE t.legacy_key = s.legacy_key
        AND (${assignments.map((column) => `t.${column}`).join(', ')}) IS DISTINCT FROM (${assignments.map((column) => `s.${column}`).join(', ')})`,
  );
  const inserted = await client.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.map((column) => `s.${column}`).join(', ')} FROM stage s WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.legacy_key = s.legacy_key)`,
  );
  return { inserted: inserted.rowCount ?? 0, updated: updated.rowCount ?? 0 };
}

/**
 * The records a row-level write changed in a legacy file (json-primary), applied alone in one audited
 * transaction: staged and upserted like a sync, without reading the rest of the source. Nothing is
 * deleted or quarantined: the writer has already refused any record the mapping cannot store.
 */
export async function importChangedRecords(
  client: pg.Client,
  { mapping, records, context }: { mapping: SourceMapping; records: LegacyRecord[]; context: AuditContext },
): Promise<ImportResult> {
  return inTransaction(client, async () => {
    await setClientAuditContext(client, context);
    const columns = allColumns(mapping);
    const rows = records.map((record) => {
      const encoded = encodeRecord(mapping, record);
      if (encoded.kind !== 'row') throw new Error(`${mapping.source} ${record.key} cannot be stored (${encoded.reason}); a row write must refuse it first`);
      return encoded.values;
    });
    await deferReferenceKeys(client, mapping);
    await client.query(`CREATE TEMP TABLE stage (LIKE ${mapping.table} INCLUDING DEFAULTS) ON COMMIT DROP`);
    await copyRows(client, 'stage', columns, rows);
    const { inserted, updated } = await upsertStaged(client, mapping, columns);
    await recordReferencesOf(client, mapping, 'stage');
    await client.query('DROP TABLE stage');
    return { inserted, updated, unchanged: records.length - inserted - updated, deleted: 0, quarantined: [] };
  });
}

/**
 * A partitioned table (decision 071) gets the month partitions its rows need (dated rows that fell into
 * DEFAULT move there) and the next ones, as the `explorer.partitions` job would do later.
 */
async function ensurePartitionsOf(client: pg.Client, mapping: SourceMapping): Promise<void> {
  if (isPartitioned(mapping.table)) await client.query('SELECT partitions_ensure($1::regclass, $2)', [mapping.table, PARTITION_MONTHS_AHEAD]);
}

/** Defers the foreign keys whose referenced rows the import records itself after writing (identities, block numbers). */
async function deferReferenceKeys(client: pg.Client, mapping: SourceMapping): Promise<void> {
  if (mapping.identitySeenIn) await client.query(`SET CONSTRAINTS ${mapping.table}_identity_hash_fkey DEFERRED`);
  if (mapping.namesBlockNumbers) await deferBlockNumberKey(client);
}

/**
 * Records the identities and block numbers the table now names, then checks the rows' deferred foreign
 * keys at once. `stagedIn` narrows the block numbers looked at to a staged set's (a row-level write).
 */
async function recordReferencesOf(client: pg.Client, mapping: SourceMapping, stagedIn?: string): Promise<void> {
  if (mapping.identitySeenIn) {
    await recordIdentities(client, mapping.identitySeenIn);
    await client.query(`SET CONSTRAINTS ${mapping.table}_identity_hash_fkey IMMEDIATE`);
  }
  if (mapping.namesBlockNumbers) {
    await recordBlockNumbers(client, stagedIn);
    await checkBlockNumberKey(client);
  }
}

/** The quarantine holds exactly the source's current rule violations, each with its raw record. */
async function syncQuarantine(client: pg.Client, source: string, quarantined: QuarantinedRecord[], runId: string): Promise<void> {
  await client.query(`DELETE FROM migration_quarantine WHERE legacy_source = $1 AND NOT (legacy_key = ANY($2::text[]))`, [
    source,
    quarantined.map((entry) => entry.record.key),
  ]);
  for (const { record, reason } of quarantined) {
    await client.query(
      `INSERT INTO migration_quarantine (legacy_source, legacy_key, legacy_position, legacy_hash, reason, raw_text, run_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (legacy_source, legacy_key) DO UPDATE
          SET legacy_position = EXCLUDED.legacy_position, legacy_hash = EXCLUDED.legacy_hash, reason = EXCLUDED.reason,
              raw_text = EXCLUDED.raw_text, run_id = EXCLUDED.run_id
        WHERE migration_quarantine.legacy_hash <> EXCLUDED.legacy_hash OR migration_quarantine.legacy_position <> EXCLUDED.legacy_position`,
      [source, record.key, record.position, record.hash, reason, JSON.stringify(sealPii(record.value)), runId],
    );
  }
}
