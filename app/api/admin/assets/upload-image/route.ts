// POST /api/admin/assets/upload-image – asset image (JPG/PNG ≤ 5 MB), returns its thumbnailId
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { uploadAssetImage } from '@/lib/legacy-api/assets/asset-uploads';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const POST = legacyRoute(assetRoutes.uploadImage, (context) => uploadAssetImage(context, context.body));
export const OPTIONS = legacyPreflight(assetRoutes.uploadImage);
