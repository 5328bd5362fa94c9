import { createHash } from 'node:crypto';
import { readSource } from './read-source';
import type { SourceSpec } from './source-adapter';
import type { SourceVariant } from './source-layout';

export type SourceManifest = {
  source: string;
  relativePath: string;
  exists: boolean;
  sizeBytes: number | null;
  /** SHA-256 of the file's raw bytes: changes with any byte, formatting included. */
  sha256: string | null;
  recordCount: number;
  /** See `rootHash`: changes only when a record's key or value changes. */
  rootHash: string;
  variant: SourceVariant;
};

type KeyedHash = { key: string; hash: string };

const ROOT_HASH_BATCH = 1_000;

/**
 * The root hash of a source: lowercase hex SHA-256 of the UTF-8 text made of one line per record,
 *
 *     JSON.stringify(key) + ":" + recordHash + "\n"
 *
 * with the records in ascending key order (JavaScript string order, i.e. UTF-16 code units; keys
 * are unique within a source). A source without records has the hash of the empty text.
 *
 * It is built from keys and canonical-JSON record hashes only, so re-indenting the file, reordering
 * members inside a record or switching between the wrapped and the flat form leave it unchanged,
 * while any change to a key or to a value changes it. Record order is not part of it: the rollback
 * restores order from each record's position, and the file's own SHA-256 catches a reordering.
 */
export function rootHash(records: Iterable<KeyedHash>): string {
  const sorted = [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const digest = createHash('sha256');
  // Lines are fed in batches: one native call per line costs more than the hashing itself.
  for (let start = 0; start < sorted.length; start += ROOT_HASH_BATCH) {
    let text = '';
    for (const { key, hash } of sorted.slice(start, start + ROOT_HASH_BATCH)) text += `${JSON.stringify(key)}:${hash}\n`;
    digest.update(text);
  }
  return digest.digest('hex');
}

/** Reads one source from `dir` (streaming) and describes it; nothing is written anywhere. */
export async function buildManifest(dir: string, spec: SourceSpec): Promise<SourceManifest> {
  const hashes: KeyedHash[] = [];
  const summary = await readSource(dir, spec, (records) => {
    for (const { key, hash } of records) hashes.push({ key, hash });
  });
  const { source, relativePath, exists, sizeBytes, sha256, recordCount, variant } = summary;
  return { source, relativePath, exists, sizeBytes, sha256, recordCount, rootHash: rootHash(hashes), variant };
}
