import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { readIfExists, withLegacyFileLock, writeFileAtomically } from '@/lib/storage/legacy-file-lock';
import { makeLegacyRecord } from '@/lib/storage/write-legacy-records';
import type { NodeBlock } from './node-blocks';

/** Where each record of the written files sits (its index in the file), by legacy key: PostgreSQL stores the same positions. */
export type ChainFilePositions = { blocks: Map<string, number>; transactions: Map<string, number> };

const BLOCK_SOURCE: SourceId = 'full-chain-history';
const TRANSACTION_SOURCE: SourceId = 'persistent-transactions';

/** A string member of a record ('' when absent: never an orphaned hash). */
function memberText(record: LegacyRecord, name: string): string {
  const value = isJsonObject(record.value) ? record.value[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * json-primary: the ingester's blocks and transactions go into the legacy files before PostgreSQL (decision
 * 080), so a sync of those files brings them in instead of deleting them. Each file is read, changed and
 * written once per call under the legacy server's lock protocol (lock, `.tmp`, rename), and only when its
 * records change. The orphaned blocks' records and their transactions' records are removed (as `replaceBranch`
 * deletes their rows); a block number the file already holds stays as it is (the same block, or drift kept
 * beside the legacy record, as in PostgreSQL); a transaction is appended, or replaced in place when the file
 * holds its hash with other content (as the row update keeps the row's position).
 */
export async function writeChainFiles(legacyDir: string, blocks: NodeBlock[], orphanedHashes: readonly string[] = []): Promise<ChainFilePositions> {
  const orphaned = new Set(orphanedHashes);
  const blockPositions = await rewriteFile(legacyDir, BLOCK_SOURCE, (records) => {
    const kept = records.filter((record) => !orphaned.has(memberText(record, 'hash')));
    const held = new Set(kept.map((record) => record.key));
    const added = blocks.filter((block) => !held.has(String(block.number))).map((block) => block.block);
    return { records: appendRecords(BLOCK_SOURCE, kept, added), changed: kept.length < records.length || added.length > 0 };
  });
  const transactions = blocks.flatMap((block) => block.transactions);
  const transactionPositions = await rewriteFile(legacyDir, TRANSACTION_SOURCE, (records) => {
    const kept = records.filter((record) => !orphaned.has(memberText(record, 'blockHash')));
    let changed = kept.length < records.length;
    const index = new Map(kept.map((record, position) => [record.key, position]));
    const added: JsonObject[] = [];
    for (const transaction of transactions) {
      const key = String(transaction.hash);
      const position = index.get(key);
      if (position === undefined) added.push(transaction);
      else {
        const replacement = makeLegacyRecord(TRANSACTION_SOURCE, transaction, position, key);
        if (replacement.hash === kept[position].hash) continue;
        kept[position] = replacement;
        changed = true;
      }
    }
    return { records: appendRecords(TRANSACTION_SOURCE, kept, added), changed: changed || added.length > 0 };
  });
  return { blocks: blockPositions, transactions: transactionPositions };
}

function appendRecords(source: SourceId, records: LegacyRecord[], values: JsonObject[]): LegacyRecord[] {
  return [...records, ...values.map((value, index) => makeLegacyRecord(source, value, records.length + index))];
}

async function rewriteFile(
  legacyDir: string,
  source: SourceId,
  change: (records: LegacyRecord[]) => { records: LegacyRecord[]; changed: boolean },
): Promise<Map<string, number>> {
  const adapter = getLegacySource(source);
  const file = path.join(legacyDir, adapter.relativePath);
  // The legacy server creates explorer-data/ with its first collector write; the ingester may come first.
  await mkdir(path.dirname(file), { recursive: true });
  return withLegacyFileLock(file, async () => {
    const parsed = adapter.parse(await readIfExists(file));
    const { records, changed } = change(parsed.records);
    if (changed) await writeFileAtomically(file, adapter.serialize(records, parsed.envelope));
    return new Map(records.map((record, position) => [record.key, position]));
  });
}
