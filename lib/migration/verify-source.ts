import type pg from 'pg';
import { recordHash, type JsonValue } from '@/lib/legacy/canonical-json';
import { rootHash } from '@/lib/legacy/manifest';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { fieldDiff, type FieldDifference } from './field-diff';
import { inTransaction } from './pg-client';
import { decodeRow, selectList, type SourceMapping, type StoredRow } from './source-mapping';
import { unsealPii } from './sealed-pii';

export type RecordMismatch = { key: string; differences: FieldDifference[] };
export type VerifyResult = {
  dbRootHash: string;
  recordCount: number;
  quarantined: number;
  mismatches: RecordMismatch[];
};

/**
 * What the database holds for a source, measured against the legacy records' hashes: the
 * database-side root hash, and each key whose rebuilt record differs (`rebuilt` undefined: the
 * database has no such record). Plain data, so a worker thread can compute it.
 */
export type SourceComparison = {
  dbRootHash: string;
  recordCount: number;
  quarantined: number;
  differing: Array<{ key: string; rebuilt: JsonValue | undefined }>;
};

const FETCH_ROWS = 10_000;

/**
 * Rebuilds every record of a source from PostgreSQL (typed columns + extra + layout, and the raw text
 * of quarantined records), hashes it, and compares with `legacyHashes` (key → record hash of the file).
 */
export async function compareSource(client: pg.Client, mapping: SourceMapping, legacyHashes: ReadonlyMap<string, string>): Promise<SourceComparison> {
  const hashes: Array<{ key: string; hash: string }> = [];
  const differing: SourceComparison['differing'] = [];
  let foundInLegacy = 0;

  const check = (key: string, rebuilt: JsonValue) => {
    const hash = recordHash(rebuilt);
    hashes.push({ key, hash });
    const legacyHash = legacyHashes.get(key);
    if (legacyHash !== undefined) foundInLegacy += 1;
    if (legacyHash !== hash) differing.push({ key, rebuilt });
  };

  await inTransaction(client, async () => {
    await client.query(`DECLARE verify_rows NO SCROLL CURSOR FOR SELECT ${selectList(mapping)} FROM ${mapping.table}`);
    for (;;) {
      const { rows } = await client.query<StoredRow>(`FETCH ${FETCH_ROWS} FROM verify_rows`);
      for (const row of rows) check(row.legacy_key, decodeRow(mapping, row));
      if (rows.length < FETCH_ROWS) break;
    }
  });
  const quarantined = await client.query<{ legacy_key: string; raw_text: string }>(
    `SELECT legacy_key, raw_text FROM migration_quarantine WHERE legacy_source = $1`,
    [mapping.source],
  );
  for (const row of quarantined.rows) check(row.legacy_key, unsealPii(JSON.parse(row.raw_text) as JsonValue));

  // legacy_key is unique per table and the import keeps table and quarantine disjoint, so only a
  // shortfall means legacy records the database lacks (a key in both would change the root hash anyway).
  if (foundInLegacy < legacyHashes.size) {
    const stored = new Set(hashes.map(({ key }) => key));
    for (const key of legacyHashes.keys()) if (!stored.has(key)) differing.push({ key, rebuilt: undefined });
  }
  return { dbRootHash: rootHash(hashes), recordCount: hashes.length, quarantined: quarantined.rowCount ?? 0, differing };
}

/** A comparison's differing keys as field-level mismatches against the legacy records. */
export function toVerifyResult(comparison: SourceComparison, records: readonly LegacyRecord[]): VerifyResult {
  const differingKeys = new Set(comparison.differing.map(({ key }) => key));
  const legacy = new Map(differingKeys.size ? records.filter((record) => differingKeys.has(record.key)).map((record) => [record.key, record.value]) : []);
  const mismatches = comparison.differing.map(({ key, rebuilt }): RecordMismatch => {
    if (!legacy.has(key)) return { key, differences: [{ field: '(record)', legacyValue: undefined, dbValue: rebuilt }] };
    if (rebuilt === undefined) return { key, differences: [{ field: '(record)', legacyValue: legacy.get(key), dbValue: undefined }] };
    return { key, differences: fieldDiff(legacy.get(key), rebuilt) };
  });
  const { dbRootHash, recordCount, quarantined } = comparison;
  return { dbRootHash, recordCount, quarantined, mismatches };
}

/**
 * Rebuilds every record of a source from PostgreSQL, hashes it, and compares with the legacy records
 * as read from the file. Returns the database-side root hash and every record that differs, down to
 * the field.
 */
export async function verifySource(
  client: pg.Client,
  { mapping, records }: { mapping: SourceMapping; records: readonly LegacyRecord[] },
): Promise<VerifyResult> {
  const comparison = await compareSource(client, mapping, new Map(records.map((record) => [record.key, record.hash])));
  return toVerifyResult(comparison, records);
}

/**
 * Rebuilds only the given records' rows from PostgreSQL and names every key whose rebuilt record
 * differs from the record (or has no row): the check of a row-level sync, where the rest of the source
 * was verified before and left untouched.
 */
export async function verifyRecords(
  client: pg.Client,
  { mapping, records }: { mapping: SourceMapping; records: readonly LegacyRecord[] },
): Promise<RecordMismatch[]> {
  const { rows } = await client.query<StoredRow>(`SELECT ${selectList(mapping)} FROM ${mapping.table} WHERE legacy_key = ANY($1::text[])`, [
    records.map((record) => record.key),
  ]);
  const rebuilt = new Map(rows.map((row) => [row.legacy_key, decodeRow(mapping, row)]));
  return records.flatMap((record): RecordMismatch[] => {
    const stored = rebuilt.get(record.key);
    if (stored === undefined) return [{ key: record.key, differences: [{ field: '(record)', legacyValue: record.value, dbValue: undefined }] }];
    return recordHash(stored) === record.hash ? [] : [{ key: record.key, differences: fieldDiff(record.value, stored) }];
  });
}
