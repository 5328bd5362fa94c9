import { defineLegacyRoute } from '../route-spec';
import { poolTierWriteBody, poolTiersBody, tierAnalyticsBody, tierChangeBody, updatePoolTierSchema, upgradeUserTierSchema, userTiersBody, userTiersQuerySchema } from './tier.schemas';

const TAG = 'Tiers';

export const tierRoutes = {
  poolTiers: defineLegacyRoute({
    method: 'GET',
    path: '/api/admin/pool-tiers',
    summary: 'Minimum identity tier per pool (admin-pool-tiers.json)',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    response: poolTiersBody,
    cacheSeconds: 5,
    examples: [{ path: '/api/admin/pool-tiers' }],
  }),
  setPoolTier: defineLegacyRoute({
    method: 'POST',
    path: '/api/admin/pool-tiers',
    summary: "Set a pool's minimum tier",
    tag: TAG,
    access: 'admin',
    kind: 'write',
    body: { type: 'json', schema: updatePoolTierSchema },
    response: poolTierWriteBody,
    examples: [{ path: '/api/admin/pool-tiers', body: { poolId: 'solar-farm-aswan', requiredTier: 2 } }],
  }),
  tierAnalytics: defineLegacyRoute({
    method: 'GET',
    path: '/api/admin/tier-analytics',
    summary: 'Users per identity tier',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    response: tierAnalyticsBody,
    cacheSeconds: 10,
    examples: [{ path: '/api/admin/tier-analytics' }],
  }),
  upgradeUserTier: defineLegacyRoute({
    method: 'POST',
    path: '/api/admin/upgrade-user-tier',
    summary: "Set a user's tier by phone number",
    tag: TAG,
    access: 'admin',
    kind: 'write',
    body: { type: 'json', schema: upgradeUserTierSchema },
    response: tierChangeBody,
  }),
  userTiers: defineLegacyRoute({
    method: 'GET',
    path: '/api/admin/user-tiers',
    summary: 'Users with their tier and verified actions',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    query: userTiersQuerySchema,
    response: userTiersBody,
    cacheSeconds: 10,
    examples: [{ path: '/api/admin/user-tiers' }, { path: '/api/admin/user-tiers?tier=3&limit=20' }],
  }),
};
