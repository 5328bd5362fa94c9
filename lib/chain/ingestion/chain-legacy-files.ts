import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isJsonObject, recordHash, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord, SourceAdapter } from '@/lib/legacy/source-adapter';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { readIfExists, withLegacyFileLock, writeFileAtomically } from '@/lib/storage/legacy-file-lock';
import {
  readSpliceableFile,
  spliceableRecords,
  spliceableValue,
  spliceRecords,
  type RecordSplice,
  type SpliceableFile,
} from '@/lib/storage/splice-legacy-file';
import { makeLegacyRecord } from '@/lib/storage/write-legacy-records';
import type { NodeBlock } from './node-blocks';

/** Where each record of the written files sits (its index in the file), by legacy key: PostgreSQL stores the same positions. */
export type ChainFilePositions = { blocks: Map<string, number>; transactions: Map<string, number> };

const BLOCK_SOURCE: SourceId = 'full-chain-history';
const TRANSACTION_SOURCE: SourceId = 'persistent-transactions';

/** A chain file's records as the change needs them: each record's key and the block hash it names ('' when none), in file order. */
type ChainFileRecords = { records: Array<{ key: string; blockHash: string }>; recordHash: (index: number) => string };

/** How a chain file is read: the member its key comes from and the member naming its block's hash. */
type ChainFileMembers = { keyMember: string; blockHashMember: string };

/**
 * json-primary: the ingester's blocks and transactions go into the legacy files before PostgreSQL (decision
 * 080), so a sync of those files brings them in instead of deleting them. Each file is read, changed and
 * written once per call under the legacy server's lock protocol (lock, `.tmp`, rename), and only when its
 * records change. The orphaned blocks' records and their transactions' records are removed (as `replaceBranch`
 * deletes their rows); a block number the file already holds stays as it is (the same block, or drift kept
 * beside the legacy record, as in PostgreSQL); a transaction is appended, or replaced in place when the file
 * holds its hash with other content (as the row update keeps the row's position). The records are found and
 * changed in the file's bytes without parsing the others (decision 083).
 */
export async function writeChainFiles(legacyDir: string, blocks: NodeBlock[], orphanedHashes: readonly string[] = []): Promise<ChainFilePositions> {
  const orphaned = new Set(orphanedHashes);
  const blockPositions = await changeFile(legacyDir, BLOCK_SOURCE, { keyMember: 'number', blockHashMember: 'hash' }, ({ records }) => {
    const removed = orphanedIndexes(records, orphaned);
    const held = new Set(records.filter((_, index) => !removed.has(index)).map((record) => record.key));
    const appended = blocks.filter((block) => !held.has(String(block.number))).map((block) => block.block);
    return { removed, replaced: new Map(), appended };
  });
  const transactions = blocks.flatMap((block) => block.transactions);
  const transactionPositions = await changeFile(legacyDir, TRANSACTION_SOURCE, { keyMember: 'hash', blockHashMember: 'blockHash' }, (file) => {
    const removed = orphanedIndexes(file.records, orphaned);
    const index = new Map<string, number>();
    for (const [position, record] of file.records.entries()) if (!removed.has(position)) index.set(record.key, position);
    const replaced = new Map<number, JsonObject>();
    const replacedHashes = new Map<number, string>();
    const appended: JsonObject[] = [];
    for (const transaction of transactions) {
      const position = index.get(String(transaction.hash));
      if (position === undefined) {
        appended.push(transaction);
        continue;
      }
      const hash = recordHash(transaction);
      if (hash === (replacedHashes.get(position) ?? file.recordHash(position))) continue;
      replaced.set(position, transaction);
      replacedHashes.set(position, hash);
    }
    return { removed, replaced, appended };
  });
  return { blocks: blockPositions, transactions: transactionPositions };
}

function orphanedIndexes(records: ChainFileRecords['records'], orphaned: ReadonlySet<string>): Set<number> {
  const removed = new Set<number>();
  for (const [index, record] of records.entries()) if (orphaned.has(record.blockHash)) removed.add(index);
  return removed;
}

/**
 * Applies `change` to one chain file under the legacy lock and writes it when it changed. A file in the legacy
 * layout is spliced: its records are delimited by one scan, only the key and block-hash members and the
 * replaced records are parsed, and the kept records' bytes are copied. Any other file (missing, without
 * records, laid out otherwise, malformed) is parsed and rewritten whole, as before: that reports a malformed
 * file (its bytes untouched) and restores the layout. Both ways give the same bytes.
 */
async function changeFile(
  legacyDir: string,
  source: SourceId,
  members: ChainFileMembers,
  change: (file: ChainFileRecords) => RecordSplice,
): Promise<Map<string, number>> {
  const adapter = getLegacySource(source);
  const file = path.join(legacyDir, adapter.relativePath);
  // The legacy server creates explorer-data/ with its first collector write; the ingester may come first.
  await mkdir(path.dirname(file), { recursive: true });
  return withLegacyFileLock(file, async () => {
    const bytes = await readIfExists(file);
    const spliceable = readSpliceableFile(adapter, bytes, [members.keyMember, members.blockHashMember]);
    const records = spliceable ? readSplicedRecords(adapter, spliceable, members) : null;
    if (spliceable && records) {
      const splice = change({ records, recordHash: (index) => recordHash(spliceableValue(spliceable, index)) });
      if (changes(splice)) await writeFileAtomically(file, spliceRecords(spliceable, splice));
      return positionsAfter(source, records, splice);
    }
    const parsed = adapter.parse(bytes);
    const splice = change({
      records: parsed.records.map((record) => ({ key: record.key, blockHash: memberText(record.value, members.blockHashMember) })),
      recordHash: (index) => parsed.records[index].hash,
    });
    if (changes(splice)) await writeFileAtomically(file, adapter.serialize(applySplice(source, parsed.records, splice), parsed.envelope));
    return positionsAfter(source, parsed.records, splice);
  });
}

/** The spliceable file's keys and block hashes; null when a member's bytes are no JSON (the whole-file parse then reports where). */
function readSplicedRecords(adapter: SourceAdapter, file: SpliceableFile, members: ChainFileMembers): ChainFileRecords['records'] | null {
  try {
    return spliceableRecords(adapter, file, members.keyMember, [members.blockHashMember]).map((record) => ({
      key: record.key,
      blockHash: record[members.blockHashMember],
    }));
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

const changes = ({ removed, replaced, appended }: RecordSplice) => removed.size > 0 || replaced.size > 0 || appended.length > 0;

/** A string member of a record ('' when absent: never an orphaned hash). */
function memberText(value: JsonValue, name: string): string {
  const member = isJsonObject(value) ? value[name] : undefined;
  return typeof member === 'string' ? member : '';
}

/** The records after the splice, at their new positions (kept ones renumbered, so appended ones follow them). */
function applySplice(source: SourceId, records: LegacyRecord[], { removed, replaced, appended }: RecordSplice): LegacyRecord[] {
  const next: LegacyRecord[] = [];
  for (const [index, record] of records.entries()) {
    if (removed.has(index)) continue;
    next.push(replaced.has(index) ? makeLegacyRecord(source, replaced.get(index)!, next.length, record.key) : { ...record, position: next.length });
  }
  for (const value of appended) next.push(makeLegacyRecord(source, value, next.length));
  return next;
}

/** Each key's index in the file after the splice (a key held twice: its last index). */
function positionsAfter(source: SourceId, records: ReadonlyArray<{ key: string }>, { removed, appended }: RecordSplice): Map<string, number> {
  const positions = new Map<string, number>();
  let position = 0;
  for (const [index, record] of records.entries()) if (!removed.has(index)) positions.set(record.key, position++);
  for (const value of appended) positions.set(makeLegacyRecord(source, value, position).key, position++);
  return positions;
}
