import type pg from 'pg';
import { recordHash, type JsonValue } from '@/lib/legacy/canonical-json';
import { rootHash } from '@/lib/legacy/manifest';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { fieldDiff, type FieldDifference } from './field-diff';
import { inTransaction } from './pg-client';
import { decodeRow, selectList, type SourceMapping, type StoredRow } from './source-mapping';

export type RecordMismatch = { key: string; differences: FieldDifference[] };
export type VerifyResult = {
  dbRootHash: string;
  recordCount: number;
  quarantined: number;
  mismatches: RecordMismatch[];
};

const FETCH_ROWS = 10_000;

/**
 * Rebuilds every record of a source from PostgreSQL (typed columns + extra + layout, and the raw text
 * of quarantined records), hashes it, and compares with the legacy records as read from the file.
 * Returns the database-side root hash and every record that
 * differs, down to the field.
 */
export async function verifySource(
  client: pg.Client,
  { mapping, records }: { mapping: SourceMapping; records: readonly LegacyRecord[] },
): Promise<VerifyResult> {
  const legacy = new Map(records.map((record) => [record.key, record]));
  const hashes: Array<{ key: string; hash: string }> = [];
  const mismatches: RecordMismatch[] = [];
  const seen = new Set<string>();

  const check = (key: string, rebuilt: JsonValue) => {
    const hash = recordHash(rebuilt);
    hashes.push({ key, hash });
    seen.add(key);
    const original = legacy.get(key);
    if (original === undefined) {
      mismatches.push({ key, differences: [{ field: '(record)', legacyValue: undefined, dbValue: rebuilt }] });
    } else if (original.hash !== hash) {
      mismatches.push({ key, differences: fieldDiff(original.value, rebuilt) });
    }
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
  for (const row of quarantined.rows) check(row.legacy_key, JSON.parse(row.raw_text) as JsonValue);

  for (const [key, original] of legacy) {
    if (!seen.has(key)) mismatches.push({ key, differences: [{ field: '(record)', legacyValue: original.value, dbValue: undefined }] });
  }
  return { dbRootHash: rootHash(hashes), recordCount: hashes.length, quarantined: quarantined.rowCount ?? 0, mismatches };
}
