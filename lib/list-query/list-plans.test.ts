import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetListQueries, assetSearchCondition, findAssetPage } from '@/lib/assets/asset.repository';
import { listAssetQuerySchema } from '@/lib/assets/asset.schemas';
import { insertGeneratedAssets } from '@/lib/assets/generate-assets';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { findTransactionPage, transactionListQueries } from '@/lib/transactions/transaction.repository';
import { listTransactionQuerySchema } from '@/lib/transactions/transaction.schemas';
import { findUserPage, userListQueries } from '@/lib/users/user.repository';
import { listUserQuerySchema } from '@/lib/users/user.schemas';
import { runImport } from '@/lib/migration/run-import';
import { useTestOrm } from '@/lib/testing/test-orm';
import { encodeCursor } from './cursor';
import { keysetPageQuery } from './keyset';
import { type SqlFragment } from './sql';
import { countCappedQuery } from './total';

/**
 * Every list query's plan at a realistic size: legacy-gen `medium` imported, assets topped up to
 * 100,000. A sequential scan of a table this large fails the test: each query must be served by an
 * index (keyset range, filter or search index), on the first page, filtered, searched and deep.
 */
const LARGE_TABLE_ROWS = 5000;
let orm: MikroORM;
let root: string;
let largeTables: Set<string>;
const em = (): EntityManager => orm.em.fork();

beforeAll(async () => {
  orm = await useTestOrm('owner');
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-list-plans-'));
  const { dir } = generateLegacyFolder(root, 'medium', 5);
  await runImport(orm.em.fork(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context: { source: 'cli', actorLabel: 'vitest' } });
  await insertGeneratedAssets(orm.em.fork(), 100_000);
  await em().execute('ANALYZE');
  const rows = await em().execute<Array<{ relname: string }>>(
    `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= ?`,
    [LARGE_TABLE_ROWS],
  );
  largeTables = new Set(rows.map((row) => row.relname));
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
};
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

async function plan(query: SqlFragment, analyze: boolean): Promise<PlanNode> {
  const [row] = await em().execute<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
    `EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${query.text}`,
    [...query.values],
  );
  return row['QUERY PLAN'][0].Plan;
}

/** Page queries: any sequential scan of a large table is a failure. */
async function seqScansOfLargeTables(query: SqlFragment): Promise<string[]> {
  return nodes(await plan(query, false))
    .filter((node) => node['Node Type'] === 'Seq Scan' && largeTables.has(node['Relation Name'] ?? ''))
    .map((node) => node['Relation Name']!);
}

/**
 * Capped counts (`count(*) FROM (… LIMIT 1001)`): a sequential scan is the right plan when the filter
 * matches often, because the LIMIT stops it after a few thousand rows. What must not happen is a scan
 * that reads the table through; run it and fail when a sequential scan read more than a tenth of it.
 */
async function fullScansOfLargeTables(query: SqlFragment): Promise<string[]> {
  const sizes = new Map((await em().execute<Array<{ relname: string; n: number }>>(`SELECT relname, reltuples::int AS n FROM pg_class WHERE relname IN (?)`, [[...largeTables]])).map((row) => [row.relname, row.n]));
  return nodes(await plan(query, true))
    .filter((node) => node['Node Type'] === 'Seq Scan' && largeTables.has(node['Relation Name'] ?? ''))
    .filter((node) => ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1) > sizes.get(node['Relation Name']!)! / 10)
    .map((node) => node['Relation Name']!);
}

async function expectIndexedAssetQueries(params: Record<string, string>): Promise<void> {
  const { page, total } = assetListQueries(listAssetQuerySchema.parse(params));
  expect(await seqScansOfLargeTables(keysetPageQuery(page))).toEqual([]);
  if (total.filtered) expect(await fullScansOfLargeTables(countCappedQuery(total.from, total.where, undefined, total.orderBy))).toEqual([]);
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

describe('transaction-log and user list plans', () => {
  it('has a large transaction log to plan against', () => {
    expect(largeTables.has('transaction_log')).toBe(true);
  });

  const identity = async () => (await em().execute<Array<{ identity_hash: string }>>(
    `SELECT identity_hash FROM transaction_log WHERE identity_hash IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  ))[0].identity_hash;

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
      if (total.filtered) expect(await fullScansOfLargeTables(countCappedQuery(total.from, total.where, undefined, total.orderBy))).toEqual([]);
    }
  });

  it("users by part of a wallet, an identity-hash prefix or a phone's last four digits, with no sequential scan of a large table", async () => {
    const [user] = await em().execute<Array<{ identity_hash: string; wallet_address: string; last4: string | null }>>(
      `SELECT u.identity_hash, u.wallet_address, w.full_phone_last4 AS last4 FROM users u
         JOIN wallet_directory w ON w.identity_hash = u.legacy_key WHERE w.full_phone_last4 IS NOT NULL ORDER BY u.legacy_position LIMIT 1`,
    );
    const searches = [user.wallet_address.slice(10, 20).toUpperCase(), user.identity_hash.slice(0, 12), user.last4!];
    for (const q of searches) {
      const result = await findUserPage(em(), listUserQuerySchema.parse({ q }));
      expect(result.rows.map((row) => row.identityHash), q).toContain(user.identity_hash);
      expect(result.rows.every((row) => row.phoneMasked === null || /[*X]{4}$/.test(row.phoneMasked)), 'phones stay masked').toBe(true);
      const { page } = userListQueries(listUserQuerySchema.parse({ q }));
      expect(await seqScansOfLargeTables(keysetPageQuery(page)), q).toEqual([]);
    }
  });
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
