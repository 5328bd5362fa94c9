import { randomBytes } from 'node:crypto';
import type { LegacyContext } from '../legacy-route';
import { FILE_KINDS } from '../route-spec';
import { storeUpload } from '../stored-file';
import type { MultipartInput } from '../uploads';

type UploadContext = Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller'>;

const uniqueName = (prefix: string) => `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;

/** An asset image (JPG/PNG ≤ 5 MB); the id is what the wizard stores as `thumbnailId`. */
export async function uploadAssetImage(context: UploadContext, { file }: MultipartInput<unknown>) {
  const thumbnailId = uniqueName('img');
  const { mimeType, extension } = FILE_KINDS[file.kind];
  const stored = await storeUpload(context, { folder: 'uploads/assets', fileName: `${thumbnailId}.${extension}`, file, action: 'ASSET_IMAGE_UPLOADED' });
  return { success: true as const, thumbnailId, imageUrl: stored.relativePath, originalName: file.originalName, mimeType, size: file.size };
}

/** A legal or business document (PDF); `url` is what the wizard stores as `legalDocURL` / `businessDocURL`. */
export async function uploadAssetDocument(context: UploadContext, { file }: MultipartInput<unknown>) {
  const documentId = uniqueName('doc');
  const stored = await storeUpload(context, { folder: 'uploads/documents', fileName: `${documentId}.pdf`, file, action: 'ASSET_DOC_UPLOADED' });
  return {
    success: true as const,
    documentId,
    url: stored.relativePath,
    legalDocument: { name: file.originalName, type: FILE_KINDS.pdf.mimeType, size: file.size, url: stored.relativePath },
  };
}
