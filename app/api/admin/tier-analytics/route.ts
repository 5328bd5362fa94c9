// GET /api/admin/tier-analytics – users per identity tier
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { tierRoutes } from '@/lib/legacy-api/tiers/tier.routes';
import { getTierAnalytics } from '@/lib/legacy-api/tiers/tier.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(tierRoutes.tierAnalytics, ({ data }) => getTierAnalytics(data));
export const OPTIONS = legacyPreflight(tierRoutes.tierAnalytics);
