import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetListQuery, UserListQuery, WholeSource } from './dataset';
import { listUsersInMemory, userSources } from '../users/user-list';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { fileDataset } from './file-dataset';
import { pgDataset } from './pg-dataset';

let orm: MikroORM;
let root: string;
let dir: string;
// A fixed "now" inside the generated data's time range, so the 24 h / 7 d / 30 d windows are not empty.
const NOW = new Date('2025-11-29T12:00:00.000Z');

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-datasets-'));
  ({ dir } = generateLegacyFolder(root, 'small', 3));
  await runImport(await ownerEm(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const both = () => ({ pg: pgDataset(orm.em.fork()), files: fileDataset(dir) });

describe('the PostgreSQL and legacy-file datasets give the same answers for the same data', () => {
  it.each<WholeSource>(['admin-opportunities', 'admin-pool-tiers', 'kyc-metadata', 'identity-map', 'wallet-db'])(
    '%s: every record, in file order',
    async (source) => {
      const { pg, files } = both();
      const fromPg = await pg.records(source);
      expect(fromPg.length).toBeGreaterThan(0);
      expect(fromPg.map(({ key, value }) => ({ key, value }))).toEqual((await files.records(source)).map(({ key, value }) => ({ key, value })));
      const sample = fromPg[Math.floor(fromPg.length / 2)];
      expect((await pg.record(source, sample.key))?.value).toEqual((await files.record(source, sample.key))?.value);
      expect(await pg.record(source, 'no-such-key')).toBeNull();
    },
  );

  it('the asset list: filtered, searched, sorted and paged in SQL exactly as in memory', async () => {
    const { pg, files } = both();
    // The SQL path is the one compared: with quarantined opportunities the list would be computed in memory.
    expect(await orm.em.fork().execute(`SELECT 1 FROM migration_quarantine WHERE legacy_source = 'admin-opportunities'`)).toEqual([]);
    const sorts = ['createdAt', 'title', 'type', 'status', 'totalInvested', 'investorCount'] as const;
    const queries: AssetListQuery[] = [
      ...sorts.flatMap((sort) => (['asc', 'desc'] as const).map((order) => ({ sort, order, page: 1, limit: 200 }))),
      { sort: 'createdAt', order: 'desc', page: 2, limit: 5 },
      { sort: 'title', order: 'asc', page: 1, limit: 50, status: 'published' },
      { sort: 'createdAt', order: 'desc', page: 1, limit: 50, status: 'Completed' },
      { sort: 'createdAt', order: 'desc', page: 1, limit: 50, status: 'nonsense' },
      { sort: 'createdAt', order: 'desc', page: 1, limit: 50, type: 'interest' },
      { sort: 'totalInvested', order: 'desc', page: 1, limit: 50, category: 'agriculture' },
      { sort: 'createdAt', order: 'desc', page: 1, limit: 50, search: 'FARM' },
      { sort: 'createdAt', order: 'asc', page: 1, limit: 50, search: 'ال' },
      { sort: 'createdAt', order: 'asc', page: 1, limit: 50, search: '100%_' },
      { sort: 'investorCount', order: 'asc', page: 1, limit: 50, status: 'active', type: 'investment', search: 'a' },
    ];
    for (const query of queries) {
      const expected = await files.assetPage(query);
      expect(await pg.assetPage(query), JSON.stringify(query)).toEqual(expected);
    }
    // Not vacuous: the queries return records, and some filters narrow them.
    expect((await files.assetPage(queries[0])).total).toBeGreaterThan(0);
    expect((await files.assetPage(queries[queries.length - 4])).total).toBeLessThan((await files.assetPage(queries[0])).total);
  });

  it('the users list: filtered and paged in SQL exactly as the in-memory list over the same records', async () => {
    const { pg, files } = both();
    const em = orm.em.fork();
    // The SQL path is the one compared: with quarantined registry records the list would be computed in memory.
    expect(await em.execute(`SELECT 1 FROM migration_quarantine WHERE legacy_source IN ('wallet-db', 'identity-map')`)).toEqual([]);
    const inMemory = async (query: UserListQuery) =>
      listUsersInMemory(userSources(await pg.records('wallet-db'), await pg.records('identity-map'), await pg.wallets(), await pg.investments()), query);
    const everyone = await inMemory({ limit: 500, offset: 0 });
    const sample = everyone.users[Math.floor(everyone.users.length / 2)];
    const created = everyone.users.flatMap((user) => (user.created_at ? [user.created_at] : [])).sort();
    const median = created[Math.floor(created.length / 2)];
    const queries: UserListQuery[] = [
      { limit: 500, offset: 0 },
      { limit: 7, offset: 3 },
      { limit: 50, offset: 1_000_000 },
      ...[0, 1, 2, 3, 4, 5].map((tier) => ({ tier, limit: 500, offset: 0 })),
      { status: 'active', limit: 500, offset: 0 },
      { status: 'suspended', limit: 500, offset: 0 },
      { createdAfter: median, limit: 500, offset: 0 },
      { createdAfter: median.slice(0, 10), limit: 500, offset: 0 },
      { createdAfter: `${median.slice(0, 19)}+02:00`, limit: 500, offset: 0 },
      { tier: sample.tier ?? 0, createdAfter: created[0], status: 'active', limit: 5, offset: 1 },
      { id: sample.id.toUpperCase().replace('0X', '0x'), limit: 1, offset: 0 },
      { id: `0x${'0'.repeat(64)}`, limit: 1, offset: 0 },
    ];
    for (const query of queries) {
      const expected = await inMemory(query);
      expect(await pg.userPage(query), JSON.stringify(query)).toEqual(expected);
    }
    // Not vacuous: users have tiers, investments and creation times, and the filters narrow the list.
    expect(everyone.total).toBeGreaterThan(10);
    expect(everyone.users.some((user) => user.investment_count !== '0')).toBe(true);
    expect((await pg.userPage({ createdAfter: median, limit: 500, offset: 0 })).total).toBeLessThan(everyone.total);
    expect((await pg.userPage({ id: sample.id, limit: 1, offset: 0 })).users).toEqual([sample]);
    // The files give the same page when both hold the same directory (no wallet entry quarantined).
    if ((await pg.wallets()).length === (await files.wallets()).length)
      for (const query of queries) expect(await pg.userPage(query), JSON.stringify(query)).toEqual(await files.userPage(query));
  });

  it('the users list falls back to memory, and stays exact, when a directory entry keeps its creation time in extra', async () => {
    const em = orm.em.fork();
    await em.begin();
    try {
      // A legacy spelling the timestamp codec does not store typed: it stays verbatim in `extra`.
      const [moved] = await em.execute<Array<{ identity_hash: string }>>(
        `UPDATE wallet_directory SET extra = extra || jsonb_build_object('createdAt', '2099-01-01 00:00:00'), created_at = NULL
          WHERE id = (SELECT id FROM wallet_directory w WHERE EXISTS (SELECT 1 FROM users u WHERE u.legacy_key = w.identity_hash) ORDER BY legacy_position LIMIT 1)
          RETURNING identity_hash`,
      );
      const pg = pgDataset(em);
      const page = await pg.userPage({ createdAfter: '2098-12-31', limit: 50, offset: 0 });
      expect(page.users.map((user) => [user.id, user.created_at])).toEqual([[moved.identity_hash, '2099-01-01 00:00:00']]);
    } finally {
      await em.rollback();
    }
  });

  it('a page of the wallet directory with the transaction counts of its identities', async () => {
    const { pg, files } = both();
    for (const [limit, offset] of [
      [50, 0],
      [7, 40],
      [10, 1_000_000],
    ]) {
      const fromFiles = await files.walletPage({ limit, offset });
      const fromPg = await pg.walletPage({ limit, offset });
      expect(fromPg.wallets).toEqual(fromFiles.wallets);
      expect(fromPg.total).toBe(fromFiles.total);
      for (const wallet of fromPg.wallets) {
        const identity = String(wallet.identityHash);
        expect(fromPg.counts.get(identity) ?? 0, identity).toBe(fromFiles.counts.get(identity) ?? 0);
      }
    }
    expect((await pg.walletPage({ limit: 50, offset: 0 })).counts.size).toBeGreaterThan(0);
  });

  it('wallets, counts and live stats', async () => {
    const { pg, files } = both();
    const wallets = await files.wallets();
    expect(await pg.wallets()).toEqual(wallets);
    const sample = wallets[7];
    expect(await pg.wallets({ address: String(sample.walletAddress).toLowerCase() })).toEqual([sample]);
    expect(await pg.wallets({ identityHash: String(sample.identityHash) })).toEqual([sample]);
    expect(await pg.walletCount()).toBe(await files.walletCount());
    expect(await pg.userCount()).toBe(await files.userCount());
    expect(await pg.liveStats()).toEqual(await files.liveStats());
    expect(await pg.transactionCounts()).toEqual(await files.transactionCounts());
    expect(await pg.investments()).toEqual(await files.investments());
  });

  it('transactions by type, identity and wallet, newest first, with summaries', async () => {
    const { pg, files } = both();
    const [newest] = await files.transactions({}, 1);
    for (const filter of [
      {},
      { types: ['consent_signature'] },
      { types: ['harvest_invest', 'egp_minted'] },
      { identityHash: String(newest.identityHash) },
      { walletAddress: String(newest.walletAddress) },
    ]) {
      expect(await pg.transactions(filter, 25)).toEqual(await files.transactions(filter, 25));
      expect(await pg.transactionSummary(filter, NOW)).toEqual(await files.transactionSummary(filter, NOW));
    }
    expect(await pg.consentSummary()).toEqual(await files.consentSummary());
    expect(await pg.poolFlows()).toEqual(await files.poolFlows());
    const since = new Date(NOW.getTime() - 30 * 86_400_000);
    const active = await files.activeIdentities(since);
    expect(active.size).toBeGreaterThan(0);
    expect(await pg.activeIdentities(since)).toEqual(active);
  });

  it('blocks newest first, the chain summary and the server log', async () => {
    const { pg, files } = both();
    for (const [offset, limit] of [
      [0, 20],
      [40, 10],
    ])
      expect(await pg.blocks(offset, limit)).toEqual(await files.blocks(offset, limit));
    expect(await pg.chainSummary()).toEqual(await files.chainSummary());
    expect(await pg.serverLogs(30)).toEqual(await files.serverLogs(30));
    expect(await pg.serverLogs(10, 'OTP')).toEqual(await files.serverLogs(10, 'OTP'));
  });
});
