import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** The explorer's headline figures (live-stats.json). */
export const LiveStats = defineEntity({
  name: 'LiveStats',
  tableName: 'live_stats',
  properties: {
    ...legacyRecordProperties('live_stats', 'live-stats'),
    blockHeight: p.bigint('number').nullable(),
    totalWallets: p.integer().nullable(),
    poolTvl: p.decimal('string').nullable(),
    nav: p.decimal('string').nullable(),
    activeInvestors: p.integer().nullable(),
    lastUpdatedAt: p.datetime().nullable(),
  },
});

export type LiveStatsEntity = InferEntity<typeof LiveStats>;
