import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { fullChainHistorySource, LEGACY_SOURCES } from '@/lib/legacy/sources';
import { SOURCE_MAPPINGS } from './mappings';
import { withPgClient } from './pg-client';
import { loadLegacySource } from './read-legacy-source';
import { IMPORT_REFUSED_IN_PG_PRIMARY, runImport, type ImportRunResult } from './run-import';
import { toVerifyResult, verifySource } from './verify-source';
import { VerifyThread } from './verify-thread';

const context = { source: 'cli' as const, actorLabel: 'vitest' };
let orm: MikroORM;
let root: string;

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-import-'));
});

async function run(sourceDir: string, { verifyInWorker = false } = {}): Promise<ImportRunResult> {
  return runImport(await ownerEm(), { sourceDir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc-storage'), context, verifyInWorker });
}

const mappedStates = (result: ImportRunResult) =>
  Object.fromEntries(result.sources.filter((report) => SOURCE_MAPPINGS[report.source]).map((report) => [report.source, report.state]));

async function tableSnapshot(table: string): Promise<string> {
  const rows = await orm.em.fork().execute(`SELECT * FROM ${table} ORDER BY legacy_key`);
  return JSON.stringify(rows);
}

describe('runImport', () => {
  it('validates every mapped source of legacy-gen small, with equal root hashes', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 1);
    const result = await run(dir);
    for (const report of result.sources.filter((entry) => SOURCE_MAPPINGS[entry.source])) {
      expect(report, report.source).toMatchObject({ state: 'validated', mismatched: 0 });
      expect(report.dbRootHash).toBe(report.rootHash);
    }
  });

  it('records a run whose backup cannot be written as failed, with why, and imports nothing', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 41);
    const notAFolder = path.join(root, 'backups-is-a-file');
    writeFileSync(notAFolder, 'x');
    const before = await tableSnapshot('server_logs');
    const failing = runImport(await ownerEm(), {
      sourceDir: dir,
      backupDir: path.join(notAFolder, 'inside'),
      storageDir: path.join(root, 'kyc-storage'),
      context,
    });
    await expect(failing).rejects.toThrow();
    const [latest] = await orm.em
      .fork()
      .execute(`SELECT state, error, finished_at IS NOT NULL AS finished FROM migration_runs WHERE kind = 'import' ORDER BY started_at DESC LIMIT 1`);
    expect(latest).toMatchObject({ state: 'error', finished: true });
    expect(latest.error).toMatch(/ENOTDIR|not a directory/i);
    expect(await tableSnapshot('server_logs')).toBe(before);
  });

  it('refuses to import in pg-primary, where PostgreSQL is the truth, writing nothing and recording no run', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 42);
    const runs = async () => (await orm.em.fork().execute(`SELECT count(*)::int AS n FROM migration_runs`))[0].n as number;
    const before = { runs: await runs(), logs: await tableSnapshot('server_logs') };
    await orm.em.fork().execute(
      `INSERT INTO app_settings (key, value) VALUES ('storage_mode', to_jsonb('pg-primary'::text))
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    );
    try {
      await expect(run(dir)).rejects.toMatchObject({ code: 'CONFLICT', message: IMPORT_REFUSED_IN_PG_PRIMARY });
    } finally {
      await orm.em.fork().execute(`UPDATE app_settings SET value = to_jsonb('json-primary'::text) WHERE key = 'storage_mode'`);
    }
    expect(await runs()).toBe(before.runs);
    expect(await tableSnapshot('server_logs')).toBe(before.logs);
  });

  it('reports sources in their usual order although it imports the largest files first', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 7);
    const result = await run(dir);
    expect(result.sources.map((report) => report.source)).toEqual(LEGACY_SOURCES.map((source) => source.id));
  });

  it('changes nothing when run again on the same folder', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 2);
    await run(dir);
    const before = await Promise.all(Object.values(SOURCE_MAPPINGS).map((mapping) => tableSnapshot(mapping!.table)));
    const again = await run(dir);
    expect(Object.values(mappedStates(again)).every((state) => state === 'validated')).toBe(true);
    const after = await Promise.all(Object.values(SOURCE_MAPPINGS).map((mapping) => tableSnapshot(mapping!.table)));
    expect(after).toEqual(before);
  });

  it('names the source, key, field and both values of a corrupted row', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 3);
    const first = await run(dir);
    const owner = await useTestOrm('owner');
    await owner.em.fork().execute(`UPDATE chain_blocks SET gas_used = gas_used + 1 WHERE legacy_key = '7'`);
    const legacy = await loadLegacySource(dir, fullChainHistorySource);
    const result = await withPgClient(orm.em.fork(), (client) =>
      verifySource(client, { mapping: SOURCE_MAPPINGS['full-chain-history']!, records: legacy.records }),
    );
    const block7 = legacy.records.find((record) => record.key === '7')!.value as { gasUsed: number };
    expect(result.mismatches).toEqual([{ key: '7', differences: [{ field: 'gasUsed', legacyValue: block7.gasUsed, dbValue: block7.gasUsed + 1 }] }]);
    expect(result.dbRootHash).not.toBe(first.sources.find((report) => report.source === 'full-chain-history')!.rootHash);
  });

  it('validates in a worker thread with the same root hashes as in-thread', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 5);
    const inThread = await run(dir);
    const inWorker = await run(dir, { verifyInWorker: true });
    expect(inWorker.state).toBe('validated');
    expect(inWorker.sources.map(({ source, state, dbRootHash }) => ({ source, state, dbRootHash }))).toEqual(
      inThread.sources.map(({ source, state, dbRootHash }) => ({ source, state, dbRootHash })),
    );
  });

  it('finds a corrupted row from a worker thread with the same field-level diff as in-thread', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 6);
    await run(dir);
    const owner = await useTestOrm('owner');
    await owner.em.fork().execute(`UPDATE chain_blocks SET gas_used = gas_used + 1 WHERE legacy_key = '9'`);
    const mapping = SOURCE_MAPPINGS['full-chain-history']!;
    const { records } = await loadLegacySource(dir, fullChainHistorySource);
    await withPgClient(orm.em.fork(), async (client) => {
      const thread = await VerifyThread.start(client);
      try {
        const fromWorker = toVerifyResult(await thread.compare(mapping, records), records);
        const inThread = await verifySource(client, { mapping, records });
        expect(fromWorker.mismatches).toEqual([{ key: '9', differences: [expect.objectContaining({ field: 'gasUsed' })] }]);
        expect(fromWorker).toEqual(inThread);
      } finally {
        await thread.close();
      }
    });
  });

  it('refuses work once the verification thread has stopped, instead of waiting for an answer', async () => {
    await withPgClient(orm.em.fork(), async (client) => {
      const thread = await VerifyThread.start(client);
      await thread.close();
      await expect(thread.compare(SOURCE_MAPPINGS['live-stats']!, [])).rejects.toThrow('the verification thread stopped');
    });
  });

  it('reports a truncated source as an error, leaves its table as it was and imports the others', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 4);
    await run(dir);
    const blocksBefore = await tableSnapshot('chain_blocks');
    const file = path.join(dir, 'explorer-data', 'full-chain-history.json');
    writeFileSync(file, readFileSync(file).subarray(0, 5_000));
    const result = await run(dir);
    const blocks = result.sources.find((report) => report.source === 'full-chain-history')!;
    expect(blocks.state).toBe('error');
    expect(blocks.error).toMatch(/^explorer-data\/full-chain-history\.json: /);
    expect(result.sources.find((report) => report.source === 'wallet-db')!.state).toBe('validated');
    expect(result.state).toBe('error');
    expect(await tableSnapshot('chain_blocks')).toBe(blocksBefore);
  });
});
