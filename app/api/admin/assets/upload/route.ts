// POST /api/admin/assets/upload – the README's path for upload-document
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { uploadAssetDocument } from '@/lib/legacy-api/assets/asset-uploads';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const POST = legacyRoute(assetRoutes.upload, (context) => uploadAssetDocument(context, context.body));
export const OPTIONS = legacyPreflight(assetRoutes.upload);
