// PUT /api/admin/assets/:id/approve – mark an asset approved
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { approveAsset } from '@/lib/legacy-api/assets/asset-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const PUT = legacyRoute(assetRoutes.approve, (context) => approveAsset(context, context.params.id));
export const OPTIONS = legacyPreflight(assetRoutes.approve);
