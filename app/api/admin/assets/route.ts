// GET /api/admin/assets – assets, filtered and paged; POST – create one from the wizard fields
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { listAssets } from '@/lib/legacy-api/assets/asset.service';
import { createAsset } from '@/lib/legacy-api/assets/asset-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(assetRoutes.list, ({ data, query }) => listAssets(data, query));
export const POST = legacyRoute(assetRoutes.create, (context) => createAsset(context, context.body));
export const OPTIONS = legacyPreflight(assetRoutes.list, assetRoutes.create);
