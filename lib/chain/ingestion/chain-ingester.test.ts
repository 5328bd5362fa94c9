import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import ganache from 'ganache';
import { createPublicClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCache } from '@/lib/cache';
import { findChainBlockDrift, findChainIngestLag } from '@/lib/chain/chain-ingest.repository';
import { checkReadiness } from '@/lib/health/check-readiness';
import { getLegacySource } from '@/lib/legacy/sources';
import { drainOutbox } from '@/lib/storage/storage-outbox';
import { BLOCK_NUMBER_FLAGS_OUT_OF_DATE } from '@/lib/testing/chain-block-numbers';
import { setStorageModeForTest } from '@/lib/testing/storage-mode';
import { useTestOrm } from '@/lib/testing/test-orm';
import { withPgClient } from '@/lib/migration/pg-client';
import { startChainIngester, type ChainIngester } from './chain-ingester';
import { storeNodeBlocks } from './chain-store';
import { fetchNodeBlock } from './node-blocks';

// A real EVM node in this process (ganache, HTTP on a free port): it mines a block per transaction and
// evm_snapshot / evm_revert give a real reorg (the reverted blocks' hashes are replaced by new ones).
let server: ReturnType<typeof ganache.server>;
let node: PublicClient;
let accounts: string[];
let orm: MikroORM;
let ingester: ChainIngester | null = null;
let transferValue = 1_000n;

const rpc = <T>(method: string, params: unknown[] = []) => server.provider.request({ method, params } as never) as Promise<T>;

async function mineTransfers(count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let index = 0; index < count; index++) {
    transferValue += 1n;
    hashes.push(await rpc<string>('eth_sendTransaction', [{ from: accounts[0], to: accounts[1 + (index % 3)], value: `0x${transferValue.toString(16)}` }]));
  }
  return hashes;
}

async function query<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
  return orm.em.fork().execute<Row[]>(sql, values);
}

async function ingestedHead(): Promise<bigint | null> {
  const [row] = await query<{ head: string | null }>('SELECT max(block_number)::text AS head FROM chain_ingested_blocks');
  return row.head === null ? null : BigInt(row.head);
}

/** Waits until the stored head equals the node's head, at most `deadlineMs`; returns how long it took. */
async function waitForHead(deadlineMs: number, extra: () => Promise<boolean> = async () => true): Promise<number> {
  const started = performance.now();
  const target = await node.getBlockNumber();
  while (performance.now() - started < deadlineMs) {
    if ((await ingestedHead()) === target && (await extra())) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the ingester did not reach block ${target} within ${deadlineMs} ms (stored head ${await ingestedHead()})`);
}

function start(): ChainIngester {
  ingester = startChainIngester({ orm, node, pollMs: 100, reorgDepth: 12, batchSize: 25 });
  return ingester;
}

async function stop(): Promise<void> {
  await ingester?.stop();
  ingester = null;
}

async function duplicates(): Promise<{ blocks: number; transactions: number }> {
  const [row] = await query<{ blocks: number; transactions: number }>(
    `SELECT (SELECT count(*) FROM (SELECT block_number FROM chain_blocks GROUP BY block_number HAVING count(*) > 1) d)::int AS blocks,
            (SELECT count(*) FROM (SELECT tx_hash FROM chain_transactions GROUP BY tx_hash HAVING count(*) > 1) d)::int AS transactions`,
  );
  return row;
}

beforeAll(async () => {
  orm = await useTestOrm('app');
  // This file's chain starts from an empty store (other files of this worker may have imported a legacy chain).
  const owner = await useTestOrm('owner');
  await owner.em.fork().transactional(async (tx) => {
    await tx.execute('SET LOCAL pend.bulk_load = on');
    await tx.execute(
      'DELETE FROM chain_transactions; DELETE FROM chain_blocks; DELETE FROM chain_ingested_blocks; DELETE FROM chain_reorgs; DELETE FROM chain_block_drift; DELETE FROM chain_ingest_status;',
    );
  });
  // ganache 7.9.2's typings resolve the server options to `undefined` under this TypeScript; the options are its documented ones.
  const options = { logging: { quiet: true }, wallet: { totalAccounts: 4 }, chain: { chainId: 1337 } } as unknown as Parameters<typeof ganache.server>[0];
  server = ganache.server(options);
  await server.listen(0);
  const { port } = server.address() as AddressInfo;
  node = createPublicClient({ transport: http(`http://127.0.0.1:${port}`), cacheTime: 0 });
  accounts = await rpc<string[]>('eth_accounts');
}, 60_000);

afterAll(async () => {
  await stop();
  await server?.close();
});

describe('chain ingestion from an in-process node', () => {
  it('stores 50 mined blocks with transfers within 2 s of the last one being mined, each transaction once', async () => {
    start();
    await waitForHead(5_000);
    const hashes = await mineTransfers(50);
    const tookMs = await waitForHead(2_000);
    expect(tookMs).toBeLessThan(2_000);

    const stored = await query<{ tx_hash: string; n: number; block_hash: string; value_wei: string; status: string }>(
      `SELECT tx_hash, count(*) OVER (PARTITION BY tx_hash)::int AS n, block_hash, value_wei::text, status FROM chain_transactions WHERE tx_hash IN (?)`,
      [hashes],
    );
    expect(stored).toHaveLength(50);
    expect(stored.every((row) => row.n === 1 && row.status === 'confirmed')).toBe(true);
    const receipt = await node.getTransactionReceipt({ hash: hashes[7] as `0x${string}` });
    const [block] = await query<{ block_hash: string; transaction_count: number; parent_hash: string }>(
      `SELECT block_hash, transaction_count, parent_hash FROM chain_blocks WHERE block_number = ?`,
      [String(receipt.blockNumber)],
    );
    expect(block).toMatchObject({ block_hash: receipt.blockHash, transaction_count: 1 });
    expect(await duplicates()).toEqual({ blocks: 0, transactions: 0 });
  });

  it('replaces a reorged branch of 3 blocks and their transactions, records the reorg and leaves nothing orphaned', async () => {
    expect(ingester).not.toBeNull();
    const snapshot = await rpc<string>('evm_snapshot');
    const orphanedTransactions = await mineTransfers(3);
    await waitForHead(2_000);
    const head = await node.getBlockNumber();
    const orphanedBlocks = (
      await query<{ block_hash: string }>(`SELECT block_hash FROM chain_blocks WHERE block_number > ? ORDER BY block_number`, [String(head - 3n)])
    ).map((row) => row.block_hash);
    expect(orphanedBlocks).toHaveLength(3);

    expect(await rpc<boolean>('evm_revert', [snapshot])).toBe(true);
    const canonicalTransactions = await mineTransfers(4);
    await waitForHead(3_000, async () => (await query('SELECT 1 FROM chain_reorgs')).length > 0);

    expect(await query(`SELECT 1 FROM chain_blocks WHERE block_hash IN (?)`, [orphanedBlocks])).toHaveLength(0);
    expect(await query(`SELECT 1 FROM chain_transactions WHERE tx_hash IN (?) OR block_hash IN (?)`, [orphanedTransactions, orphanedBlocks])).toHaveLength(0);
    expect(await query(`SELECT 1 FROM chain_transactions WHERE tx_hash IN (?)`, [canonicalTransactions])).toHaveLength(4);
    // Nothing orphaned: every stored transaction's block is a stored block with that hash, and every stored block is the node's.
    expect(await query(`SELECT 1 FROM chain_transactions t WHERE NOT EXISTS (SELECT 1 FROM chain_blocks b WHERE b.block_hash = t.block_hash)`)).toHaveLength(0);
    const tail = await query<{ block_number: string; block_hash: string }>(
      `SELECT block_number::text, block_hash FROM chain_blocks WHERE block_number > ? ORDER BY block_number`,
      [String(head - 3n)],
    );
    expect(tail).toHaveLength(4);
    for (const row of tail) expect((await node.getBlock({ blockNumber: BigInt(row.block_number) })).hash).toBe(row.block_hash);

    const [reorg] = await query<{ depth: number; fork_block_number: string; old_hashes: string[] }>(
      'SELECT depth, fork_block_number::text, old_hashes FROM chain_reorgs ORDER BY id LIMIT 1',
    );
    expect(reorg).toMatchObject({ depth: 3, fork_block_number: String(head - 2n), old_hashes: orphanedBlocks });
    expect(await duplicates()).toEqual({ blocks: 0, transactions: 0 });
    // The block-number registry followed the delete and the new branch (decision 081).
    expect(await query(BLOCK_NUMBER_FLAGS_OUT_OF_DATE)).toEqual([]);
  });

  it('fills the gap of 20 blocks mined while it was stopped, without duplicates', async () => {
    await stop();
    const before = await ingestedHead();
    const hashes = await mineTransfers(20);
    expect(await ingestedHead()).toBe(before);
    start();
    await waitForHead(5_000);

    const head = await node.getBlockNumber();
    const [{ n: blocks }] = await query<{ n: number }>('SELECT count(DISTINCT block_number)::int AS n FROM chain_blocks WHERE block_number BETWEEN 0 AND ?', [
      String(head),
    ]);
    expect(blocks).toBe(Number(head) + 1);
    expect(await query(`SELECT 1 FROM chain_transactions WHERE tx_hash IN (?)`, [hashes])).toHaveLength(20);
    expect(await duplicates()).toEqual({ blocks: 0, transactions: 0 });
    const readiness = await checkReadiness(orm.em.fork(), createCache());
    expect(readiness.chain).toMatchObject({ lagBlocks: 0, lastIngestAt: expect.any(String) });
    expect(await findChainIngestLag(orm.em.fork())).toMatchObject({ nodeHead: String(head), storedHead: String(head), lagBlocks: 0 });
  });

  it('records a block the legacy file holds with another hash as drift, keeps the legacy row and goes on', async () => {
    const next = (await node.getBlockNumber()) + 1n;
    const legacyHash = `0x${'ab'.repeat(32)}`;
    await query(
      `INSERT INTO chain_blocks (legacy_key, legacy_position, legacy_hash, block_number, block_hash, parent_hash, mined_at, transaction_count)
       VALUES (?, (SELECT max(legacy_position) + 1 FROM chain_blocks), repeat('0', 64), ?, ?, ?, now(), 0)`,
      [String(next), String(next), legacyHash, `0x${'cd'.repeat(32)}`],
    );
    const hashes = await mineTransfers(2);
    await waitForHead(3_000, async () => (await query(`SELECT 1 FROM chain_blocks WHERE block_number = ?`, [String(next + 1n)])).length === 1);

    const chainHash = (await node.getBlock({ blockNumber: next })).hash;
    expect(await query(`SELECT block_hash FROM chain_blocks WHERE block_number = ?`, [String(next)])).toEqual([{ block_hash: legacyHash }]);
    const drift = await findChainBlockDrift(orm.em.fork());
    expect(drift.rows[0]).toMatchObject({ blockNumber: String(next), legacyBlockHash: legacyHash, chainBlockHash: chainHash });
    // The drifted block's transaction is the chain's and is stored; the next block is stored as usual.
    expect(await query(`SELECT 1 FROM chain_transactions WHERE tx_hash IN (?)`, [hashes])).toHaveLength(2);
  });

  it('adopts a block the legacy file already holds with the same hash: one row, owned by the ingester from then on', async () => {
    await stop();
    await mineTransfers(1);
    const number = await node.getBlockNumber();
    const block = (await fetchNodeBlock(node, number))!;
    // As an import of the legacy file holding this very block would store it: the same row, not in the ledger.
    await withPgClient(orm.em.fork(), async (client) => {
      await storeNodeBlocks(client, [block], 'json-primary');
      await client.query('DELETE FROM chain_ingested_blocks WHERE block_number = $1', [String(number)]);
    });
    const [before] = await query<{ id: string }>('SELECT id FROM chain_blocks WHERE block_number = ?', [String(number)]);
    start();
    await mineTransfers(1);
    await waitForHead(3_000);

    expect(await query('SELECT id FROM chain_blocks WHERE block_number = ?', [String(number)])).toEqual([before]);
    expect(await query('SELECT block_hash FROM chain_ingested_blocks WHERE block_number = ?', [String(number)])).toEqual([{ block_hash: block.hash }]);
    expect(await query('SELECT 1 FROM chain_block_drift WHERE block_number = ?', [String(number)])).toHaveLength(0);
  });

  it('runs one leader: a second instance waits, and takes over when the leader stops', async () => {
    const first = ingester!;
    const second = startChainIngester({ orm, node, pollMs: 100 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
      await stop();
      const hashes = await mineTransfers(2);
      await waitForHead(3_000);
      expect(second.isLeader()).toBe(true);
      expect(await query(`SELECT 1 FROM chain_transactions WHERE tx_hash IN (?)`, [hashes])).toHaveLength(2);
    } finally {
      await second.stop();
    }
    start();
  });

  it('in pg-primary, queues the legacy files and the mirror writes the ingested blocks in their own format', async () => {
    // The legacy server's data folder: the mirror rewrites files in place, it does not create their folder.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'pend-chain-mirror-'));
    mkdirSync(path.join(folder, 'explorer-data'));
    await setStorageModeForTest(orm.em.fork(), 'pg-primary');
    try {
      const [hash] = await mineTransfers(1);
      await waitForHead(3_000);
      const head = await node.getBlock({ blockNumber: await node.getBlockNumber() });
      expect(await drainOutbox(orm.em.fork(), { sourceDir: folder })).toBeGreaterThan(0);

      const blocks = getLegacySource('full-chain-history').parse(readFileSync(path.join(folder, 'explorer-data', 'full-chain-history.json')));
      expect(blocks.records.find((record) => record.key === String(head.number))?.value).toMatchObject({
        number: Number(head.number),
        hash: head.hash,
        parentHash: head.parentHash,
        transactionCount: 1,
        timestamp: new Date(Number(head.timestamp) * 1000).toISOString(),
      });
      const transactions = getLegacySource('persistent-transactions').parse(readFileSync(path.join(folder, 'explorer-data', 'persistent-transactions.json')));
      expect(transactions.records.find((record) => record.key === hash)?.value).toMatchObject({
        hash,
        blockNumber: Number(head.number),
        blockHash: head.hash,
        type: 'transfer',
        status: 'confirmed',
        gasUsed: 21000,
      });
    } finally {
      await setStorageModeForTest(orm.em.fork(), 'json-primary');
    }
  });
});
