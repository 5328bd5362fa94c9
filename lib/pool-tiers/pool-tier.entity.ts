import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** The minimum investor tier of one pool (admin-pool-tiers.json, keyed by pool id). */
export const PoolTier = defineEntity({
  name: 'PoolTier',
  tableName: 'pool_tiers',
  properties: {
    ...legacyRecordProperties('pool_tiers', 'admin-pool-tiers'),
    minTier: p.integer().nullable(),
    poolId: p.text().generated('(legacy_key) stored').nullable(),
  },
});

export type PoolTierEntity = InferEntity<typeof PoolTier>;
