// GET /api/admin/pool-tiers – minimum tier per pool; POST – set one pool's minimum tier
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { tierRoutes } from '@/lib/legacy-api/tiers/tier.routes';
import { getPoolTiers, setPoolTier } from '@/lib/legacy-api/tiers/tier.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(tierRoutes.poolTiers, ({ data }) => getPoolTiers(data));
export const POST = legacyRoute(tierRoutes.setPoolTier, (context) => setPoolTier(context, context.body.poolId, context.body.requiredTier));
export const OPTIONS = legacyPreflight(tierRoutes.poolTiers, tierRoutes.setPoolTier);
