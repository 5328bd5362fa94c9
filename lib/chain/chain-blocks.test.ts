import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder, mutateLegacyFolder, type GeneratedFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { syncSources } from '@/lib/migration/sync-sources';
import { useTestOrm } from '@/lib/testing/test-orm';

const context = { source: 'cli' as const, actorLabel: 'vitest' };
const CHAIN_SOURCES = ['full-chain-history', 'persistent-transactions'];

type Block = { hash: string; parentHash: string; number: number };
type Transaction = { hash: string; blockHash: string; blockNumber: number };

let app: MikroORM;
let owner: MikroORM;
let root: string;
let folder: GeneratedFolder;

const blocksFile = () => path.join(folder.dir, 'explorer-data', 'full-chain-history.json');
const transactionsFile = () => path.join(folder.dir, 'explorer-data', 'persistent-transactions.json');

function readChain(): { blocks: Block[]; transactions: Transaction[] } {
  const { blocks } = JSON.parse(readFileSync(blocksFile(), 'utf8')) as { blocks: Block[] };
  return { blocks, transactions: JSON.parse(readFileSync(transactionsFile(), 'utf8')) as Transaction[] };
}

function writeChain(blocks: Block[], transactions: Transaction[]): void {
  writeFileSync(blocksFile(), JSON.stringify({ blocks }, null, 2));
  writeFileSync(transactionsFile(), JSON.stringify(transactions, null, 2));
}

/**
 * What a reorganisation of the chain's tip does to the files: the last `depth` blocks get new hashes,
 * their transactions follow them, and the first of those transactions is dropped. Replacing a block
 * removes the old one, which its transactions still referenced until their own file was written.
 */
function replaceChainTip(depth: number, tag: string): void {
  const { blocks, transactions } = readChain();
  const renamed = new Map<string, string>();
  for (const block of blocks.slice(-depth)) {
    const next = `0x${tag}${block.hash.slice(2 + tag.length)}`;
    renamed.set(block.hash, next);
    block.hash = next;
  }
  for (const block of blocks) block.parentHash = renamed.get(block.parentHash) ?? block.parentHash;
  const moved = transactions.filter((transaction) => renamed.has(transaction.blockHash));
  expect(moved.length).toBeGreaterThan(1);
  for (const transaction of moved) transaction.blockHash = renamed.get(transaction.blockHash)!;
  writeChain(blocks, transactions.filter((transaction) => transaction !== moved[0]));
}

const importFolder = () =>
  runImport(app.em.fork(), { sourceDir: folder.dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });

const chainReports = (run: Awaited<ReturnType<typeof importFolder>>) => run.sources.filter((report) => CHAIN_SOURCES.includes(report.source));

/** Chain transactions whose block is not in chain_blocks (none while the key holds). */
const transactionsWithoutBlock = () =>
  app.em.fork().execute(`SELECT tx_hash FROM chain_transactions t WHERE block_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chain_blocks b WHERE b.block_hash = t.block_hash)`);

const chainRows = () =>
  app.em.fork().execute(`SELECT 'block' AS kind, legacy_key, legacy_hash, updated_at FROM chain_blocks UNION ALL SELECT 'tx', legacy_key, legacy_hash, updated_at FROM chain_transactions ORDER BY 1, 2`);

beforeAll(async () => {
  app = await useTestOrm('app');
  owner = await useTestOrm('owner');
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-chain-'));
  folder = generateLegacyFolder(root, 'small', 11);
  const run = await importFolder();
  expect(chainReports(run).map((report) => report.state)).toEqual(['validated', 'validated']);
}, 120_000);

describe('chain transactions reference their blocks', () => {
  it.each(['app', 'owner'] as const)('a raw INSERT of a chain transaction for a block chain_blocks lacks is refused by the foreign key (as the %s role)', async (role) => {
    const orm = role === 'app' ? app : owner;
    await expect(
      orm.em.fork().getConnection().execute(
        `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_hash) VALUES ('0xfk-test', 0, repeat('0', 64), '0xfk-test', ?)`,
        [`0x${'e'.repeat(64)}`],
      ),
    ).rejects.toMatchObject({ code: '23503', constraint: 'chain_transactions_block_hash_fkey' });
  });

  it('re-importing the same folder verifies clean and rewrites no chain row', async () => {
    const before = await chainRows();
    const run = await importFolder();
    expect(chainReports(run).map((report) => report.state)).toEqual(['validated', 'validated']);
    expect(await chainRows()).toEqual(before);
  }, 120_000);

  it('a full import that replaces the tip of the chain commits blocks and transactions together', async () => {
    replaceChainTip(40, 'a1');
    const run = await importFolder();
    expect(chainReports(run).map((report) => report.state)).toEqual(['validated', 'validated']);
    expect(await transactionsWithoutBlock()).toEqual([]);
  }, 120_000);

  it('the sync worker applies a replaced chain tip after the legacy server’s own writes', async () => {
    mutateLegacyFolder(folder.dir, 5, 20);
    replaceChainTip(40, 'b2');
    const results = await syncSources(app.em.fork(), { sourceDir: folder.dir, storageDir: path.join(root, 'kyc'), context, worker: 'chain-test', only: ['full-chain-history', 'persistent-transactions'] });
    if (!Array.isArray(results)) throw new Error('a run holds the lock');
    expect(results.map((result) => [result.source, result.changed, result.state])).toEqual([
      ['full-chain-history', true, 'validated'],
      ['persistent-transactions', true, 'validated'],
    ]);
    expect(await transactionsWithoutBlock()).toEqual([]);
  }, 120_000);

  it('a transaction whose block is missing fails both chain sources and leaves both tables as they were', async () => {
    const before = await chainRows();
    const { blocks, transactions } = readChain();
    expect(transactions.some((transaction) => transaction.blockHash === blocks.at(-1)!.hash)).toBe(true);
    writeChain(blocks.slice(0, -1), transactions);
    const run = await importFolder();
    const reports = chainReports(run);
    expect(reports.map((report) => report.state)).toEqual(['error', 'error']);
    for (const report of reports) expect(report.error).toContain('chain_transactions_block_hash_fkey');
    expect(await chainRows()).toEqual(before);
  }, 120_000);
});
