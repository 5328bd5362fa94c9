// POST /api/admin/assets/upload-document – legal or business document (PDF)
import { assetRoutes } from '@/lib/legacy-api/assets/asset.routes';
import { uploadAssetDocument } from '@/lib/legacy-api/assets/asset-uploads';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const POST = legacyRoute(assetRoutes.uploadDocument, (context) => uploadAssetDocument(context, context.body));
export const OPTIONS = legacyPreflight(assetRoutes.uploadDocument);
