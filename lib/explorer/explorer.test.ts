import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshAggregates } from '@/lib/analytics/analytics.service';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { findChainBlockPage } from '@/lib/chain/chain.repository';
import { listChainBlockQuerySchema } from '@/lib/chain/chain.schemas';
import { startExport } from '@/lib/exports/start-export';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findExplorerTransactionPage } from './explorer-transactions.repository';
import { searchExplorer } from './explorer-search';
import {
  findAddressDetail,
  findBlocksByNumber,
  findBlockTransactions,
  findExplorerOverview,
  findLatestBlocks,
  findPlaceholderBlock,
  findTransactionByHash,
} from './explorer.repository';
import { explorerSearchSchema, listExplorerTransactionQuerySchema, type ListExplorerTransactionQueryInput } from './explorer.schemas';
import { SHORT_PHONE_MASK } from '@/lib/testing/phones';

let orm: MikroORM;
const em = (): EntityManager => orm.em.fork();
const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;

beforeAll(async () => {
  orm = await useTestOrm('owner');
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-explorer-'));
  const { dir } = generateLegacyFolder(root, 'small', 3);
  await runImport(orm.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc-storage'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 120_000);

async function one<Row>(text: string, values: unknown[] = []): Promise<Row> {
  const [row] = await em().execute<Row[]>(text, values);
  return row;
}

/** A block of this test's own far above the imported chain, with one chain transaction and one log entry sharing its hash. */
async function insertBlockWithTransaction(blockNumber: number, minedAt: string) {
  const txHash = hex(32);
  const from = hex(20);
  const to = hex(20);
  await em().execute(
    `INSERT INTO chain_blocks (legacy_key, legacy_position, legacy_hash, block_number, block_hash, mined_at, transaction_count)
     VALUES (?, (SELECT coalesce(max(legacy_position), 0) + 1 FROM chain_blocks), repeat('0', 64), ?, ?, ?, 1)`,
    [`explorer-test-${blockNumber}`, blockNumber, hex(32), minedAt],
  );
  await em().execute(
    `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_number, transaction_index, from_address, to_address, value_wei, tx_type, status, mined_at)
     VALUES (?, (SELECT coalesce(max(legacy_position), 0) + 1 FROM chain_transactions), repeat('0', 64), ?, ?, 0, ?, ?, 2500000000000000000, 'transfer', 'success', ?)`,
    [txHash, txHash, blockNumber, from, to, minedAt],
  );
  return { txHash, from, to };
}

describe('explorer overview', () => {
  it('reports the highest stored block and per-day counts, read from the refreshed aggregates, equal to direct counts over the same range', async () => {
    await refreshAggregates(em());
    const overview = await findExplorerOverview(em(), 30);
    const head = await one<{ n: string }>('SELECT max(block_number)::text AS n FROM chain_blocks');
    expect(overview.blockHeight).toBe(head.n);
    expect(overview.perDay).toHaveLength(30);
    const direct = await one<{ blocks: number; txs: number }>(
      `SELECT (SELECT count(*) FROM chain_blocks WHERE mined_at >= ?::timestamptz AND mined_at < ?::timestamptz)::int AS blocks,
              ((SELECT count(*) FROM chain_transactions WHERE mined_at >= ?::timestamptz AND mined_at < ?::timestamptz)
             + (SELECT count(*) FROM transaction_log WHERE occurred_at >= ?::timestamptz AND occurred_at < ?::timestamptz))::int AS txs`,
      [overview.range.from, overview.range.to, overview.range.from, overview.range.to, overview.range.from, overview.range.to],
    );
    expect(overview.blocksInRange).toBe(direct.blocks);
    expect(overview.transactionsInRange).toBe(direct.txs);
    expect(overview.blocksInRange).toBeGreaterThan(0);
    expect(overview.peakActiveWallets).toBeGreaterThan(0);
    expect(overview.trendRefreshedAt).not.toBeNull();
  });

  it('ends the range with the latest block’s day, so an imported history still charts its last days', async () => {
    const overview = await findExplorerOverview(em(), 7);
    expect(overview.latestBlockAt).not.toBeNull();
    expect(overview.range.to > overview.latestBlockAt!).toBe(true);
    expect(new Date(overview.range.to).getTime() - new Date(overview.latestBlockAt!).getTime()).toBeLessThanOrEqual(86_400_000);
  });
});

describe('blocks and transactions', () => {
  it('lists the latest blocks by number, not by their text (300 before 99)', async () => {
    const head = await one<{ n: string }>('SELECT max(block_number)::text AS n FROM chain_blocks');
    const latest = await findLatestBlocks(em(), { afterNumber: null, limit: 10 });
    expect(latest[0].blockNumber).toBe(head.n);
    const numbers = latest.map((block) => BigInt(block.blockNumber!));
    expect(numbers).toEqual([...numbers].sort((a, b) => (a > b ? -1 : 1)));
  });

  it('finds a block by number with its chain transactions, and a transaction by hash with its log entry beside it', async () => {
    const head = await one<{ n: string }>('SELECT max(block_number)::text AS n FROM chain_blocks');
    const blockNumber = Number(head.n) + 1000;
    const { txHash, from } = await insertBlockWithTransaction(blockNumber, new Date().toISOString());
    await em().execute(
      `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, type, wallet_address, amount, tx_hash, block_number)
       VALUES (?, (SELECT coalesce(max(legacy_position), 0) + 1 FROM transaction_log), repeat('0', 64), now(), 'egp_sent', ?, 2.5, ?, ?)`,
      [`explorer-test-log-${txHash}`, from, txHash, blockNumber],
    );

    const [block] = await findBlocksByNumber(em(), String(blockNumber));
    expect(block.blockNumber).toBe(String(blockNumber));
    const inBlock = await findBlockTransactions(em(), String(blockNumber), { showIdentity: false });
    expect(inBlock.chain.map((tx) => tx.txHash)).toEqual([txHash]);
    expect(inBlock.log.map((entry) => entry.txHash)).toEqual([txHash]);

    const both = await findTransactionByHash(em(), txHash, { showIdentity: true });
    expect(both.chain).toHaveLength(1);
    expect(both.chain[0].valueWei).toBe('2500000000000000000');
    expect(both.log).toHaveLength(1);
    expect(both.log[0].amount).toBe('2.5');

    const latest = await findLatestBlocks(em(), { afterNumber: String(blockNumber - 1), limit: 10 });
    expect(latest.map((row) => row.blockNumber)).toEqual([String(blockNumber)]);
  });

  it('finds a placeholder block (transactions name it, the history lacks it) with how many name it, and no placeholder for a stored or an unnamed number', async () => {
    const head = await one<{ n: string }>('SELECT max(block_number)::text AS n FROM chain_block_numbers');
    const missing = String(Number(head.n) + 5000);
    await em().transactional(async (tx) => {
      // As the import stores an orphan (decision 081): the key deferred, the rows written, the number registered.
      await tx.execute('SET CONSTRAINTS chain_transactions_block_number_fkey DEFERRED');
      for (const index of [0, 1]) {
        await tx.execute(
          `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_number, transaction_index, value_wei, mined_at)
           VALUES (?, (SELECT coalesce(max(legacy_position), 0) + 1 FROM chain_transactions), repeat('0', 64), ?, ?, ?, 1, now())`,
          [`explorer-test-placeholder-${missing}-${index}`, hex(32), missing, index],
        );
      }
      await tx.execute('SELECT chain_block_numbers_add_named()');
    });
    expect(await findPlaceholderBlock(em(), missing)).toEqual({ transactionCount: 2 });
    expect((await findBlockTransactions(em(), missing, { showIdentity: false })).chain).toHaveLength(2);
    const stored = await one<{ n: string }>('SELECT min(block_number)::text AS n FROM chain_blocks');
    expect(await findPlaceholderBlock(em(), stored.n)).toBeNull();
    expect(await findPlaceholderBlock(em(), String(Number(missing) + 1))).toBeNull();
    // Once no transaction names it, the number is known but named by nobody: no page.
    await em().execute(`DELETE FROM chain_transactions WHERE block_number = ?`, [missing]);
    expect(await findPlaceholderBlock(em(), missing)).toBeNull();
  });
});

describe('unified transactions list', () => {
  it('pages newest first through chain transactions and log entries together, every row once', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let previous: string | null = null;
    let pages = 0;
    do {
      const page = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ pageSize: '200', ...(cursor ? { cursor } : {}) }), {
        showIdentity: false,
      });
      for (const row of page.rows) {
        expect(seen.has(row.id), `row ${row.id} seen twice`).toBe(false);
        seen.add(row.id);
        if (row.time !== null && previous !== null) expect(row.time <= previous).toBe(true);
        if (row.time !== null) previous = row.time;
        expect(row.identityHash).toBeNull();
      }
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 100);
    const total = await one<{ n: number }>('SELECT ((SELECT count(*) FROM chain_transactions) + (SELECT count(*) FROM transaction_log))::int AS n');
    expect(seen.size).toBe(total.n);
    expect(pages).toBeGreaterThan(1);
  });

  it('goes back a page to exactly the rows it came from', async () => {
    const parse = (params: Record<string, string>) => listExplorerTransactionQuerySchema.parse({ pageSize: '25', ...params });
    const first = await findExplorerTransactionPage(em(), parse({}), { showIdentity: false });
    const second = await findExplorerTransactionPage(em(), parse({ cursor: first.nextCursor! }), { showIdentity: false });
    const back = await findExplorerTransactionPage(em(), parse({ cursor: second.prevCursor!, direction: 'prev' }), { showIdentity: false });
    expect(back.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
    expect(second.rows.map((row) => row.id)).not.toContain(first.rows[0].id);
  });

  it('filters by source, type, address, identity, amount and time on both sides', async () => {
    const { from, txHash } = await insertBlockWithTransaction(900_000_000, '2020-01-02T03:04:05Z');
    const byAddress = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ address: from.toUpperCase().replace('0X', '0x') }), {
      showIdentity: false,
    });
    expect(byAddress.rows.map((row) => row.hash)).toEqual([txHash]);
    expect(byAddress.rows[0].amount).toMatch(/^2\.50*$/);
    expect(byAddress.total).toEqual({ kind: 'exact', value: 1 });

    const inRange = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ time: '2020-01-02..2020-01-02', amount: '2..3' }), {
      showIdentity: false,
    });
    expect(inRange.rows.map((row) => row.hash)).toEqual([txHash]);
    const outOfAmount = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ time: '2020-01-02..2020-01-02', amount: '3..' }), {
      showIdentity: false,
    });
    expect(outOfAmount.rows).toEqual([]);

    const logOnly = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ source: 'log', pageSize: '25' }), {
      showIdentity: true,
    });
    expect(logOnly.rows.length).toBeGreaterThan(0);
    expect(logOnly.rows.every((row) => row.source === 'log')).toBe(true);

    const identity = await one<{ identity_hash: string; type: string }>(
      'SELECT identity_hash, type FROM transaction_log WHERE identity_hash IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1',
    );
    const byIdentity = await findExplorerTransactionPage(
      em(),
      listExplorerTransactionQuerySchema.parse({ identity: identity.identity_hash, type: identity.type }),
      {
        showIdentity: true,
      },
    );
    expect(byIdentity.rows.length).toBeGreaterThan(0);
    expect(byIdentity.rows.every((row) => row.identityHash === identity.identity_hash && row.type === identity.type)).toBe(true);
  });
});

describe('address filter', () => {
  /**
   * An address's rows on every side the filter reads: both columns of both sources, the same address on
   * both sides of one row, a second filtered address on the other side, a shared time (the id decides),
   * and no time at all (the NULL block). Stored in mixed case: the filter compares lowercase.
   */
  async function insertAddressRows(address: string, other: string) {
    const mixed = (value: string) => `0x${value.slice(2).toUpperCase()}`;
    const stranger = hex(20);
    const shared = '2021-03-04T05:06:07Z';
    const chain: Array<[string | null, string | null, string | null]> = [
      [address, stranger, '2021-01-01T00:00:00Z'],
      [stranger, mixed(address), '2021-02-01T00:00:00Z'],
      [mixed(address), address, shared],
      [address, other, shared],
      [other, stranger, '2021-05-01T00:00:00Z'],
      [stranger, address, null],
      [stranger, stranger, '2021-06-01T00:00:00Z'],
    ];
    for (const [from, to, minedAt] of chain) {
      const txHash = hex(32);
      await em().execute(
        `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, from_address, to_address, value_wei, tx_type, status, mined_at)
         VALUES (?, (SELECT coalesce(max(legacy_position), 0) + 1 FROM chain_transactions), repeat('0', 64), ?, ?, ?, 1000000000000000000, 'transfer', 'success', ?)`,
        [txHash, txHash, from, to, minedAt],
      );
    }
    const log: Array<[string | null, string | null, string | null]> = [
      [mixed(address), null, shared],
      [stranger, address, shared],
      [address, address, '2021-04-01T00:00:00Z'],
      [other, address, '2021-04-02T00:00:00Z'],
      [address, null, null],
      [stranger, null, '2021-07-01T00:00:00Z'],
    ];
    for (const [wallet, sender, occurredAt] of log) {
      await em().execute(
        `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, type, wallet_address, sender_wallet_address, amount)
         VALUES (?, (SELECT coalesce(max(legacy_position), 0) + 1 FROM transaction_log), repeat('0', 64), ?, 'egp_sent', ?, ?, 1)`,
        [`explorer-address-test-${hex(8)}`, occurredAt, wallet, sender],
      );
    }
  }

  /** What the filter returned when it was one OR of both columns per source: every row naming an address once, in the grid's order. */
  async function expectedIds(addresses: string[], ascending: boolean): Promise<string[]> {
    const direction = ascending ? 'ASC' : 'DESC';
    const rows = await em().execute<Array<{ id: string }>>(
      `SELECT id FROM (
         SELECT id, mined_at AS time FROM chain_transactions WHERE lower(from_address) IN (?) OR lower(to_address) IN (?)
         UNION ALL
         SELECT id, occurred_at FROM transaction_log WHERE lower(wallet_address) IN (?) OR lower(sender_wallet_address) IN (?)
       ) x ORDER BY time ${direction} NULLS LAST, id ${direction}`,
      [addresses, addresses, addresses, addresses],
    );
    return rows.map((row) => row.id);
  }

  /** Every page forwards from the first, then every page backwards from the last, as the grid's buttons do. */
  async function pageThrough(params: Record<string, string>): Promise<{ forwards: string[][]; backwards: string[][] }> {
    // Pages of 3 (below the grid's smallest choice) so a dozen rows cross several page boundaries.
    const parse = (extra: Record<string, string>): ListExplorerTransactionQueryInput => ({
      ...listExplorerTransactionQuerySchema.parse({ ...params, ...extra }),
      pageSize: 3 as number as ListExplorerTransactionQueryInput['pageSize'],
    });
    const forwards: string[][] = [];
    let page = await findExplorerTransactionPage(em(), parse({}), { showIdentity: false });
    forwards.push(page.rows.map((row) => row.id));
    while (page.nextCursor) {
      page = await findExplorerTransactionPage(em(), parse({ cursor: page.nextCursor }), { showIdentity: false });
      forwards.push(page.rows.map((row) => row.id));
    }
    const backwards: string[][] = [forwards.at(-1)!];
    while (page.prevCursor) {
      page = await findExplorerTransactionPage(em(), parse({ cursor: page.prevCursor, direction: 'prev' }), { showIdentity: false });
      backwards.unshift(page.rows.map((row) => row.id));
    }
    return { forwards, backwards };
  }

  it.each([
    ['one address, newest first', false, false],
    ['one address, oldest first', false, true],
    ['two addresses, a row naming both listed once', true, false],
  ])('%s: the same rows in the same order as the OR of both columns, page by page in both directions', async (_, twoAddresses, ascending) => {
    const address = hex(20);
    const other = hex(20);
    await insertAddressRows(address, other);
    const addresses = twoAddresses ? [address, other] : [address];
    const expected = await expectedIds(addresses, ascending);
    expect(expected).toHaveLength(twoAddresses ? 11 : 10);

    const { forwards, backwards } = await pageThrough({ address: addresses.join(','), sort: ascending ? 'time.asc' : 'time.desc' });
    expect(forwards.flat()).toEqual(expected);
    expect(backwards).toEqual(forwards);
    const total = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ address: addresses.join(',') }), { showIdentity: false });
    expect(total.total).toEqual({ kind: 'exact', value: expected.length });
  });
});

describe('address detail', () => {
  it('shows balances and the masked phone, and the linked user only with the identity permission', async () => {
    const wallet = await one<{ wallet_address: string; identity_hash: string }>(
      `SELECT w.wallet_address, w.identity_hash FROM wallet_directory w JOIN users u ON u.legacy_key = w.identity_hash
        WHERE w.full_phone_masked IS NOT NULL ORDER BY w.legacy_position LIMIT 1`,
    );
    const hidden = await findAddressDetail(em(), wallet.wallet_address.toUpperCase().replace('0X', '0x'), { showIdentity: false });
    expect(hidden.wallets).toHaveLength(1);
    expect(hidden.wallets[0].identityHash).toBeNull();
    expect(hidden.linkedUser).toBeNull();
    expect(hidden.wallets[0].phoneMasked).toMatch(SHORT_PHONE_MASK);
    expect(JSON.stringify(hidden)).not.toContain(wallet.identity_hash);

    const shown = await findAddressDetail(em(), wallet.wallet_address, { showIdentity: true });
    expect(shown.wallets[0].identityHash).toBe(wallet.identity_hash);
    expect(shown.linkedUser?.identityHash).toBe(wallet.identity_hash);
  });
});

describe('universal search', () => {
  const search = (q: string, showIdentity = false) => searchExplorer(em(), explorerSearchSchema.parse({ q }), { showIdentity });

  it('finds a block by number and by hash, a transaction by hash in any case, and an address', async () => {
    const block = await one<{ n: string; hash: string }>(
      'SELECT block_number::text AS n, block_hash AS hash FROM chain_blocks WHERE block_hash IS NOT NULL ORDER BY legacy_position LIMIT 1',
    );
    expect(await search(block.n)).toContainEqual({ kind: 'block', blockNumber: block.n, href: `/explorer/blocks/${block.n}` });
    expect(await search(block.hash)).toContainEqual({ kind: 'block', blockNumber: block.n, href: `/explorer/blocks/${block.n}` });
    const tx = await one<{ tx_hash: string }>('SELECT tx_hash FROM chain_transactions ORDER BY legacy_position LIMIT 1');
    expect(await search(tx.tx_hash.toUpperCase().replace('0X', '0x'))).toContainEqual({
      kind: 'transaction',
      hash: tx.tx_hash,
      href: `/explorer/transactions/${tx.tx_hash}`,
    });
    const address = hex(20);
    expect(await search(address)).toEqual([{ kind: 'address', address, href: `/explorer/address/${address}` }]);
    expect(await search('no such thing')).toEqual([]);
  });

  it('finds identities by hash prefix only for a role that may see them', async () => {
    const user = await one<{ identity_hash: string }>('SELECT identity_hash FROM users WHERE wallet_address IS NOT NULL ORDER BY legacy_position LIMIT 1');
    const prefix = user.identity_hash.slice(0, 16);
    expect(await search(prefix)).toEqual([]);
    const hits = await search(prefix, true);
    expect(hits.map((hit) => (hit.kind === 'identity' ? hit.identityHash : null))).toContain(user.identity_hash);
  });
});

describe('blocks export', () => {
  it('holds exactly the rows and columns the blocks grid shows for the same URL, every page of them', async () => {
    const { user } = await createAdminUser(em(), { email: `blocks-export-${randomBytes(4).toString('hex')}@test.pend`, name: 'Auditor', role: 'auditor' });
    const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
    const view = 'sort=number.asc&columns=number,hash,transactions';
    const started = await startExport(em(), {
      actor,
      audit: { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' },
      gridId: 'blocks',
      params: new URLSearchParams(`format=csv&${view}`),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of started.body) chunks.push(chunk as Buffer);
    const job = await started.done;
    const records = parse(Buffer.concat(chunks), { relax_column_count: true }) as string[][];

    const expected = [];
    let cursor: string | undefined;
    do {
      const page = await findChainBlockPage(
        em(),
        listChainBlockQuerySchema.parse({ ...Object.fromEntries(new URLSearchParams(view)), pageSize: '200', ...(cursor ? { cursor } : {}) }),
      );
      expected.push(...page.rows);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(expected.length).toBeGreaterThan(200);
    expect(records[0]).toEqual(['Block', 'Hash', 'Transactions']);
    expect(records.slice(1, -1)).toEqual(expected.map((block) => [block.blockNumber, block.blockHash, String(block.transactionCount ?? '')]));
    expect(records.at(-1)![0]).toContain(job!.id);
    expect(job).toMatchObject({ state: 'completed', grid: 'blocks', row_count: String(expected.length) });
  });
});
