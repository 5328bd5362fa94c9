import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { getOrm } from '@/lib/db';
import { useTestOrm } from '@/lib/testing/test-orm';
import * as blocksRoute from '@/app/api/explorer/blocks/route';
import * as blockRoute from '@/app/api/explorer/blocks/[number]/route';
import * as transactionRoute from '@/app/api/explorer/transactions/[hash]/route';
import * as byAddressRoute from '@/app/api/explorer/transactions/by-address/[address]/route';
import * as searchRoute from '@/app/api/explorer/search/route';
import * as networkStatsRoute from '@/app/api/explorer/network/stats/route';
import * as blockchainSyncRoute from '@/app/api/health/blockchain-sync/route';
import { DEVELOPMENT_ADMIN_KEY } from '../admin-key';
import { flushAuthAttempts } from '../auth-audit';
import { call, importLegacyFolder, legacyTestFolder, type CallOptions, type CallResult } from '../testing';
import {
  addressTransactionsBody,
  blockBody,
  blockchainSyncBody,
  blocksPageBody,
  networkStatsBody,
  searchBody,
  transactionByHashBody,
} from './explorer.schemas';

let orm: MikroORM;
const folder = legacyTestFolder(6);
// Set before anything reads the environment (env() parses it once): the handlers' legacy data folder.
process.env.LEGACY_DATA_DIR = folder.dir;
const ADMIN = { 'x-admin-key': DEVELOPMENT_ADMIN_KEY };
const probe = globalThis as typeof globalThis & { __pendDbProbe?: { reachable: boolean | null; checkedAt: number } };

type Handler = Parameters<typeof call>[0];
type Sample = { block: string; txHash: string; from: string; logged: { tx_hash: string; wallet_address: string } };
let sample: Sample;

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(orm.em.fork(), folder);
  const em = orm.em.fork();
  const [chain] = await em.execute<Array<{ block: string; tx_hash: string; from_address: string }>>(
    `SELECT block_number::text AS block, tx_hash, from_address FROM chain_transactions
      WHERE block_number IS NOT NULL AND from_address IS NOT NULL ORDER BY legacy_position LIMIT 1`,
  );
  const [logged] = await em.execute<Array<{ tx_hash: string; wallet_address: string }>>(
    `SELECT tx_hash, wallet_address FROM transaction_log WHERE tx_hash IS NOT NULL AND wallet_address IS NOT NULL ORDER BY legacy_position LIMIT 1`,
  );
  sample = { block: chain.block, txHash: chain.tx_hash, from: chain.from_address, logged };
});

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

/** The same request answered from the legacy files: the probe's state says "down" for the call. */
async function fromFiles(handler: Handler, url: string, options?: CallOptions): Promise<CallResult> {
  const state = probe.__pendDbProbe!;
  const saved = { ...state };
  Object.assign(state, { reachable: false, checkedAt: Date.now() + 3_600_000 });
  try {
    return await call(handler, url, options);
  } finally {
    Object.assign(state, saved);
  }
}

/** Answers from PostgreSQL and from the files: both parse with the documented body and say where they came from. */
async function bothSources(handler: Handler, url: string, schema: z.ZodType, options?: CallOptions) {
  const pg = await call(handler, url, options);
  const files = await fromFiles(handler, url, options);
  expect(pg.status, `${url} from PostgreSQL: ${JSON.stringify(pg.body)}`).toBe(200);
  expect(files.status, `${url} from the files: ${JSON.stringify(files.body)}`).toBe(200);
  expect(pg.headers.get('x-data-source')).toBe('postgresql');
  expect(files.headers.get('x-data-source')).toBe('legacy-files');
  expect(schema.safeParse(pg.body).error?.issues ?? []).toEqual([]);
  expect(schema.safeParse(files.body).error?.issues ?? []).toEqual([]);
  const { databaseConnected: pgConnected, ...pgBody } = pg.body;
  const { databaseConnected: filesConnected, ...filesBody } = files.body;
  expect([pgConnected, filesConnected]).toEqual([true, false]);
  return { pg: pgBody, files: filesBody };
}

describe('planned explorer routes (legacy-contract.md §2.9)', () => {
  it('GET /api/explorer/blocks?page&limit keeps {blocks, pagination} and adds the planned {data, pagination:{page,limit,total}}', async () => {
    const { pg, files } = await bothSources(blocksRoute.GET, '/api/explorer/blocks?page=2&limit=5', blocksPageBody);
    expect(pg.data).toEqual(pg.blocks);
    expect(pg.pagination).toMatchObject({ page: 2, limit: 5, total: expect.any(Number) });
    const [{ n }] = await orm.em.fork().execute<Array<{ n: string }>>(`SELECT count(*) AS n FROM chain_blocks`);
    expect((pg.pagination as { total: number }).total).toBe(Number(n));
    expect(files).toEqual(pg);
  });

  it('GET /api/explorer/blocks/:number is the block and its chain transactions, the same from PostgreSQL and the files; an unknown number is 404', async () => {
    const url = `/api/explorer/blocks/${sample.block}`;
    const { pg, files } = await bothSources(blockRoute.GET, url, blockBody, { params: { number: sample.block } });
    expect((pg.block as { number: number }).number).toBe(Number(sample.block));
    expect((pg.transactions as Array<{ hash: string }>).map((transaction) => transaction.hash)).toContain(sample.txHash);
    expect(files).toEqual(pg);
    const missing = await call(blockRoute.GET, '/api/explorer/blocks/999999999', { params: { number: '999999999' } });
    expect(missing).toMatchObject({ status: 404, body: { error: 'Block not found' } });
    expect((await call(blockRoute.GET, '/api/explorer/blocks/x', { params: { number: 'x' } })).status).toBe(400);
  });

  it('GET /api/explorer/transactions/:hash finds the chain transaction in any case and a logged hash’s log entry; unknown is 404', async () => {
    const upper = sample.txHash.toUpperCase().replace('0X', '0x');
    const chain = await bothSources(transactionRoute.GET, `/api/explorer/transactions/${upper}`, transactionByHashBody, { params: { hash: upper } });
    expect((chain.pg.transaction as { hash: string }).hash).toBe(sample.txHash);
    expect(chain.files).toEqual(chain.pg);
    const logged = await bothSources(transactionRoute.GET, `/api/explorer/transactions/${sample.logged.tx_hash}`, transactionByHashBody, {
      params: { hash: sample.logged.tx_hash },
    });
    expect((logged.pg.logEntry as { txHash: string }).txHash).toBe(sample.logged.tx_hash);
    expect(logged.files).toEqual(logged.pg);
    const unknown = `0x${'e'.repeat(64)}`;
    expect(await call(transactionRoute.GET, `/api/explorer/transactions/${unknown}`, { params: { hash: unknown } })).toMatchObject({
      status: 404,
      body: { error: 'Transaction not found' },
    });
  });

  it('GET /api/explorer/transactions/by-address/:address lists the chain transactions (newest first) and log entries naming the address', async () => {
    const address = sample.from.toUpperCase().replace('0X', '0x');
    const { pg, files } = await bothSources(byAddressRoute.GET, `/api/explorer/transactions/by-address/${address}?limit=10`, addressTransactionsBody, {
      params: { address },
    });
    const transactions = pg.transactions as Array<{ hash: string; from: string | null; to: string | null; blockNumber: number }>;
    expect(transactions.length).toBeGreaterThan(0);
    expect(transactions.length).toBeLessThanOrEqual(10);
    for (const transaction of transactions) expect([transaction.from?.toLowerCase(), transaction.to?.toLowerCase()]).toContain(sample.from.toLowerCase());
    const numbers = transactions.map((transaction) => transaction.blockNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(files).toEqual(pg);
    const logOnly = await call(byAddressRoute.GET, `/api/explorer/transactions/by-address/${sample.logged.wallet_address}`, {
      params: { address: sample.logged.wallet_address },
    });
    expect((logOnly.body.logEntries as unknown[]).length).toBeGreaterThan(0);
  });

  it('GET /api/explorer/search finds a block number, a transaction hash and an address, from PostgreSQL and from the files', async () => {
    for (const [q, hit] of [
      [sample.block, { kind: 'block', blockNumber: sample.block }],
      [sample.txHash, { kind: 'transaction', hash: sample.txHash }],
      [sample.from, { kind: 'address', address: sample.from.toLowerCase() }],
    ] as const) {
      const { pg, files } = await bothSources(searchRoute.GET, `/api/explorer/search?q=${encodeURIComponent(q)}`, searchBody);
      expect(pg.results, q).toContainEqual(hit);
      expect(files.results, q).toContainEqual(hit);
    }
    expect((await call(searchRoute.GET, '/api/explorer/search')).status).toBe(400);
  });

  it('GET /api/explorer/search finds an identity-hash prefix only with the admin key', async () => {
    const [user] = await orm.em.fork().execute<Array<{ identity_hash: string }>>(`SELECT identity_hash FROM users ORDER BY identity_hash LIMIT 1`);
    const prefix = user.identity_hash.slice(0, 12);
    const admin = await call(searchRoute.GET, `/api/explorer/search?q=${prefix}`, { headers: ADMIN });
    expect(admin.body.results).toContainEqual(expect.objectContaining({ kind: 'identity', identityHash: user.identity_hash }));
    const keyless = await call(searchRoute.GET, `/api/explorer/search?q=${prefix}`);
    expect(JSON.stringify(keyless.body)).not.toContain(user.identity_hash);
  });

  it('GET /api/explorer/network/stats counts what the tables hold, the same from the files', async () => {
    const { pg, files } = await bothSources(networkStatsRoute.GET, '/api/explorer/network/stats', networkStatsBody);
    const [row] = await orm.em
      .fork()
      .execute<Array<{ blocks: string; transactions: string; wallets: string; head: string }>>(
        `SELECT (SELECT count(*) FROM chain_blocks) AS blocks, (SELECT count(*) FROM chain_transactions) AS transactions, (SELECT count(*) FROM wallet_directory) AS wallets, (SELECT max(block_number) FROM chain_blocks)::text AS head`,
      );
    expect(pg.data).toMatchObject({
      totalBlocks: Number(row.blocks),
      chainTransactions: Number(row.transactions),
      totalWallets: Number(row.wallets),
      blockHeight: Number(row.head),
    });
    expect(files).toEqual(pg);
  });

  it('GET /api/health/blockchain-sync reports the ingester’s heads and lag; unknown before its first pass', async () => {
    await orm.em.fork().execute(`DELETE FROM chain_ingest_status`);
    const before = await call(blockchainSyncRoute.GET, '/api/health/blockchain-sync');
    expect(blockchainSyncBody.parse(before.body)).toMatchObject({ status: 'unknown', nodeHead: null, lagBlocks: null });
    await orm.em
      .fork()
      .execute(`INSERT INTO chain_ingest_status (id, node_head, stored_head, last_ingest_at, last_check_at) VALUES (1, 120, 100, now(), now())`);
    const lagging = await call(blockchainSyncRoute.GET, '/api/health/blockchain-sync');
    expect(blockchainSyncBody.parse(lagging.body)).toMatchObject({ status: 'lagging', nodeHead: 120, storedHead: 100, lagBlocks: 20, databaseConnected: true });
    await orm.em.fork().execute(`UPDATE chain_ingest_status SET stored_head = 119 WHERE id = 1`);
    expect((await call(blockchainSyncRoute.GET, '/api/health/blockchain-sync')).body).toMatchObject({ status: 'synced', lagBlocks: 1 });
    const files = await fromFiles(blockchainSyncRoute.GET, '/api/health/blockchain-sync');
    expect(blockchainSyncBody.parse(files.body)).toMatchObject({ status: 'unknown', databaseConnected: false, storedHead: expect.any(Number) });
  });
});
