import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { rootHash } from '@/lib/legacy/manifest';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceEnvelope } from '@/lib/legacy/source-layout';
import type { SourceMapping } from '@/lib/migration/source-mapping';
import { findRecordSpans, type RecordSpan } from './record-spans';
import { makeLegacyRecord } from './write-legacy-records';

/** The records a row write found in the file by their byte spans, keyed by legacy key; keys the file lacks are absent. */
export type SpannedRecords = {
  /** SHA-256 of the file's bytes. */
  sha256: string;
  envelope: SourceEnvelope;
  recordCount: number;
  /** Every record's key and hash in key order, as PostgreSQL holds them (proved to be the file's by the manifest's root hash). */
  hashes: Array<{ key: string; hash: string }>;
  records: Map<string, { record: LegacyRecord; span: RecordSpan }>;
  /** Keys held in quarantine, with the reason. */
  quarantined: Map<string, string>;
};

type StoredManifest = { sha256: string; root_hash: string; record_count: number; envelope: SourceEnvelope; state: string; db_root_hash: string | null };

/**
 * Finds the records `keys` name in a legacy file without parsing the rest of it, when PostgreSQL
 * holds, validated, exactly these bytes (the current manifest has their SHA-256 and the database's
 * root hash is the manifest's): the positions come from the table, the spans from one scan of the
 * bytes, and each record found is parsed and must have the key and hash the table holds. Null when
 * any of that does not hold; the caller then parses and rewrites the whole file, as before.
 */
export async function findRecordsBySpan(em: EntityManager, mapping: SourceMapping, bytes: Buffer, keys: readonly string[]): Promise<SpannedRecords | null> {
  const [manifest] = await em.execute<StoredManifest[]>(
    `SELECT m.sha256, m.root_hash, m.record_count, m.envelope, s.state, s.db_root_hash
       FROM migration_source_state s JOIN migration_manifests m ON m.id = s.manifest_id WHERE s.source = ?`,
    [mapping.source],
  );
  if (!manifest || manifest.state !== 'validated' || manifest.db_root_hash !== manifest.root_hash) return null;
  if (manifest.envelope.variant !== 'flat' && manifest.envelope.variant !== 'wrapped') return null;
  if (!manifest.sha256 || createHash('sha256').update(bytes).digest('hex') !== manifest.sha256) return null;

  // One row of text (a JSON array of [key, hash, position, quarantine reason]) is parsed far faster than 100,000 driver rows.
  const [{ rows }] = await em.execute<Array<{ rows: string | null }>>(
    `SELECT json_agg(json_build_array(legacy_key, legacy_hash, legacy_position, reason))::text AS rows FROM (
       SELECT legacy_key, legacy_hash, legacy_position, NULL AS reason FROM ${mapping.table}
       UNION ALL SELECT legacy_key, legacy_hash, legacy_position, reason FROM migration_quarantine WHERE legacy_source = ?) AS stored`,
    [mapping.source],
  );
  const stored = (JSON.parse(rows ?? '[]') as Array<[string, string, number, string | null]>).map(([key, hash, position, reason]) => ({
    key,
    hash,
    position,
    reason,
  }));
  // Sorted once by key, as the root hash wants them: the written file's root hash then sorts an already sorted list, in linear time.
  const byKey = stored.map(({ key, hash }) => ({ key, hash })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (byKey.length !== manifest.record_count || rootHash(byKey) !== manifest.root_hash) return null;

  const spans = findRecordSpans(bytes, manifest.envelope);
  if (!spans || spans.length !== manifest.record_count) return null;
  const wanted = new Set(keys);
  const records = new Map<string, { record: LegacyRecord; span: RecordSpan }>();
  const quarantined = new Map<string, string>();
  for (const row of stored) {
    if (!wanted.has(row.key)) continue;
    if (row.reason !== null) {
      quarantined.set(row.key, row.reason);
      continue;
    }
    const span = spans[row.position];
    if (!span) return null;
    const name = span.nameStart < 0 ? undefined : (JSON.parse(bytes.toString('utf8', span.nameStart, span.nameEnd)) as string);
    const value = JSON.parse(bytes.toString('utf8', span.start, span.end)) as JsonValue;
    const record = makeLegacyRecord(mapping.source, value, row.position, name);
    if (record.key !== row.key || record.hash !== row.hash) return null;
    records.set(row.key, { record, span });
  }
  return { sha256: manifest.sha256, envelope: manifest.envelope, recordCount: manifest.record_count, hashes: byKey, records, quarantined };
}

/**
 * The file with the given records' values replaced in place, each written as the legacy server's
 * `JSON.stringify(…, null, 2)` writes it at its depth; every other byte is kept. Null when a replaced
 * record was not written that way (the file is not in the legacy layout there: the caller rewrites
 * the whole file instead, which restores the layout).
 */
export function patchRecordSpans(
  bytes: Buffer,
  envelope: SourceEnvelope,
  patches: Array<{ span: RecordSpan; before: JsonValue; after: JsonValue }>,
): Buffer | null {
  const pad = envelope.variant === 'wrapped' ? '    ' : '  ';
  const ordered = [...patches].sort((a, b) => a.span.start - b.span.start);
  const pieces: Buffer[] = [];
  let at = 0;
  for (const { span, before, after } of ordered) {
    if (bytes.toString('utf8', span.start, span.end) !== legacyText(before, pad)) return null;
    pieces.push(bytes.subarray(at, span.start), Buffer.from(legacyText(after, pad), 'utf8'));
    at = span.end;
  }
  pieces.push(bytes.subarray(at));
  return Buffer.concat(pieces);
}

function legacyText(value: JsonValue, pad: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`);
}
