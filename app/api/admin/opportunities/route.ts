// GET /api/admin/opportunities – every opportunity (admin list)
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { listOpportunities } from '@/lib/legacy-api/assets/asset.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(assetRoutes.opportunities, ({ data }) => listOpportunities(data));
export const OPTIONS = legacyPreflight(assetRoutes.opportunities);
