// PUT /api/admin/assets/:id/publish – publish an asset
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { publishAsset } from '@/lib/legacy-api/assets/asset-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const PUT = legacyRoute(assetRoutes.publish, (context) => publishAsset(context, context.params.id));
export const OPTIONS = legacyPreflight(assetRoutes.publish);
