// GET /api/admin/assets/analytics – asset performance analytics (a static segment: never captured by [id])
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { getAssetAnalytics } from '@/lib/legacy-api/assets/asset.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(assetRoutes.analytics, ({ data }) => getAssetAnalytics(data));
export const OPTIONS = legacyPreflight(assetRoutes.analytics);
