import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type pg from 'pg';
import { recordHash, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord, SourceAdapter } from '@/lib/legacy/source-adapter';
import type { SourceEnvelope } from '@/lib/legacy/source-layout';
import { inTransaction } from './pg-client';
import { decodeRow, selectList, type SourceMapping, type StoredRow } from './source-mapping';
import { unsealPii } from './sealed-pii';

const FETCH_ROWS = 10_000;

/** Every record of a source as PostgreSQL holds it (rows and quarantined records), in legacy file order. */
export async function readRecordsFromDatabase(client: pg.Client, mapping: SourceMapping): Promise<LegacyRecord[]> {
  const records: LegacyRecord[] = [];
  await inTransaction(client, async () => {
    await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR SELECT ${selectList(mapping)} FROM ${mapping.table}`);
    for (;;) {
      const { rows } = await client.query<StoredRow>(`FETCH ${FETCH_ROWS} FROM export_rows`);
      for (const row of rows) records.push(toRecord(row.legacy_key, Number(row.legacy_position), decodeRow(mapping, row)));
      if (rows.length < FETCH_ROWS) break;
    }
    // Closed here rather than at commit: the caller's transaction may read another source next.
    await client.query('CLOSE export_rows');
  });
  const quarantined = await client.query<{ legacy_key: string; legacy_position: number; raw_text: string }>(
    `SELECT legacy_key, legacy_position, raw_text FROM migration_quarantine WHERE legacy_source = $1`,
    [mapping.source],
  );
  for (const row of quarantined.rows) records.push(toRecord(row.legacy_key, row.legacy_position, unsealPii(JSON.parse(row.raw_text) as JsonValue)));
  return records.sort((a, b) => a.position - b.position);
}

function toRecord(key: string, position: number, value: JsonValue): LegacyRecord {
  return { key, position, value, hash: recordHash(value) };
}

/**
 * Writes one legacy file back from PostgreSQL in the legacy server's format and the envelope the
 * file had when imported (wrapped or flat, `{}` or `[]`). A source whose file did not exist and
 * still has no records is not written.
 */
export async function exportSource(
  client: pg.Client,
  { adapter, mapping, envelope, targetDir }: { adapter: SourceAdapter; mapping: SourceMapping; envelope: SourceEnvelope; targetDir: string },
): Promise<{ records: number; written: boolean }> {
  const records = await readRecordsFromDatabase(client, mapping);
  if (envelope.variant === 'missing' && records.length === 0) return { records: 0, written: false };
  const file = path.join(targetDir, adapter.relativePath);
  await mkdir(path.dirname(file), { recursive: true });
  const output = createWriteStream(file);
  for (const chunk of adapter.serializeChunks(records, envelope)) {
    if (!output.write(chunk)) await once(output, 'drain');
  }
  output.end();
  await once(output, 'finish');
  return { records: records.length, written: true };
}
