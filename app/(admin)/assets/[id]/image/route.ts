import { findAssetRecord } from '@/lib/assets/asset-editor.service';
import { isStoredUpload, storedFileResponse } from '@/lib/assets/asset-files';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/route';

/** The asset's uploaded image, or with `?size=thumbnail` its WebP thumbnail. */
export const GET = apiRoute<{ id: string }>({ permission: 'assets:read' }, async ({ em, params, request }) => {
  const asset = await findAssetRecord(em, { id: params.id });
  if (!asset) throw new AppError('NOT_FOUND', 'Asset not found.');
  const { image, thumbnailId } = asset.record;
  const thumbnail = typeof thumbnailId === 'string' ? `uploads/assets/${thumbnailId}_thumb.webp` : null;
  const wantsThumbnail = request.nextUrl.searchParams.get('size') === 'thumbnail';
  const file = wantsThumbnail && isStoredUpload(thumbnail) ? thumbnail : image;
  if (!isStoredUpload(file)) throw new AppError('NOT_FOUND', 'This asset has no uploaded image.');
  return storedFileResponse(file);
});
