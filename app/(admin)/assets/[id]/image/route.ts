import { findAssetRecord } from '@/lib/assets/asset-editor.service';
import { storedFileResponse } from '@/lib/assets/asset-files';
import { isStoredUpload } from '@/lib/assets/stored-upload';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/route';

/**
 * The asset's image; with `?size=thumbnail` its 480×320 WebP thumbnail (the upload's, or one made from a
 * legacy image), with `?size=icon` a 96 px one for the grid.
 */
export const GET = apiRoute<{ id: string }>({ permission: 'assets:read' }, async ({ em, params, request }) => {
  const asset = await findAssetRecord(em, { id: params.id });
  if (!asset) throw new AppError('NOT_FOUND', 'Asset not found.');
  const { image, thumbnailId } = asset.record;
  const thumbnail = typeof thumbnailId === 'string' ? `uploads/assets/${thumbnailId}_thumb.webp` : null;
  const size = request.nextUrl.searchParams.get('size');
  if (size === 'thumbnail' && isStoredUpload(thumbnail)) return storedFileResponse(thumbnail);
  if (size === 'icon' && isStoredUpload(thumbnail)) return storedFileResponse(thumbnail, { resize: 'icon' });
  if (!isStoredUpload(image)) throw new AppError('NOT_FOUND', 'This asset has no uploaded image.');
  return storedFileResponse(image, { resize: size === 'icon' || size === 'thumbnail' ? size : undefined });
});
