import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { checkDrift } from '@/lib/migration/check-drift';
import { runImport } from '@/lib/migration/run-import';
import { getStorageMode } from '@/lib/settings/storage-mode';
import { drainOutbox } from '@/lib/storage/storage-outbox';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { evaluateCutoverGate } from './cutover-gate';
import { cutOver, rehearseRollback, rollBackToJson, verifyLatestBackup } from './cutover.service';

const context = { source: 'admin-ui' as const, actorLabel: 'vitest' };
let orm: MikroORM;
let dir: string;
let root: string;

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-cutover-'));
  ({ dir } = generateLegacyFolder(root, 'small', 9));
  await runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });
  // The rollback gate needs an empty outbox: whatever another file left pending is mirrored (from the rows just imported) first.
  await drainOutbox(orm.em.fork(), { sourceDir: dir });
});
afterAll(() => orm.em.fork().execute(`UPDATE app_settings SET value = '"json-primary"' WHERE key = 'storage_mode'`));

const gate = () => evaluateCutoverGate(orm.em.fork(), { quietSeconds: 0 });
const attempt = (fn: typeof cutOver) => orm.em.fork().transactional((tx) => fn(tx, { reason: 'scheduled cut-over window', quietSeconds: 0, context }));

describe('cut-over gate', () => {
  it('stays closed, and refuses the cut-over, until every item passes', async () => {
    const before = await gate();
    expect(before.cutover.open).toBe(false);
    expect(before.cutover.items.find((item) => item.id === 'validated')!.ok).toBe(true);
    expect(before.cutover.items.filter((item) => !item.ok).map((item) => item.id)).toEqual(expect.arrayContaining(['drift', 'backup', 'rehearsal']));
    await expect(attempt(cutOver)).rejects.toThrowError(AppError);
    expect(await getStorageMode(orm.em.fork())).toBe('json-primary');

    await checkDrift(orm.em.fork(), { sourceDir: dir });
    expect((await verifyLatestBackup(orm.em.fork(), context)).ok).toBe(true);
    expect(await rehearseRollback(orm.em.fork(), { storageDir: path.join(root, 'kyc'), context })).toEqual({ ok: true, differing: [] });
    const ready = await gate();
    expect(ready.cutover.items.filter((item) => !item.ok)).toEqual([]);
    expect(ready.cutover.open).toBe(true);
  });

  it('switches to pg-primary with an audited reason, and back to JSON through its own gate', async () => {
    await attempt(cutOver);
    expect(await getStorageMode(orm.em.fork())).toBe('pg-primary');
    const [audit] = await orm.em
      .fork()
      .execute<Array<{ new_values: { reason: string; mode: string } }>>(
        `SELECT new_values FROM audit_trail WHERE action = 'CUTOVER' ORDER BY seq DESC LIMIT 1`,
      );
    expect(audit.new_values).toEqual({ mode: 'pg-primary', reason: 'scheduled cut-over window' });
    expect((await gate()).rollback.open).toBe(true);
    await attempt(rollBackToJson);
    expect(await getStorageMode(orm.em.fork())).toBe('json-primary');
  });
});
