// POST /api/admin/assets/create – create an asset (the README's path for POST /api/admin/assets)
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { createAsset } from '@/lib/legacy-api/assets/asset-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const POST = legacyRoute(assetRoutes.createAlias, (context) => createAsset(context, context.body));
export const OPTIONS = legacyPreflight(assetRoutes.createAlias);
