import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import { makeLegacyRecord, writeLegacyRecords } from '@/lib/storage/write-legacy-records';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { setPoolTierSchema, type SetPoolTierInput } from './pool-tier.schemas';

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

/**
 * The one way to change a pool's minimum tier, for the Pool tiers screen and the legacy API alike:
 * the input must pass `setPoolTierSchema` (a well-formed pool id, a whole tier 0–5) and the pool must
 * already exist (a typo never creates a pool the platform does not have). The write follows the
 * storage mode (legacy file, or PostgreSQL + outbox). Returns the pool's value before the change.
 */
export async function setPoolTier(em: EntityManager, input: SetPoolTierInput, context: AuditContext): Promise<{ previousValue: JsonValue }> {
  const { poolId, minTier } = setPoolTierSchema.parse(input);
  let previous: LegacyRecord | undefined;
  await writeLegacyRecords(em, {
    source: 'admin-pool-tiers',
    context,
    mutate: (records) => {
      previous = records.find((record) => record.key === poolId);
      if (!previous) throw new AppError('NOT_FOUND', `There is no pool "${poolId}".`);
      return records.map((record) => (record === previous ? makeLegacyRecord('admin-pool-tiers', minTier, record.position, record.key) : record));
    },
  });
  return { previousValue: previous!.value };
}
