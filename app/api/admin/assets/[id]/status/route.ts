// PUT /api/admin/assets/:id/status – set the status (frontend or stored vocabulary)
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { setAssetStatus } from '@/lib/legacy-api/assets/asset-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const PUT = legacyRoute(assetRoutes.status, (context) => setAssetStatus(context, context.params.id, context.body.status));
export const OPTIONS = legacyPreflight(assetRoutes.status);
