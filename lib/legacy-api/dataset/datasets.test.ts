import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WholeSource } from './dataset';
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
  await runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context: { source: 'cli', actorLabel: 'vitest' } });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const both = () => ({ pg: pgDataset(orm.em.fork()), files: fileDataset(dir) });

describe('the PostgreSQL and legacy-file datasets give the same answers for the same data', () => {
  it.each<WholeSource>(['admin-opportunities', 'admin-pool-tiers', 'kyc-metadata', 'identity-map', 'wallet-db'])('%s: every record, in file order', async (source) => {
    const { pg, files } = both();
    const fromPg = await pg.records(source);
    expect(fromPg.length).toBeGreaterThan(0);
    expect(fromPg.map(({ key, value }) => ({ key, value }))).toEqual((await files.records(source)).map(({ key, value }) => ({ key, value })));
    const sample = fromPg[Math.floor(fromPg.length / 2)];
    expect((await pg.record(source, sample.key))?.value).toEqual((await files.record(source, sample.key))?.value);
    expect(await pg.record(source, 'no-such-key')).toBeNull();
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
    for (const filter of [{}, { types: ['consent_signature'] }, { types: ['harvest_invest', 'egp_minted'] }, { identityHash: String(newest.identityHash) }, { walletAddress: String(newest.walletAddress) }]) {
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
    for (const [offset, limit] of [[0, 20], [40, 10]]) expect(await pg.blocks(offset, limit)).toEqual(await files.blocks(offset, limit));
    expect(await pg.chainSummary()).toEqual(await files.chainSummary());
    expect(await pg.serverLogs(30)).toEqual(await files.serverLogs(30));
    expect(await pg.serverLogs(10, 'OTP')).toEqual(await files.serverLogs(10, 'OTP'));
  });
});
