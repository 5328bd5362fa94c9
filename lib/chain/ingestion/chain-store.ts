import type pg from 'pg';
import { setClientAuditContext, type AuditContext } from '@/lib/audit/audit-context';
import { recordHash } from '@/lib/legacy/canonical-json';
import type { SourceId } from '@/lib/legacy/sources';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { inTransaction } from '@/lib/migration/pg-client';
import { allColumns, encodeRecord, type SourceMapping } from '@/lib/migration/source-mapping';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { enqueueMirror } from '@/lib/storage/storage-outbox';
import { writeChainFiles, type ChainFilePositions } from './chain-legacy-files';
import type { NodeBlock } from './node-blocks';

/** Who the row audit entries name for what the ingester writes. */
export const CHAIN_INGEST_CONTEXT: AuditContext = { source: 'system', actorLabel: 'chain ingester' };

const BLOCK_SOURCE: SourceId = 'full-chain-history';
const TRANSACTION_SOURCE: SourceId = 'persistent-transactions';

/** A block the ingester owns (stored it, or adopted the legacy file's identical row). */
export type LedgerBlock = { number: bigint; hash: string; parentHash: string };

export type StoreResult = { stored: number; adopted: number; drifted: number; transactions: number };

type UpsertStatements = { mapping: SourceMapping; keyIndex: number; updatedIndexes: number[]; update: string; insert: string };

/**
 * chain_blocks and chain_transactions are partitioned by month (decision 071): no unique index to name
 * in ON CONFLICT, so a record updates its row when the stored form differs and is inserted when the key
 * is new. The keys table refuses a duplicate should another writer insert the same key meanwhile.
 */
function upsertStatements(mapping: SourceMapping): UpsertStatements {
  const columns = allColumns(mapping);
  const placeholders = columns.map((_, index) => `$${index + 1}`).join(', ');
  // The position a row first got is kept: the mirrored file keeps its order.
  const updated = columns.filter((column) => column !== 'legacy_key' && column !== 'legacy_position');
  const hashParameter = updated.indexOf('legacy_hash') + 1;
  return {
    mapping,
    keyIndex: columns.indexOf('legacy_key'),
    updatedIndexes: updated.map((column) => columns.indexOf(column)),
    update: `UPDATE ${mapping.table} SET ${updated.map((column, index) => `${column} = $${index + 1}`).join(', ')}, updated_at = now()
              WHERE legacy_key = $${updated.length + 1} AND legacy_hash IS DISTINCT FROM $${hashParameter}`,
    insert: `INSERT INTO ${mapping.table} (${columns.join(', ')}) VALUES (${placeholders})`,
  };
}

const statements = new Map<SourceId, UpsertStatements>();
function upsertFor(source: SourceId): UpsertStatements {
  let found = statements.get(source);
  if (!found) statements.set(source, (found = upsertStatements(SOURCE_MAPPINGS[source]!)));
  return found;
}

/** Stores one legacy-shaped record exactly as an import of the mirrored file would (same provenance columns). */
async function upsertRecord(client: pg.Client, source: SourceId, key: string, position: number, value: NodeBlock['block']): Promise<void> {
  const { mapping, keyIndex, updatedIndexes, update, insert } = upsertFor(source);
  const encoded = encodeRecord(mapping, { key, position, value, hash: recordHash(value) });
  // Every field the node gives is a type the mapping stores exactly; a refusal here is a bug, not data.
  if (encoded.kind === 'quarantine') throw new Error(`chain ingester: ${source} record ${key} ${encoded.reason}`);
  const { rows } = await client.query(`SELECT 1 FROM ${mapping.table} WHERE legacy_key = $1`, [encoded.values[keyIndex]]);
  const { values } = encoded;
  if (!rows.length) await client.query(insert, values);
  else await client.query(update, [...updatedIndexes.map((index) => values[index]), values[keyIndex]]);
}

async function nextPosition(client: pg.Client, table: string): Promise<number> {
  const { rows } = await client.query<{ next: number }>(`SELECT COALESCE(max(legacy_position), -1)::int + 1 AS next FROM ${table}`);
  return rows[0].next;
}

/**
 * Stores `blocks` (ascending, contiguous) with their transactions in one transaction. A block number
 * the legacy file already holds with the same hash stays one row (adopted into the ledger); with
 * another hash it is recorded as drift and the legacy row is left alone (decision 069). In pg-primary
 * the legacy files are queued for the mirror in the same transaction. In json-primary with the legacy
 * folder given, the records are written to the legacy files first, then stored at the positions they
 * have there (decision 080).
 */
export async function storeNodeBlocks(client: pg.Client, blocks: NodeBlock[], mode: StorageMode, legacyDir?: string): Promise<StoreResult> {
  if (!blocks.length) return { stored: 0, adopted: 0, drifted: 0, transactions: 0 };
  const positions = mode === 'json-primary' && legacyDir ? await writeChainFiles(legacyDir, blocks) : null;
  return storeInDatabase(client, blocks, mode, positions);
}

async function storeInDatabase(client: pg.Client, blocks: NodeBlock[], mode: StorageMode, filePositions: ChainFilePositions | null): Promise<StoreResult> {
  const result: StoreResult = { stored: 0, adopted: 0, drifted: 0, transactions: 0 };
  if (!blocks.length) return result;
  await inTransaction(client, async () => {
    await setClientAuditContext(client, CHAIN_INGEST_CONTEXT);
    let blockPosition = await nextPosition(client, 'chain_blocks');
    let transactionPosition = await nextPosition(client, 'chain_transactions');
    // Rows of these numbers the ingester did not store: the legacy file's (the same block is adopted, another is drift).
    const { rows: existing } = await client.query<{ block_number: string; block_hash: string | null }>(
      `SELECT b.block_number::text, b.block_hash FROM chain_blocks b
        WHERE b.block_number = ANY($1::bigint[])
          AND NOT EXISTS (SELECT 1 FROM chain_ingested_blocks l WHERE l.block_number = b.block_number AND l.block_hash = b.block_hash)`,
      [blocks.map((block) => String(block.number))],
    );
    const legacyRows = new Map<string, typeof existing>();
    for (const row of existing) legacyRows.set(row.block_number, [...(legacyRows.get(row.block_number) ?? []), row]);
    for (const block of blocks) {
      const key = String(block.number);
      const rows = legacyRows.get(key) ?? [];
      const legacy = rows.find((row) => row.block_hash === block.hash) ?? rows[0];
      if (legacy && legacy.block_hash !== block.hash) {
        await client.query(
          `INSERT INTO chain_block_drift (block_number, legacy_block_hash, chain_block_hash) VALUES ($1, $2, $3)
           ON CONFLICT (block_number) DO UPDATE SET legacy_block_hash = EXCLUDED.legacy_block_hash, chain_block_hash = EXCLUDED.chain_block_hash, detected_at = now()`,
          [key, legacy.block_hash, block.hash],
        );
        result.drifted += 1;
      } else {
        if (legacy) result.adopted += 1;
        else {
          await upsertRecord(client, BLOCK_SOURCE, key, filePositions?.blocks.get(key) ?? blockPosition++, block.block);
          result.stored += 1;
        }
        await client.query(
          `INSERT INTO chain_ingested_blocks (block_number, block_hash, parent_hash) VALUES ($1, $2, $3)
           ON CONFLICT (block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash, parent_hash = EXCLUDED.parent_hash, ingested_at = now()`,
          [key, block.hash, block.parentHash],
        );
      }
      for (const transaction of block.transactions) {
        const hash = String(transaction.hash);
        await upsertRecord(client, TRANSACTION_SOURCE, hash, filePositions?.transactions.get(hash) ?? transactionPosition++, transaction);
        result.transactions += 1;
      }
    }
    if (mode === 'pg-primary') {
      await enqueueMirror(client, BLOCK_SOURCE);
      if (result.transactions) await enqueueMirror(client, TRANSACTION_SOURCE);
    }
  });
  return result;
}

/**
 * Replaces an orphaned branch: deletes the ledger's blocks above `forkNumber - 1` (their rows and every
 * transaction they held), stores the canonical blocks and records the reorg, all in one transaction. In
 * json-primary with the legacy folder given, the legacy files lose the orphaned records and gain the
 * canonical ones first, one write per file (decision 080).
 */
export async function replaceBranch(
  client: pg.Client,
  orphaned: LedgerBlock[],
  canonical: NodeBlock[],
  mode: StorageMode,
  legacyDir?: string,
): Promise<StoreResult> {
  const forkNumber = orphaned.reduce((lowest, block) => (block.number < lowest ? block.number : lowest), orphaned[0].number);
  const oldHashes = [...orphaned].sort((a, b) => Number(a.number - b.number)).map((block) => block.hash);
  const positions = mode === 'json-primary' && legacyDir ? await writeChainFiles(legacyDir, canonical, oldHashes) : null;
  return inTransaction(client, async () => {
    await setClientAuditContext(client, CHAIN_INGEST_CONTEXT);
    await client.query(`DELETE FROM chain_transactions WHERE block_hash = ANY($1::text[])`, [oldHashes]);
    await client.query(`DELETE FROM chain_blocks WHERE legacy_key = ANY($1::text[]) AND block_hash = ANY($2::text[])`, [
      orphaned.map((block) => String(block.number)),
      oldHashes,
    ]);
    await client.query(`DELETE FROM chain_ingested_blocks WHERE block_number >= $1`, [String(forkNumber)]);
    const stored = await storeInDatabase(client, canonical, mode, positions);
    await client.query(`INSERT INTO chain_reorgs (fork_block_number, depth, old_hashes, new_hashes) VALUES ($1, $2, $3, $4)`, [
      String(forkNumber),
      orphaned.length,
      oldHashes,
      canonical.map((block) => block.hash),
    ]);
    // The mirror must also see the deletions when no canonical block replaced them yet.
    if (mode === 'pg-primary' && !canonical.length) {
      await enqueueMirror(client, BLOCK_SOURCE);
      await enqueueMirror(client, TRANSACTION_SOURCE);
    }
    return stored;
  });
}

/** The ledger's newest `limit` blocks at or below `below` (all when null), newest first. */
export async function readLedger(client: pg.Client, limit: number, below: bigint | null = null): Promise<LedgerBlock[]> {
  // Ordered by the bigint column, not by the text the select list turns it into.
  const { rows } = await client.query<{ number: string; block_hash: string; parent_hash: string }>(
    `SELECT l.block_number::text AS number, l.block_hash, l.parent_hash FROM chain_ingested_blocks l
      WHERE $1::bigint IS NULL OR l.block_number <= $1::bigint ORDER BY l.block_number DESC LIMIT $2`,
    [below === null ? null : String(below), limit],
  );
  return rows.map((row) => ({ number: BigInt(row.number), hash: row.block_hash, parentHash: row.parent_hash }));
}

/**
 * Where ingestion continues: after the newest block it stored or found drifted, or after the newest
 * stored block (the legacy history) when it has stored none.
 */
export async function findIngestHead(client: pg.Client): Promise<bigint | null> {
  const { rows } = await client.query<{ head: string | null }>(
    `SELECT COALESCE(
       GREATEST((SELECT max(block_number) FROM chain_ingested_blocks), (SELECT max(block_number) FROM chain_block_drift)),
       (SELECT max(block_number) FROM chain_blocks))::text AS head`,
  );
  return rows[0].head === null ? null : BigInt(rows[0].head);
}

/** Records what the last tick saw: the node's head, the stored head, and when blocks were last stored. */
export async function recordIngestStatus(client: pg.Client, status: { nodeHead: bigint; storedHead: bigint | null; ingested: boolean }): Promise<void> {
  await client.query(
    `INSERT INTO chain_ingest_status (id, node_head, stored_head, last_ingest_at, last_check_at) VALUES (1, $1, $2, CASE WHEN $3 THEN now() END, now())
     ON CONFLICT (id) DO UPDATE SET node_head = EXCLUDED.node_head, stored_head = EXCLUDED.stored_head,
       last_ingest_at = CASE WHEN $3 THEN now() ELSE chain_ingest_status.last_ingest_at END, last_check_at = now()`,
    [String(status.nodeHead), status.storedHead === null ? null : String(status.storedHead), status.ingested],
  );
}
