// GET /api/admin/explore/opportunities – live opportunities for the wallet UI (public)
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { listLiveOpportunities } from '@/lib/legacy-api/assets/asset.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(assetRoutes.exploreOpportunities, ({ data }) => listLiveOpportunities(data));
export const OPTIONS = legacyPreflight(assetRoutes.exploreOpportunities);
