import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceMapping } from './source-mapping';

export type DriftResult = { chunksCompared: number; chunksDiffering: number; driftedKeys: string[] };

/** 256 chunks by the first byte of md5(key): stable, even, and computable on both sides. */
const chunkOf = (key: string) => createHash('md5').update(key).digest('hex').slice(0, 2);
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function chunkHashes(entries: Array<{ key: string; hash: string }>): Map<string, string> {
  const chunks = new Map<string, string[]>();
  for (const entry of [...entries].sort((a, b) => byBytes(a.key, b.key))) {
    const chunk = chunkOf(entry.key);
    const lines = chunks.get(chunk) ?? [];
    lines.push(`${entry.key}:${entry.hash}`);
    chunks.set(chunk, lines);
  }
  return new Map([...chunks].map(([chunk, lines]) => [chunk, createHash('md5').update(lines.join('\n')).digest('hex')]));
}

/**
 * Drift between a legacy file (as read now) and what PostgreSQL last took from it, without moving
 * every row: PostgreSQL hashes its (key, record hash) pairs per chunk, the chunks that differ are
 * then compared record by record, naming the drifted keys (added, changed or removed on either side).
 */
export async function detectDrift(client: pg.Client, mapping: SourceMapping, fileRecords: LegacyRecord[]): Promise<DriftResult> {
  const stored = `SELECT legacy_key, legacy_hash FROM ${mapping.table}
                  UNION ALL SELECT legacy_key, legacy_hash FROM migration_quarantine WHERE legacy_source = $1`;
  const { rows } = await client.query<{ chunk: string; digest: string }>(
    `SELECT substr(md5(legacy_key), 1, 2) AS chunk,
            md5(string_agg(legacy_key || ':' || legacy_hash, E'\\n' ORDER BY legacy_key COLLATE "C")) AS digest
       FROM (${stored}) s GROUP BY 1`,
    [mapping.source],
  );
  const database = new Map(rows.map((row) => [row.chunk, row.digest]));
  const file = chunkHashes(fileRecords.map((record) => ({ key: record.key, hash: record.hash })));
  const differing = [...new Set([...database.keys(), ...file.keys()])].filter((chunk) => database.get(chunk) !== file.get(chunk));
  if (!differing.length) return { chunksCompared: Math.max(database.size, file.size), chunksDiffering: 0, driftedKeys: [] };

  const { rows: storedRows } = await client.query<{ legacy_key: string; legacy_hash: string }>(
    `SELECT legacy_key, legacy_hash FROM (${stored}) s WHERE substr(md5(legacy_key), 1, 2) = ANY($2::text[])`,
    [mapping.source, differing],
  );
  const inDatabase = new Map(storedRows.map((row) => [row.legacy_key, row.legacy_hash]));
  const differingSet = new Set(differing);
  const inFile = new Map(fileRecords.filter((record) => differingSet.has(chunkOf(record.key))).map((record) => [record.key, record.hash]));
  const drifted = [...new Set([...inDatabase.keys(), ...inFile.keys()])].filter((key) => inDatabase.get(key) !== inFile.get(key));
  return { chunksCompared: Math.max(database.size, file.size), chunksDiffering: differing.length, driftedKeys: drifted.sort(byBytes) };
}
