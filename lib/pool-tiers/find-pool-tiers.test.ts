import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findPoolTiers } from './pool-tier.service';

let owner: MikroORM;
const inserted: string[] = [];
beforeAll(async () => {
  owner = await useTestOrm('owner');
});
// Other files import and verify admin-pool-tiers: a pool left behind would read as a mismatch there.
afterAll(async () => {
  await owner.em.fork().execute(`DELETE FROM pool_tiers WHERE legacy_key IN (?)`, [inserted]);
});

async function insertPool(minTier: number | null, extra: object) {
  const poolId = `pool-${randomUUID().slice(0, 8)}`;
  inserted.push(poolId);
  await owner.em
    .fork()
    .execute(`INSERT INTO pool_tiers (legacy_key, legacy_position, legacy_hash, min_tier, extra) VALUES (?, 900000, repeat('0', 64), ?, ?::jsonb)`, [
      poolId,
      minTier,
      JSON.stringify(extra),
    ]);
  return poolId;
}

describe('findPoolTiers', () => {
  it('gives the legacy value of a pool whose tier is not a whole number, and no made-up tier', async () => {
    const poolId = await insertPool(null, { $root: 2.5 });
    const pool = (await findPoolTiers(owner.em.fork())).find((row) => row.poolId === poolId);
    expect(pool).toMatchObject({ poolId, minTier: null, legacyValue: '2.5' });
  });

  it('gives the tier and no legacy value for a whole-number pool', async () => {
    const poolId = await insertPool(3, {});
    const pool = (await findPoolTiers(owner.em.fork())).find((row) => row.poolId === poolId);
    expect(pool).toMatchObject({ poolId, minTier: 3, legacyValue: null });
  });
});
