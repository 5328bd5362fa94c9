// GET /api/admin/assets/:id – one asset; PUT – change fields; DELETE – remove it
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { getAsset } from '@/lib/legacy-api/assets/asset.service';
import { deleteAsset, updateAsset } from '@/lib/legacy-api/assets/asset-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(assetRoutes.get, ({ data, params }) => getAsset(data, params.id));
export const PUT = legacyRoute(assetRoutes.update, (context) => updateAsset(context, context.params.id, context.body));
export const DELETE = legacyRoute(assetRoutes.remove, (context) => deleteAsset(context, context.params.id));
export const OPTIONS = legacyPreflight(assetRoutes.get, assetRoutes.update, assetRoutes.remove);
