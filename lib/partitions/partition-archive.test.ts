import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPgClient } from '@/lib/migration/pg-client';
import { useTestOrm } from '@/lib/testing/test-orm';
import { archivePartition, restorePartition } from './partition-archive';
import { ensurePartitions, findArchivablePartitions, findMonthPartitions, rowsChecksum, type PartitionRange } from './partition.repository';

let app: MikroORM;
let owner: MikroORM;
let dir: string;

// A month no other test file's data falls in, so this file archives only its own rows.
const MONTH_FROM = new Date('2001-02-01T00:00:00Z');
const MONTH_TO = new Date('2001-03-01T00:00:00Z');
const PREFIX = `partition-test-${crypto.randomUUID().slice(0, 8)}`;
const range = (parent: string): PartitionRange => ({ parent, partition: `${parent}_p2001_02`, from: MONTH_FROM, to: MONTH_TO });

const asApp = <T>(fn: (client: pg.Client) => Promise<T>) => withPgClient(app.em.fork(), fn);
const asOwner = <T>(fn: (client: pg.Client) => Promise<T>) => withPgClient(owner.em.fork(), fn);

async function insertMonthRows(client: pg.Client, prefix: string, count: number): Promise<void> {
  await client.query(
    `INSERT INTO chain_blocks (legacy_key, legacy_position, legacy_hash, block_number, block_hash, mined_at, transaction_count)
     SELECT $1 || '-block-' || g, 900000 + g, repeat('a', 64), 9000000 + g, '0xb' || md5($1 || g), $2::timestamptz + g * interval '1 hour', 2
       FROM generate_series(1, $3::int) g`,
    [prefix, MONTH_FROM, count],
  );
  await client.query(
    `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_number, value_wei, mined_at, extra)
     SELECT $1 || '-tx-' || g, 900000 + g, repeat('b', 64), '0x' || md5($1 || 'tx' || g), 9000000 + (g + 1) / 2,
            g::numeric * 1000000000000000000, $2::timestamptz + g * interval '30 minutes', jsonb_build_object('note', 'row ' || g || E'\\twith a tab')
       FROM generate_series(1, $3::int * 2) g`,
    [prefix, MONTH_FROM, count],
  );
}

const partitionExists = (client: pg.Client, name: string) =>
  client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]).then((result) => result.rows[0].found);

const keysOfMonth = (client: pg.Client, prefix: string) =>
  client
    .query<{ n: number }>(`SELECT count(*)::int AS n FROM chain_transaction_keys WHERE legacy_key LIKE $1 || '-tx-%'`, [prefix])
    .then((result) => result.rows[0].n);

beforeAll(async () => {
  app = await useTestOrm('app');
  owner = await useTestOrm('owner');
  dir = mkdtempSync(path.join(os.tmpdir(), 'pend-partition-archives-'));
  await asApp(async (client) => {
    await insertMonthRows(client, PREFIX, 20);
    await ensurePartitions(client);
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('monthly partitions (decision 071)', () => {
  it('moves dated rows out of DEFAULT into their month partition and keeps rows without a time in DEFAULT', async () => {
    await asApp(async (client) => {
      const { rows } = await client.query<{ partition: string; n: number }>(
        `SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM chain_transactions WHERE legacy_key LIKE $1 || '-tx-%' GROUP BY 1`,
        [PREFIX],
      );
      expect(rows).toEqual([{ partition: 'chain_transactions_p2001_02', n: 40 }]);
      await client.query(`INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash) VALUES ($1, 1, repeat('c', 64), '0xnotime')`, [
        `${PREFIX}-undated`,
      ]);
      const undated = await client.query<{ partition: string }>(`SELECT tableoid::regclass::text AS partition FROM chain_transactions WHERE legacy_key = $1`, [
        `${PREFIX}-undated`,
      ]);
      expect(undated.rows[0].partition).toBe('chain_transactions_default');
    });
  });

  it('creates the partitions of the current month and the next three ahead of any row', async () => {
    await asApp(async (client) => {
      const months = (await findMonthPartitions(client, 'chain_blocks')).map((entry) => entry.from.toISOString());
      const now = new Date();
      for (let ahead = 0; ahead <= 3; ahead++) expect(months).toContain(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1)).toISOString());
    });
  });

  it('refuses a second row with a legacy_key another partition already holds', async () => {
    await asApp(async (client) => {
      await expect(
        client.query(
          `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, mined_at) VALUES ($1, 1, repeat('d', 64), '0xdup', now())`,
          [`${PREFIX}-tx-1`],
        ),
      ).rejects.toThrow(/chain_transaction_keys_pkey/);
    });
  });

  it('names the parent table in the row audit of a write that lands in a partition', async () => {
    await asApp(async (client) => {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM audit_trail WHERE action = 'INSERT' AND new_values ->> 'legacy_key' = $1`,
        [`${PREFIX}-tx-1`],
      );
      expect(rows.map((row) => row.table_name)).toEqual(['chain_transactions']);
    });
  });

  it('lists a month as archivable only once it ended the configured number of months ago', async () => {
    await asApp(async (client) => {
      const archivable = (now: Date) => findArchivablePartitions(client, 12, now).then((found) => found.map((entry) => entry.partition));
      expect(await archivable(new Date('2002-03-01T00:00:00Z'))).toContain('chain_blocks_p2001_02');
      expect(await archivable(new Date('2002-02-28T00:00:00Z'))).not.toContain('chain_blocks_p2001_02');
    });
  });
});

describe('archiving and restoring a month partition (decision 071)', () => {
  it('archives a partition (gzip COPY, SHA-256 recorded, dropped) and restores it with the same hash and the same rows', async () => {
    const transactions = range('chain_transactions');
    const before = await asApp((client) => rowsChecksum(client, transactions));
    expect(before.rowCount).toBe(40);

    const archived = await asApp((client) => archivePartition(client, transactions, dir));
    expect(archived.rowCount).toBe(40);
    expect(archived.rowsChecksum).toBe(before.rowsChecksum);
    expect(createHash('sha256').update(readFileSync(archived.filePath)).digest('hex')).toBe(archived.sha256);
    await asApp(async (client) => {
      expect(await partitionExists(client, transactions.partition)).toBe(false);
      expect((await rowsChecksum(client, transactions)).rowCount).toBe(0);
      expect(await keysOfMonth(client, PREFIX)).toBe(0);
      const { rows } = await client.query(`SELECT sha256, row_count::int, restored_at FROM partition_archives WHERE partition_name = $1`, [
        transactions.partition,
      ]);
      expect(rows).toEqual([{ sha256: archived.sha256, row_count: 40, restored_at: null }]);
    });

    const restored = await asOwner((client) => restorePartition(client, transactions.partition));
    expect(restored.sha256).toBe(archived.sha256);
    await asApp(async (client) => {
      expect(await partitionExists(client, transactions.partition)).toBe(true);
      expect(await rowsChecksum(client, transactions)).toEqual(before);
      expect(await keysOfMonth(client, PREFIX)).toBe(40);
      const { rows } = await client.query<{ partition: string }>(
        `SELECT DISTINCT tableoid::regclass::text AS partition FROM chain_transactions WHERE legacy_key LIKE $1 || '-tx-%'`,
        [PREFIX],
      );
      expect(rows).toEqual([{ partition: transactions.partition }]);
    });
  });

  it('archives a blocks month while its transactions stay attached: their key still holds, a new transaction may name an archived block, and the blocks restore', async () => {
    const blocks = range('chain_blocks');
    const numbers = (client: pg.Client) =>
      client
        .query<{ in_history: boolean; in_transactions: boolean; n: number }>(
          `SELECT in_history, in_transactions, count(*)::int AS n FROM chain_block_numbers WHERE block_number BETWEEN 9000001 AND 9000020 GROUP BY 1, 2`,
        )
        .then((result) => result.rows);
    const before = await asApp((client) => rowsChecksum(client, blocks));
    expect(before.rowCount).toBe(20);
    expect(await asApp(numbers)).toEqual([{ in_history: true, in_transactions: true, n: 20 }]);

    await asApp((client) => archivePartition(client, blocks, dir));
    await asApp(async (client) => {
      expect(await partitionExists(client, blocks.partition)).toBe(false);
      expect((await rowsChecksum(client, range('chain_transactions'))).rowCount).toBe(40);
      // Archived, not gone from the history: the registry keeps the numbers and their flags (decision 081).
      expect(await numbers(client)).toEqual([{ in_history: true, in_transactions: true, n: 20 }]);
      await client.query(
        `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_number, mined_at) VALUES ($1, 1, repeat('e', 64), '0xarchivedblock', 9000005, $2)`,
        [`${PREFIX}-late-tx`, MONTH_FROM],
      );
    });

    await asOwner((client) => restorePartition(client, blocks.partition));
    await asApp(async (client) => {
      expect(await rowsChecksum(client, blocks)).toEqual(before);
      expect(await numbers(client)).toEqual([{ in_history: true, in_transactions: true, n: 20 }]);
      await client.query(`DELETE FROM chain_transactions WHERE legacy_key = $1`, [`${PREFIX}-late-tx`]);
    });
  });

  it('refuses to restore an archive whose file no longer has the recorded SHA-256, and leaves the month absent', async () => {
    const blocks = range('chain_blocks');
    const archived = await asApp((client) => archivePartition(client, blocks, dir));
    appendFileSync(archived.filePath, Buffer.from([0]));
    await expect(asOwner((client) => restorePartition(client, blocks.partition))).rejects.toThrow(/not the recorded/);
    await asApp(async (client) => {
      expect(await partitionExists(client, blocks.partition)).toBe(false);
      expect((await rowsChecksum(client, blocks)).rowCount).toBe(0);
    });
  });
});
