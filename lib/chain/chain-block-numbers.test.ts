import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder, type GeneratedFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { BLOCK_NUMBER_FLAGS_OUT_OF_DATE } from '@/lib/testing/chain-block-numbers';
import { useTestOrm } from '@/lib/testing/test-orm';

const context = { source: 'cli' as const, actorLabel: 'vitest' };
/** A block number legacy-gen's small history never reaches. */
const MISSING_BLOCK = 987_654_321;
const UNKNOWN_BLOCK = 987_654_322;

type RegistryRow = { block_number: string; in_history: boolean; in_transactions: boolean; first_seen_at: Date; last_seen_at: Date };
type ChainTransactionFile = Array<{ hash: string; blockNumber: number }>;

let app: MikroORM;
let owner: MikroORM;
let root: string;
let folder: GeneratedFolder;
let orphanHash: string;
let transactionCount: number;

beforeAll(async () => {
  app = await useTestOrm('app');
  owner = await useTestOrm('owner');
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-block-numbers-'));
  folder = generateLegacyFolder(root, 'small', 6);
  // One transaction names a block the history does not hold: the lossless import must keep it.
  const file = path.join(folder.dir, 'explorer-data', 'persistent-transactions.json');
  const transactions = JSON.parse(readFileSync(file, 'utf8')) as ChainTransactionFile;
  const orphan = transactions[Math.floor(transactions.length / 2)];
  orphan.blockNumber = MISSING_BLOCK;
  orphanHash = orphan.hash;
  transactionCount = transactions.length;
  writeFileSync(file, JSON.stringify(transactions, null, 2));
  // The chain tables and their registry start empty (other files share this database, and a month they archived keeps
  // its numbers flagged), so the transactions below really come before their blocks.
  await owner.em.fork().execute('DELETE FROM chain_transactions; DELETE FROM chain_blocks; DELETE FROM chain_block_numbers');
}, 120_000);

const importFolder = (only?: Array<'persistent-transactions' | 'full-chain-history'>) =>
  runImport(app.em.fork(), { sourceDir: folder.dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context, only });

const registry = () => app.em.fork().execute<RegistryRow[]>(`SELECT * FROM chain_block_numbers ORDER BY block_number`);
const registryRow = async (blockNumber: number) =>
  (await app.em.fork().execute<RegistryRow[]>(`SELECT * FROM chain_block_numbers WHERE block_number = ?`, [blockNumber]))[0];

describe('chain_block_numbers and the chain transactions’ foreign key (decision 081)', () => {
  it.each(['app', 'owner'] as const)(
    'a raw INSERT into chain_transactions naming a block number the registry lacks is refused by the foreign key (as the %s role), and nothing is written',
    async (role) => {
      const orm = role === 'app' ? app : owner;
      const key = `fk-test-${role}`;
      await expect(
        orm.em
          .fork()
          .getConnection()
          .execute(
            `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_number) VALUES (?, 0, repeat('0', 64), '0xfk', ?)`,
            [key, UNKNOWN_BLOCK],
          ),
      ).rejects.toMatchObject({ code: '23503', constraint: 'chain_transactions_block_number_fkey' });
      const [written] = await owner.em.fork().execute<Array<{ rows: number; keys: number; numbers: number }>>(
        `SELECT (SELECT count(*)::int FROM chain_transactions WHERE legacy_key = ?) AS rows, (SELECT count(*)::int FROM chain_transaction_keys WHERE legacy_key = ?) AS keys,
                  (SELECT count(*)::int FROM chain_block_numbers WHERE block_number = ?) AS numbers`,
        [key, key, UNKNOWN_BLOCK],
      );
      expect(written).toEqual({ rows: 0, keys: 0, numbers: 0 });
    },
  );

  it('the app role cannot write the registry itself: only the triggers and the import’s placeholder function do', async () => {
    await expect(app.em.fork().execute(`INSERT INTO chain_block_numbers (block_number, in_history) VALUES (?, true)`, [UNKNOWN_BLOCK])).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.em.fork().execute(`UPDATE chain_block_numbers SET in_history = true`)).rejects.toThrow(/permission denied/);
  });

  it('imports the transactions source before the blocks source: every transaction is stored, each number a placeholder until its block arrives', async () => {
    const transactionsFirst = await importFolder(['persistent-transactions']);
    expect(transactionsFirst.sources).toEqual([expect.objectContaining({ source: 'persistent-transactions', state: 'validated', written: transactionCount })]);
    const [counts] = await app.em
      .fork()
      .execute<Array<{ in_history: number; in_transactions: number }>>(
        `SELECT count(*) FILTER (WHERE in_history)::int AS in_history, count(*) FILTER (WHERE in_transactions)::int AS in_transactions FROM chain_block_numbers`,
      );
    expect(counts.in_history).toBe(0);
    expect(counts.in_transactions).toBeGreaterThan(1);
    expect(await app.em.fork().execute(BLOCK_NUMBER_FLAGS_OUT_OF_DATE)).toEqual([]);

    const run = await importFolder();
    expect(run.state).toBe('validated');
    const chain = run.sources.find((report) => report.source === 'persistent-transactions')!;
    expect(chain).toMatchObject({ state: 'validated', written: transactionCount, quarantined: 0 });
    expect(chain.anomalies.blockNotInHistory).toEqual([orphanHash]);
    expect(await registryRow(MISSING_BLOCK)).toMatchObject({ in_history: false, in_transactions: true });
    const [stored] = await app.em
      .fork()
      .execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM chain_transactions WHERE tx_hash = ? AND block_number = ?`, [orphanHash, MISSING_BLOCK]);
    expect(stored.n).toBe(1);
    // The placeholder is the only number transactions name that the history lacks, and every flag matches the tables.
    // (Numbers other files in this database once named stay known, with neither flag: not placeholders.)
    const placeholders = (await registry()).filter((row) => row.in_transactions && !row.in_history).map((row) => Number(row.block_number));
    expect(placeholders).toEqual([MISSING_BLOCK]);
    expect(await app.em.fork().execute(BLOCK_NUMBER_FLAGS_OUT_OF_DATE)).toEqual([]);
  }, 120_000);

  it('re-importing the same folder verifies clean and changes no registry row (last_seen_at included)', async () => {
    const before = await registry();
    const run = await importFolder();
    expect(run.state).toBe('validated');
    expect(await registry()).toEqual(before);
  }, 120_000);

  it('deleting a block leaves its number as a placeholder its transactions still satisfy the key with; a re-import stores it again and flags it back', async () => {
    const db = owner.em.fork();
    const [block] = await db.execute<Array<{ block_number: string; legacy_key: string }>>(
      `SELECT b.block_number::text, b.legacy_key FROM chain_blocks b WHERE EXISTS (SELECT 1 FROM chain_transactions t WHERE t.block_number = b.block_number) ORDER BY b.block_number LIMIT 1`,
    );
    const number = Number(block.block_number);
    await db.execute(`DELETE FROM chain_blocks WHERE legacy_key = ?`, [block.legacy_key]);
    expect(await registryRow(number)).toMatchObject({ in_history: false, in_transactions: true });
    expect(await app.em.fork().execute(BLOCK_NUMBER_FLAGS_OUT_OF_DATE)).toEqual([]);
    // The reorg path's order (decision 069): the block's transactions, then the block; the number stays known.
    const transactions = await db.execute(`DELETE FROM chain_transactions WHERE block_number = ? RETURNING *`, [number]);
    expect(transactions.length).toBeGreaterThan(0);
    expect(await registryRow(number)).toMatchObject({ in_history: false, in_transactions: false });
    // A sync-like re-import (stage and upsert) stores the block and its transactions again.
    expect((await importFolder()).state).toBe('validated');
    expect(await registryRow(number)).toMatchObject({ in_history: true, in_transactions: true });
    expect(await app.em.fork().execute(BLOCK_NUMBER_FLAGS_OUT_OF_DATE)).toEqual([]);
  }, 120_000);
});
