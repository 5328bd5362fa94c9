import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { drainOutbox } from '@/lib/storage/storage-outbox';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { setPoolTier } from './pool-tier.service';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { setStorageModeForTest } from '@/lib/testing/storage-mode';

const context = { source: 'admin-ui' as const, actorLabel: 'pool-tier test' };
let orm: MikroORM;
let dir: string;

const setMode = (mode: StorageMode) => setStorageModeForTest(orm.em.fork(), mode);

async function tiers(): Promise<Map<string, number | null>> {
  const rows = await orm.em
    .fork()
    .execute<Array<{ legacy_key: string; min_tier: number | null }>>(`SELECT legacy_key, min_tier FROM pool_tiers ORDER BY legacy_position`);
  return new Map(rows.map((row) => [row.legacy_key, row.min_tier]));
}

beforeAll(async () => {
  orm = await useTestOrm();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-pool-tier-'));
  ({ dir } = generateLegacyFolder(root, 'small', 4));
  await runImport(await ownerEm(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc'),
    context,
    only: ['admin-pool-tiers'],
  });
  // pg-primary writes PostgreSQL and the outbox only, so no legacy folder is needed.
  await setMode('pg-primary');
});

// Leaves no pending outbox entry behind for other files (the cut-over gate counts them).
afterAll(async () => {
  await drainOutbox(orm.em.fork(), { sourceDir: dir });
  await setMode('json-primary');
});

describe('setPoolTier (the one rule for the screen and the legacy API)', () => {
  it("changes an existing pool's tier and returns the value it had", async () => {
    const [[poolId, before]] = [...(await tiers()).entries()];
    const next = before === 5 ? 0 : 5;
    expect(await setPoolTier(orm.em.fork(), { poolId, minTier: next }, context)).toEqual({ previousValue: before });
    expect((await tiers()).get(poolId)).toBe(next);
  });

  it('refuses a pool that does not exist instead of creating it', async () => {
    const before = await tiers();
    await expect(setPoolTier(orm.em.fork(), { poolId: 'no-such-pool', minTier: 1 }, context)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await tiers()).toEqual(before);
  });

  it('refuses a malformed pool id or a tier outside 0–5, whoever calls it', async () => {
    const [poolId] = (await tiers()).keys();
    await expect(setPoolTier(orm.em.fork(), { poolId: 'Gold Vault', minTier: 1 }, context)).rejects.toThrow(/pool/i);
    await expect(setPoolTier(orm.em.fork(), { poolId, minTier: 6 }, context)).rejects.toThrow(/tier/i);
    await expect(setPoolTier(orm.em.fork(), { poolId, minTier: 1.5 }, context)).rejects.toThrow(/tier/i);
  });

  it("joins the caller's transaction: when the caller's transaction fails, the change and its outbox entry are gone", async () => {
    const [[poolId, before]] = [...(await tiers()).entries()];
    const [{ count: outboxBefore }] = await orm.em.fork().execute<Array<{ count: string }>>(`SELECT count(*) AS count FROM storage_outbox`);
    await expect(
      orm.em.fork().transactional(async (tx) => {
        await setPoolTier(tx, { poolId, minTier: before === 5 ? 0 : 5 }, context);
        throw new Error('the action failed after the write');
      }),
    ).rejects.toThrow('the action failed after the write');
    expect((await tiers()).get(poolId)).toBe(before);
    const [{ count: outboxAfter }] = await orm.em.fork().execute<Array<{ count: string }>>(`SELECT count(*) AS count FROM storage_outbox`);
    expect(outboxAfter).toBe(outboxBefore);
  });
});
