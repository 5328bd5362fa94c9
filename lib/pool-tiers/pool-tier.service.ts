import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import { makeLegacyRecord, writeLegacyRecords } from '@/lib/storage/write-legacy-records';
import type { SetPoolTierInput } from './pool-tier.schemas';

/**
 * `minTier` is null when the legacy value is not a whole number (the import keeps it in `extra`);
 * `legacyValue` is then that value as JSON text, so the screen can show what the file really says.
 */
export type PoolTierDto = { poolId: string; minTier: number | null; legacyValue: string | null; updatedAt: string };

export async function findPoolTiers(em: EntityManager): Promise<PoolTierDto[]> {
  const rows = await em.execute<Array<{ legacy_key: string; min_tier: number | null; legacy_value: string | null; updated_at: Date }>>(
    `SELECT legacy_key, min_tier, (extra -> '$root')::text AS legacy_value, updated_at FROM pool_tiers ORDER BY legacy_position`,
  );
  return rows.map((row) => ({
    poolId: row.legacy_key,
    minTier: row.min_tier,
    legacyValue: row.min_tier === null ? row.legacy_value : null,
    updatedAt: new Date(row.updated_at).toISOString(),
  }));
}

/** Changes a pool's minimum tier through the storage mode's write path (legacy file or PostgreSQL + mirror). */
export async function setPoolTier(em: EntityManager, input: SetPoolTierInput, context: AuditContext): Promise<void> {
  let found = false;
  await writeLegacyRecords(em, {
    source: 'admin-pool-tiers',
    context,
    mutate: (records) =>
      records.map((record) => {
        if (record.key !== input.poolId) return record;
        found = true;
        return makeLegacyRecord('admin-pool-tiers', input.minTier, record.position, record.key);
      }),
  });
  if (!found) throw new AppError('NOT_FOUND', `There is no pool "${input.poolId}".`);
}
