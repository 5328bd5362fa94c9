import { findAssetRecord } from '@/lib/assets/asset-editor.service';
import { storedFileResponse } from '@/lib/assets/asset-files';
import { isStoredUpload } from '@/lib/assets/stored-upload';
import { AppError } from '@/lib/errors';
import { isJsonObject } from '@/lib/legacy/canonical-json';
import { apiRoute } from '@/lib/route';

/** One of the asset's uploaded legal documents (by its place in `legalDocuments`), as a PDF download. */
export const GET = apiRoute<{ id: string; index: string }>({ permission: 'assets:read' }, async ({ em, params }) => {
  const asset = await findAssetRecord(em, { id: params.id });
  const documents = Array.isArray(asset?.record.legalDocuments) ? asset.record.legalDocuments : [];
  const document = /^\d{1,2}$/.test(params.index) ? documents[Number(params.index)] : undefined;
  if (!isJsonObject(document) || !isStoredUpload(document.url)) throw new AppError('NOT_FOUND', 'No such uploaded document for this asset.');
  return storedFileResponse(document.url, { download: typeof document.name === 'string' ? document.name : 'document.pdf' });
});
