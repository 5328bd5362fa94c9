import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import ganache from 'ganache';
import { createPublicClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_SYNC_CONTEXT } from '@/lib/audit/audit-context';
import { isJsonObject } from '@/lib/legacy/canonical-json';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { RUN_HOLDS_LOCK } from '@/lib/migration/run-lock';
import { syncSources } from '@/lib/migration/sync-sources';
import { useTestOrm } from '@/lib/testing/test-orm';
import { startChainIngester, type ChainIngester } from './chain-ingester';
import { writeChainFiles } from './chain-legacy-files';
import { fetchNodeBlock } from './node-blocks';

// json-primary (decision 080): the ingester writes what it stores into the legacy chain files first, so the
// sync of those files (the truth before the cut-over) finds its rows instead of deleting them.
let server: ReturnType<typeof ganache.server>;
let node: PublicClient;
let accounts: string[];
let orm: MikroORM;
let owner: MikroORM;
let ingester: ChainIngester | null = null;
let legacyDir: string;
let transferValue = 5_000n;

const CHAIN_SOURCES: SourceId[] = ['full-chain-history', 'persistent-transactions'];
const rpc = <T>(method: string, params: unknown[] = []) => server.provider.request({ method, params } as never) as Promise<T>;

async function mineTransfers(count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let index = 0; index < count; index++) {
    transferValue += 1n;
    hashes.push(await rpc<string>('eth_sendTransaction', [{ from: accounts[0], to: accounts[1 + (index % 2)], value: `0x${transferValue.toString(16)}` }]));
  }
  return hashes;
}

async function query<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
  return orm.em.fork().execute<Row[]>(sql, values);
}

async function waitForHead(deadlineMs: number, extra: () => Promise<boolean> = async () => true): Promise<void> {
  const started = performance.now();
  const target = String(await node.getBlockNumber());
  while (performance.now() - started < deadlineMs) {
    const [row] = await query<{ head: string | null }>('SELECT max(block_number)::text AS head FROM chain_ingested_blocks');
    if (row.head === target && (await extra())) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the ingester did not reach block ${target} within ${deadlineMs} ms`);
}

type StoredRecord = { key: string; position: number; hash: string; chainHash: string };

/** Every record of a legacy chain file: key, position, record hash and the block hash it names. */
function fileRecords(source: SourceId): StoredRecord[] {
  const adapter = getLegacySource(source);
  const { records } = adapter.parse(readFileSync(path.join(legacyDir, adapter.relativePath)));
  const member = source === 'full-chain-history' ? 'hash' : 'blockHash';
  return records.map((record, position) => ({
    key: record.key,
    position,
    hash: record.hash,
    chainHash: isJsonObject(record.value) ? String(record.value[member]) : '',
  }));
}

/** The same for the rows PostgreSQL holds, in the file's order. */
async function tableRecords(source: SourceId): Promise<StoredRecord[]> {
  const table = source === 'full-chain-history' ? 'chain_blocks' : 'chain_transactions';
  const rows = await query<{ key: string; position: number; hash: string; chain_hash: string }>(
    `SELECT legacy_key AS key, legacy_position AS position, legacy_hash AS hash, block_hash AS chain_hash FROM ${table} ORDER BY legacy_position`,
  );
  return rows.map((row) => ({ key: row.key, position: row.position, hash: row.hash.trim(), chainHash: row.chain_hash }));
}

async function rowCounts(): Promise<{ blocks: number; transactions: number }> {
  const [row] = await query<{ blocks: number; transactions: number }>(
    'SELECT (SELECT count(*) FROM chain_blocks)::int AS blocks, (SELECT count(*) FROM chain_transactions)::int AS transactions',
  );
  return row;
}

/** A sync pass of the two chain files, as the sync worker runs it; returns what it changed per source. */
async function syncChainFiles() {
  const results = await syncSources(owner.em.fork(), {
    sourceDir: legacyDir,
    storageDir: path.join(legacyDir, 'kyc'),
    context: LEGACY_SYNC_CONTEXT,
    worker: 'chain-legacy-files-test',
    only: CHAIN_SOURCES,
  });
  if (results === RUN_HOLDS_LOCK) throw new Error('a migration run holds the sync lock');
  return results
    .map(({ source, inserted, updated, deleted, state }) => ({ source, inserted, updated, deleted, state }))
    .sort((a, b) => a.source.localeCompare(b.source));
}

const UNCHANGED = CHAIN_SOURCES.map((source) => ({ source, inserted: 0, updated: 0, deleted: 0, state: 'validated' }));

beforeAll(async () => {
  orm = await useTestOrm('app');
  owner = await useTestOrm('owner');
  // An empty store and an empty legacy folder: the files then hold exactly what the ingester wrote.
  await owner.em.fork().transactional(async (tx) => {
    await tx.execute('SET LOCAL pend.bulk_load = on');
    await tx.execute(
      'DELETE FROM chain_transactions; DELETE FROM chain_blocks; DELETE FROM chain_ingested_blocks; DELETE FROM chain_reorgs; DELETE FROM chain_block_drift; DELETE FROM chain_ingest_status;',
    );
  });
  legacyDir = mkdtempSync(path.join(os.tmpdir(), 'pend-chain-json-primary-'));
  const options = { logging: { quiet: true }, wallet: { totalAccounts: 3 }, chain: { chainId: 1337 } } as unknown as Parameters<typeof ganache.server>[0];
  server = ganache.server(options);
  await server.listen(0);
  const { port } = server.address() as AddressInfo;
  node = createPublicClient({ transport: http(`http://127.0.0.1:${port}`), cacheTime: 0 });
  accounts = await rpc<string[]>('eth_accounts');
  start();
}, 60_000);

function start(): void {
  ingester = startChainIngester({ orm, node, pollMs: 100, reorgDepth: 12, batchSize: 25, legacyDir });
}

afterAll(async () => {
  await ingester?.stop();
  await server?.close();
  if (legacyDir) rmSync(legacyDir, { recursive: true, force: true });
});

describe('chain ingestion in json-primary writes the legacy chain files first', () => {
  it('writes every ingested block and transaction to the two legacy files: the same keys, hashes and positions as the rows', async () => {
    const hashes = await mineTransfers(12);
    await waitForHead(10_000);

    const blocks = fileRecords('full-chain-history');
    const head = await node.getBlockNumber();
    // Block 0 (genesis) to the head, each once, in order, with the node's hashes.
    expect(blocks.map((record) => record.key)).toEqual(Array.from({ length: Number(head) + 1 }, (_, number) => String(number)));
    for (const record of [blocks[1], blocks[blocks.length - 1]]) expect(record.chainHash).toBe((await node.getBlock({ blockNumber: BigInt(record.key) })).hash);
    expect(blocks).toEqual(await tableRecords('full-chain-history'));

    const transactions = fileRecords('persistent-transactions');
    expect(transactions.map((record) => record.key)).toEqual(hashes);
    expect(transactions).toEqual(await tableRecords('persistent-transactions'));
    // Written through tmp + rename under the legacy lock: neither is left behind.
    for (const source of CHAIN_SOURCES) {
      const file = path.join(legacyDir, getLegacySource(source).relativePath);
      expect([existsSync(`${file}.tmp`), existsSync(`${file}.lock`)]).toEqual([false, false]);
    }
  });

  it('a sync of the written files keeps every ingested row and changes none', async () => {
    const before = await rowCounts();
    expect(before.transactions).toBeGreaterThanOrEqual(12);
    expect(await syncChainFiles()).toEqual(UNCHANGED);
    expect(await rowCounts()).toEqual(before);
  });

  it('a reorg removes the orphaned blocks and transactions from the files and from PostgreSQL, and the files then sync unchanged', async () => {
    const snapshot = await rpc<string>('evm_snapshot');
    const orphanedTransactions = await mineTransfers(3);
    await waitForHead(5_000);
    const orphanedBlocks = fileRecords('full-chain-history')
      .slice(-3)
      .map((record) => record.chainHash);
    expect(fileRecords('persistent-transactions').map((record) => record.key)).toEqual(expect.arrayContaining(orphanedTransactions));

    expect(await rpc<boolean>('evm_revert', [snapshot])).toBe(true);
    const canonicalTransactions = await mineTransfers(4);
    await waitForHead(5_000, async () => (await query('SELECT 1 FROM chain_reorgs')).length > 0);

    const blocks = fileRecords('full-chain-history');
    const transactions = fileRecords('persistent-transactions');
    expect(blocks.filter((record) => orphanedBlocks.includes(record.chainHash))).toEqual([]);
    expect(transactions.filter((record) => orphanedTransactions.includes(record.key) || orphanedBlocks.includes(record.chainHash))).toEqual([]);
    expect(transactions.slice(-4).map((record) => record.key)).toEqual(canonicalTransactions);
    // Every transaction record names a block the file holds; the tail is the node's chain.
    const blockHashes = new Set(blocks.map((record) => record.chainHash));
    expect(transactions.filter((record) => !blockHashes.has(record.chainHash))).toEqual([]);
    for (const record of blocks.slice(-4)) expect(record.chainHash).toBe((await node.getBlock({ blockNumber: BigInt(record.key) })).hash);

    expect(await query('SELECT 1 FROM chain_blocks WHERE block_hash IN (?)', [orphanedBlocks])).toHaveLength(0);
    expect(await query('SELECT 1 FROM chain_transactions WHERE tx_hash IN (?) OR block_hash IN (?)', [orphanedTransactions, orphanedBlocks])).toHaveLength(0);
    expect(blocks).toEqual(await tableRecords('full-chain-history'));
    expect(transactions).toEqual(await tableRecords('persistent-transactions'));

    const before = await rowCounts();
    expect(await syncChainFiles()).toEqual(UNCHANGED);
    expect(await rowCounts()).toEqual(before);
  });

  it('a pass that wrote the files but stopped before PostgreSQL is completed by the next: each record once, the files and rows equal', async () => {
    await ingester?.stop();
    const [hash] = await mineTransfers(1);
    const block = (await fetchNodeBlock(node, await node.getBlockNumber()))!;
    // What the crashed pass left: the block and its transaction in the files, nothing in PostgreSQL.
    await writeChainFiles(legacyDir, [block]);
    expect(await query('SELECT 1 FROM chain_transactions WHERE tx_hash = ?', [hash])).toHaveLength(0);
    start();
    await waitForHead(5_000);

    const blocks = fileRecords('full-chain-history');
    const transactions = fileRecords('persistent-transactions');
    expect(new Set(blocks.map((record) => record.key)).size).toBe(blocks.length);
    expect(transactions.filter((record) => record.key === hash)).toHaveLength(1);
    expect(blocks).toEqual(await tableRecords('full-chain-history'));
    expect(transactions).toEqual(await tableRecords('persistent-transactions'));
  });
});
