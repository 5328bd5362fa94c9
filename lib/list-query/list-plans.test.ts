import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetListQueries, assetSearchCondition, findAssetPage, legacyAssetListSql } from '@/lib/assets/asset.repository';
import { listAssetQuerySchema } from '@/lib/assets/asset.schemas';
import { insertGeneratedAssets } from '@/lib/assets/generate-assets';
import { explorerTransactionPageQuery, findExplorerTransactionPage } from '@/lib/explorer/explorer-transactions.repository';
import { listExplorerTransactionQuerySchema } from '@/lib/explorer/explorer.schemas';
import { chainBlockListQueries, chainTransactionListQueries, findChainBlockPage, findChainTransactionPage } from '@/lib/chain/chain.repository';
import { listChainBlockQuerySchema, listChainTransactionQuerySchema } from '@/lib/chain/chain.schemas';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import {
  findTransactionPage,
  legacyTransactionConditions,
  transactionListQueries,
  type LegacyTransactionFilter,
} from '@/lib/transactions/transaction.repository';
import { listTransactionQuerySchema } from '@/lib/transactions/transaction.schemas';
import { findUserPage, legacyUserListConditions, userListQueries, type LegacyUserListFilter } from '@/lib/users/user.repository';
import { listUserQuerySchema } from '@/lib/users/user.schemas';
import { findWalletPage, walletListQueries } from '@/lib/wallets/wallet.repository';
import { listWalletQuerySchema } from '@/lib/wallets/wallet.schemas';
import { runImport } from '@/lib/migration/run-import';
import { useTestOrm } from '@/lib/testing/test-orm';
import { encodeCursor } from './cursor';
import { keysetPageQuery } from './keyset';
import { sql, type SqlFragment } from './sql';
import { countCappedQuery, tableRowsEstimate } from './total';
import { SHORT_PHONE_MASK, storedPhone, storedPhoneColumns } from '@/lib/testing/phones';

/**
 * Every list query's plan at a realistic size: legacy-gen `medium` imported, assets topped up to
 * 100,000. A sequential scan of a table this large fails the test: each query must be served by an
 * index (keyset range, filter or search index), on the first page, filtered, searched and deep.
 */
const LARGE_TABLE_ROWS = 5000;
let orm: MikroORM;
let root: string;
let largeTables: Set<string>;
/** Each month partition's parent (decision 071, 077): a plan names the partition it scans. */
let partitionParents: Map<string, string>;
const em = (): EntityManager => orm.em.fork();

beforeAll(async () => {
  orm = await useTestOrm('owner');
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-list-plans-'));
  const { dir } = generateLegacyFolder(root, 'medium', 5);
  await runImport(orm.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
  await insertGeneratedAssets(orm.em.fork(), 100_000);
  await em().execute('ANALYZE');
  // A month partition (decision 071) is a table of its own here: a large one must be read by index too,
  // a small one (a few thousand rows of a month at this scale) may be scanned like any small table.
  // A partitioned parent is large by the sum of its partitions (it holds no rows of its own).
  const rows = await em().execute<Array<{ relname: string }>>(
    `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= ?
     UNION
     SELECT p.relname FROM pg_class p JOIN pg_inherits i ON i.inhparent = p.oid JOIN pg_class c ON c.oid = i.inhrelid
      WHERE p.relkind = 'p' AND p.relnamespace = 'public'::regnamespace GROUP BY p.relname HAVING sum(greatest(c.reltuples, 0)) >= ?`,
    [LARGE_TABLE_ROWS, LARGE_TABLE_ROWS],
  );
  largeTables = new Set(rows.map((row) => row.relname));
  const inherits = await em().execute<Array<{ partition: string; parent: string }>>(
    `SELECT c.relname AS partition, p.relname AS parent FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent`,
  );
  partitionParents = new Map(inherits.map((row) => [row.partition, row.parent]));
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
};

async function plan(query: SqlFragment, analyze: boolean): Promise<PlanNode> {
  const [row] = await em().execute<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(`EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${query.text}`, [
    ...query.values,
  ]);
  return row['QUERY PLAN'][0].Plan;
}

/**
 * Sequential scans of large tables that could read the table through. The one kind allowed is a scan
 * directly under a LIMIT that stopped early: a capped count (`count(*) FROM (… LIMIT 1001)`) or the
 * ranked-search candidates (`… LIMIT 2000`) over a filter that matches often, where reading a few
 * thousand rows is the right plan. The query is run (EXPLAIN ANALYZE), and such a scan fails too if
 * it read more than a tenth of the table. A page query's own ordered scan is never under a bare LIMIT
 * (a sort would sit between), so any sequential scan there fails.
 */
async function seqScansOfLargeTables(query: SqlFragment): Promise<string[]> {
  const sizes = new Map(
    (
      await em().execute<Array<{ relname: string; n: number }>>(`SELECT relname, reltuples::int AS n FROM pg_class WHERE relname IN (?)`, [[...largeTables]])
    ).map((row) => [row.relname, row.n]),
  );
  const found: string[] = [];
  // The scans of a partitioned table's months sit under an Append: what limits them is above it.
  const visit = (node: PlanNode, parent: PlanNode | null): void => {
    if (node['Node Type'] === 'Append' || node['Node Type'] === 'Merge Append') {
      for (const child of node.Plans ?? []) visit(child, parent);
      return;
    }
    const table = node['Relation Name'] ?? '';
    if (node['Node Type'] === 'Seq Scan' && largeTables.has(table)) {
      const read = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
      if (parent?.['Node Type'] !== 'Limit' || read > sizes.get(table)! / 10) found.push(table);
    }
    for (const child of node.Plans ?? []) visit(child, node);
  };
  visit(await plan(query, true), null);
  return found;
}

async function expectIndexedAssetQueries(params: Record<string, string>): Promise<void> {
  const { page, total } = assetListQueries(listAssetQuerySchema.parse(params));
  expect(await seqScansOfLargeTables(keysetPageQuery(page))).toEqual([]);
  if (total.filtered) expect(await seqScansOfLargeTables(countCappedQuery(total.from, total.where, undefined, total.orderBy))).toEqual([]);
}

/** A cursor in the middle of the table for a sort on one column (what page 1,000 would hold). */
async function deepCursor(sort: string, column: string, cast: string): Promise<string> {
  const [row] = await em().execute<Array<{ value: string | null; id: string }>>(
    `SELECT (${column})::text AS value, id::text AS id FROM assets ORDER BY ${column} NULLS LAST, id OFFSET 50000 LIMIT 1`,
  );
  expect(cast).toBeTruthy();
  return encodeCursor({ sort, values: [row.value], id: row.id });
}

describe('assets list plans at 100,000 assets', () => {
  it('has 100,000 assets to plan against', async () => {
    expect(largeTables.has('assets')).toBe(true);
    const [{ n }] = await em().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM assets');
    expect(n).toBe(100_000);
  });

  const cases: Array<[string, Record<string, string>]> = [
    ['first page', {}],
    ['sorted by total invested', { sort: 'totalInvested.desc' }],
    ['sorted by investors ascending', { sort: 'investors.asc' }],
    ['sorted by ROI', { sort: 'roi.desc' }],
    ['sorted by deadline', { sort: 'deadline.asc' }],
    ['filtered by status and type', { status: 'active', type: 'investment' }],
    ['filtered by a created range', { created: '2024-01-01..2024-03-31' }],
    ['filtered by category, tier and contract', { category: 'Agriculture,Healthcare', minTier: '2,3', hasContract: 'true' }],
    ['filtered by an investment range', { invested: '100000..250000', sort: 'totalInvested.desc' }],
    ['searched by a word', { q: 'solar' }],
    ['searched by part of a word', { q: 'olive' }],
    ['searched in Arabic', { q: 'نخيل' }],
    ['searched and filtered', { q: 'farm', status: 'active,paused', sort: 'created.desc' }],
  ];
  it.each(cases)('%s: no sequential scan of a large table', async (_, params) => {
    await expectIndexedAssetQueries(params);
  });

  it.each([
    ['created.desc', 'created_at', 'timestamptz'],
    ['totalInvested.asc', 'total_invested', 'numeric'],
    ['deadline.desc', 'deadline', 'timestamptz'],
  ])('deep cursor (%s), both directions: no sequential scan of a large table', async (sort, column, cast) => {
    const cursor = await deepCursor(sort, column, cast);
    for (const direction of ['next', 'prev']) await expectIndexedAssetQueries({ sort, cursor, direction });
  });
});

describe('legacy asset list plan', () => {
  it('the default order of GET /api/admin/assets is read from its index, not sorted over every asset', async () => {
    const { where, orderBy } = legacyAssetListSql({ sort: 'createdAt', order: 'desc' });
    const query = sql`SELECT id FROM assets WHERE ${sql.and(where)} ORDER BY ${orderBy} LIMIT 50 OFFSET 0`;
    expect(await seqScansOfLargeTables(query)).toEqual([]);
    const root = await plan(query, false);
    expect(nodes(root).map((node) => node['Node Type'])).not.toContain('Sort');
  });
});

describe('transaction-log and user list plans', () => {
  it('has a large transaction log to plan against', () => {
    expect(largeTables.has('transaction_log')).toBe(true);
  });

  const identity = async () =>
    (
      await em().execute<Array<{ identity_hash: string }>>(
        `SELECT identity_hash FROM transaction_log WHERE identity_hash IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      )
    )[0].identity_hash;

  it('transactions by identity, by type and time, first page and deep: no sequential scan of a large table', async () => {
    const hash = await identity();
    const first = await findTransactionPage(em(), listTransactionQuerySchema.parse({ identity: hash, pageSize: '25' }));
    expect(first.rows.length).toBeGreaterThan(0);
    expect(first.rows.every((row) => row.identityHash === hash)).toBe(true);
    const paramsList: Record<string, string>[] = [
      {},
      { identity: hash },
      { identity: hash, cursor: first.nextCursor ?? '' },
      { type: 'harvest_invest', occurred: '2025-01-01..2025-06-30' },
      { occurred: '2025-10-01..' },
    ].map((params) => Object.fromEntries(Object.entries(params).filter(([, value]) => value !== '')));
    for (const params of paramsList) {
      const { page, total } = transactionListQueries(listTransactionQuerySchema.parse(params));
      expect(await seqScansOfLargeTables(keysetPageQuery(page)), JSON.stringify(params)).toEqual([]);
      if (total.filtered) expect(await seqScansOfLargeTables(countCappedQuery(total.from, total.where, undefined, total.orderBy))).toEqual([]);
    }
  });

  it("users by part of a wallet, an identity-hash prefix or a phone's last four digits, with no sequential scan of a large table", async () => {
    const [user] = await em().execute<Array<{ id: string; identity_hash: string; wallet_address: string; ciphertext: string; key_id: string }>>(
      `SELECT i.id, u.identity_hash, u.wallet_address, ${storedPhoneColumns('w.full_phone')} FROM users u
         JOIN identities i ON i.identity_hash = u.legacy_key
         JOIN wallet_directory w ON w.identity_hash = u.legacy_key WHERE w.full_phone_last4_token IS NOT NULL ORDER BY u.legacy_position LIMIT 1`,
    );
    const phone = storedPhone(user);
    const searches = [user.wallet_address.slice(10, 20).toUpperCase(), user.identity_hash.slice(0, 12), phone.slice(-4), phone.slice(0, 6), phone];
    for (const q of searches) {
      const result = await findUserPage(em(), listUserQuerySchema.parse({ q }));
      expect(
        result.rows.map((row) => row.id),
        q,
      ).toContain(user.id);
      expect(
        result.rows.every((row) => row.phoneMasked === null || SHORT_PHONE_MASK.test(row.phoneMasked)),
        'phones stay masked',
      ).toBe(true);
      const { page } = userListQueries(listUserQuerySchema.parse({ q }));
      expect(await seqScansOfLargeTables(keysetPageQuery(page)), q).toEqual([]);
    }
  });
});

describe('chain and wallet list plans', () => {
  it('blocks newest first, deep and by mined time, over every block: no sequential scan of a large table', async () => {
    const estimate = tableRowsEstimate('chain_blocks');
    const [{ n: blocks }] = await em().execute<Array<{ n: string }>>(estimate.text, [...estimate.values]);
    expect(Number(blocks)).toBeGreaterThanOrEqual(LARGE_TABLE_ROWS);
    const first = await findChainBlockPage(em(), listChainBlockQuerySchema.parse({ pageSize: '200' }));
    const second = await findChainBlockPage(em(), listChainBlockQuerySchema.parse({ pageSize: '200', cursor: first.nextCursor! }));
    expect(Number(second.rows[0].blockNumber)).toBeLessThan(Number(first.rows[first.rows.length - 1].blockNumber));
    const [{ value, id }] = await em().execute<Array<{ value: string; id: string }>>(
      'SELECT block_number::text AS value, id::text AS id FROM chain_blocks ORDER BY block_number, id OFFSET 4000 LIMIT 1',
    );
    const deep = encodeCursor({ sort: 'number.desc', values: [value], id });
    for (const params of [{}, { cursor: deep }, { cursor: deep, direction: 'prev' }, { mined: '2025-01-01..2025-03-31' }, { sort: 'number.asc' }]) {
      const { page, total } = chainBlockListQueries(listChainBlockQuerySchema.parse(params));
      expect(await seqScansOfLargeTables(keysetPageQuery(page)), JSON.stringify(params)).toEqual([]);
      if (total.filtered) expect(await seqScansOfLargeTables(countCappedQuery(total.from, total.where, undefined, total.orderBy))).toEqual([]);
    }
  });

  it('chain transactions by block and by address, and wallets by part of an address: no sequential scan of a large table', async () => {
    const [{ from_address: address }] = await em().execute<Array<{ from_address: string }>>(
      'SELECT from_address FROM chain_transactions WHERE from_address IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
    );
    const byAddress = await findChainTransactionPage(em(), listChainTransactionQuerySchema.parse({ address }));
    expect(byAddress.rows.length).toBeGreaterThan(0);
    expect(byAddress.rows.every((row) => [row.fromAddress, row.toAddress].some((side) => side?.toLowerCase() === address.toLowerCase()))).toBe(true);
    for (const params of [{}, { address }, { block: '1000..2000' }]) {
      const { page, total } = chainTransactionListQueries(listChainTransactionQuerySchema.parse(params));
      expect(await seqScansOfLargeTables(keysetPageQuery(page)), JSON.stringify(params)).toEqual([]);
      if (total.filtered) expect(await seqScansOfLargeTables(countCappedQuery(total.from, total.where, undefined, total.orderBy))).toEqual([]);
    }
    const [{ wallet_address: wallet }] = await em().execute<Array<{ wallet_address: string }>>(
      'SELECT wallet_address FROM wallet_directory ORDER BY legacy_position LIMIT 1',
    );
    const wallets = await findWalletPage(em(), listWalletQuerySchema.parse({ q: wallet.slice(5, 15).toLowerCase() }));
    expect(wallets.rows.map((row) => row.walletAddress)).toContain(wallet);
    expect(await seqScansOfLargeTables(keysetPageQuery(walletListQueries(listWalletQuerySchema.parse({ q: wallet.slice(5, 15) })).page))).toEqual([]);
  });
});

describe('explorer transaction list plans', () => {
  it('chain transactions and the log as one list, first page, deep in both directions and filtered: no sequential scan of a large table', async () => {
    const first = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ pageSize: '200' }), { showIdentity: true });
    expect(new Set(first.rows.map((row) => row.source))).toEqual(new Set(['chain', 'log']));
    const [{ value, id }] = await em().execute<Array<{ value: string; id: string }>>(
      'SELECT occurred_at::text AS value, id::text AS id FROM transaction_log WHERE occurred_at IS NOT NULL ORDER BY occurred_at, id OFFSET 10000 LIMIT 1',
    );
    const deep = encodeCursor({ sort: 'time.desc', values: [value], id });
    const [{ from_address: address }] = await em().execute<Array<{ from_address: string }>>(
      'SELECT from_address FROM chain_transactions WHERE from_address IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
    );
    const [{ identity_hash: identity }] = await em().execute<Array<{ identity_hash: string }>>(
      'SELECT identity_hash FROM transaction_log WHERE identity_hash IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
    );
    for (const params of [
      {},
      { cursor: deep },
      { cursor: deep, direction: 'prev' },
      { address },
      { identity },
      { source: 'chain' },
      { type: 'harvest_invest', time: '2025-01-01..2025-06-30' },
    ]) {
      const query = listExplorerTransactionQuerySchema.parse(params);
      expect(await seqScansOfLargeTables(explorerTransactionPageQuery(query)), JSON.stringify(params)).toEqual([]);
    }
  });
});

describe('explorer address list plan', () => {
  it.each([
    [
      'the busiest log wallet',
      `SELECT lower(wallet_address) AS address FROM transaction_log WHERE wallet_address IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    ],
    [
      'the busiest chain sender',
      `SELECT lower(from_address) AS address FROM chain_transactions WHERE from_address IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    ],
  ])(
    '%s: every large table is read through an index, at most about a page per scan, and nothing larger than the branches’ pages is sorted',
    async (_, pick) => {
      const [{ address }] = await em().execute<Array<{ address: string }>>(pick);
      const first = await findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse({ address, pageSize: '25' }), { showIdentity: false });
      expect(first.rows).toHaveLength(25);
      for (const params of [{ address }, { address, cursor: first.nextCursor! }, { address, cursor: first.nextCursor!, direction: 'prev' }]) {
        const planned = nodes(await plan(explorerTransactionPageQuery(listExplorerTransactionQuerySchema.parse({ ...params, pageSize: '25' })), true));
        // Scans of a large plain table, and of the months of a large partitioned one (decisions 071, 077).
        const scans = planned.filter((node) => largeTables.has(node['Relation Name'] ?? ''));
        const monthScans = planned.filter((node) => largeTables.has(partitionParents.get(node['Relation Name'] ?? '') ?? ''));
        expect(scans.length + monthScans.length, JSON.stringify(params)).toBeGreaterThan(0);
        const rowsRead = (scan: PlanNode) => (scan['Actual Rows'] ?? 0) + (scan['Rows Removed by Filter'] ?? 0);
        for (const scan of scans) {
          // Per loop, as EXPLAIN reports both.
          const read = rowsRead(scan);
          const seen = `${scan['Node Type']} ${scan['Relation Name']} ${scan['Index Name'] ?? ''} read ${read}`;
          // An ordered index range, or (for an address the table barely holds) a bitmap of its few rows.
          expect(seen, JSON.stringify(params)).toMatch(/^(Index (Only )?Scan|Bitmap Heap Scan) /);
          // A page and one, plus the rows at the cursor's own time that the id comparison filters out:
          // the address and time bound the index range, where the OR of both columns read thousands.
          expect(read, seen).toBeLessThanOrEqual(2 * 26);
        }
        // Each month is planned on its own, and on a month of a few thousand rows the planner may walk the
        // time index for a busy address (a few hundred rows): bounded per table over all its months, where
        // the address-less walk read over ten thousand. An empty month may be scanned whole (nothing to read).
        const readByParent = new Map<string, number>();
        for (const scan of monthScans) {
          const seen = `${scan['Node Type']} ${scan['Relation Name']} ${scan['Index Name'] ?? ''} read ${rowsRead(scan)}`;
          if (rowsRead(scan) > 0) expect(seen, JSON.stringify(params)).toMatch(/^(Index (Only )?Scan|Bitmap Heap Scan) /);
          const parent = partitionParents.get(scan['Relation Name']!)!;
          readByParent.set(parent, (readByParent.get(parent) ?? 0) + rowsRead(scan));
        }
        for (const [parent, read] of readByParent) expect(read, `${parent}: rows read over its months`).toBeLessThanOrEqual(1_000);
        // Two sources × two columns × the value and NULL blocks, each at most a page and one.
        for (const sort of planned.filter((node) => node['Node Type'] === 'Sort'))
          expect(sort.Plans?.[0]['Actual Rows'] ?? 0, JSON.stringify(params)).toBeLessThanOrEqual(8 * 26);
      }
    },
  );
});

describe('assets list results', () => {
  it('finds an asset by part of an Arabic word in its title, titles first', async () => {
    const [asset] = await em().execute<Array<{ id: string; title: string }>>(
      `SELECT id, title FROM assets WHERE legacy_key NOT LIKE 'generated%' AND title ~ '[\u0600-\u06FF]{4,}' ORDER BY legacy_position LIMIT 1`,
    );
    expect(asset).toBeDefined();
    const word = asset.title.match(/[\u0600-\u06FF]{4,}/u)![0];
    // From inside the word: no word starts with it, so text search alone would not find it.
    const part = word.slice(1, 4);
    const condition = assetSearchCondition(part);
    const found = await em().execute(`SELECT 1 FROM assets a WHERE a.id = ? AND (${condition.text})`, [asset.id, ...condition.values]);
    expect(found).toHaveLength(1);
    const page = await findAssetPage(em(), listAssetQuerySchema.parse({ q: part }));
    expect(page.rows.length).toBeGreaterThan(0);
    // Ranked: titles holding the text come before matches in categories or descriptions.
    expect(page.rows[0].title).toContain(part);
  });
});

describe('legacy users list and transaction feed plans', () => {
  const userPageQuery = (filter: LegacyUserListFilter, offset: number) =>
    sql`SELECT u.legacy_key FROM users u WHERE ${sql.and(legacyUserListConditions(filter))} ORDER BY u.legacy_position LIMIT 50 OFFSET ${offset}`;
  const feedQuery = (filter: LegacyTransactionFilter) => {
    const where = legacyTransactionConditions(filter);
    return sql`SELECT legacy_key FROM transaction_log ${where.length ? sql`WHERE ${sql.and(where)}` : sql.raw('')} ORDER BY legacy_position LIMIT 50`;
  };

  it('GET /api/users pages, filtered by tier, status and creation time: no sequential scan of a large table', async () => {
    for (const [filter, offset] of [
      [{}, 0],
      [{}, 2000],
      [{ tier: 2 }, 0],
      [{ status: 'suspended' }, 0],
      [{ createdAfter: '2025-06-01' }, 0],
      [{ id: `0x${'a'.repeat(64)}` }, 0],
    ] as Array<[LegacyUserListFilter, number]>)
      expect(await seqScansOfLargeTables(userPageQuery(filter, offset)), JSON.stringify(filter)).toEqual([]);
  });

  it('the explorer feed and a wallet history, newest first: no sequential scan of a large table', async () => {
    const [row] = await em().execute<Array<{ identity_hash: string; wallet_address: string }>>(
      `SELECT identity_hash, wallet_address FROM transaction_log WHERE identity_hash IS NOT NULL AND wallet_address IS NOT NULL LIMIT 1`,
    );
    for (const filter of [{}, { types: ['harvest_invest'] }, { identityHash: row.identity_hash }, { walletAddress: row.wallet_address.toUpperCase() }])
      expect(await seqScansOfLargeTables(feedQuery(filter)), JSON.stringify(filter)).toEqual([]);
  });
});
