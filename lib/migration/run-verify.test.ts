import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { runImport } from './run-import';
import { runVerify } from './run-verify';

const context = { source: 'cli' as const, actorLabel: 'vitest' };
let orm: MikroORM;
let owner: MikroORM;
let root: string;

beforeAll(async () => {
  orm = await useTestOrm();
  owner = await useTestOrm('owner');
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-verify-'));
});

describe('runVerify', () => {
  it('finds one corrupted row the same way in a worker thread and in-thread, and validates the rest', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 8);
    await runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });
    await owner.em.fork().execute(`UPDATE chain_blocks SET gas_limit = gas_limit - 1 WHERE legacy_key = '3'`);

    const inWorker = await runVerify(orm.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context, verifyInWorker: true });
    const inThread = await runVerify(orm.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context });

    const summary = (result: typeof inWorker) => result.sources.map(({ source, state, mismatched, dbRootHash }) => ({ source, state, mismatched, dbRootHash }));
    expect(summary(inWorker)).toEqual(summary(inThread));
    expect(inWorker.state).toBe('mismatched');
    expect(inWorker.sources.filter((report) => report.state !== 'validated')).toEqual([
      expect.objectContaining({ source: 'full-chain-history', state: 'mismatched', mismatched: 1 }),
    ]);
    const rows = await owner.em
      .fork()
      .execute<Array<{ legacy_key: string; field: string }>>(`SELECT legacy_key, field FROM migration_mismatches WHERE run_id = ?`, [inWorker.runId]);
    expect(rows).toEqual([{ legacy_key: '3', field: 'gasLimit' }]);
  });
});
