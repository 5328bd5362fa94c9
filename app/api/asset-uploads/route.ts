import { NextResponse } from 'next/server';
import { MAX_DOCUMENT_BYTES, uploadAssetDocument, uploadAssetImage } from '@/lib/assets/asset-uploads';
import { AppError } from '@/lib/errors';
import { LegacyApiError } from '@/lib/legacy-api/legacy-api-error';
import { readBodyCapped } from '@/lib/legacy-api/uploads';
import { apiRoute } from '@/lib/route';

// Multipart framing on top of the largest file allowed.
const MAX_BODY_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024;

/**
 * The asset wizard's uploads (`kind` = image or document): the body is refused while it streams past
 * 20 MB, then the file is checked by its content and stored (images re-encoded) under the legacy data
 * folder, audited. A route handler, not a server action, so the size cap is ours and not the action body limit.
 */
export const POST = apiRoute({ permission: 'assets:write' }, async ({ request, em, audit }) => {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) throw new AppError('VALIDATION', 'Send the file as multipart/form-data.');
  let raw: Buffer;
  try {
    raw = await readBodyCapped(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof LegacyApiError) throw new AppError('VALIDATION', 'The file is larger than 20 MB.');
    throw error;
  }
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw new AppError('VALIDATION', 'The upload could not be read; try again.');
  });
  const file = form.get('file');
  if (!(file instanceof File)) throw new AppError('VALIDATION', 'No file was chosen.');
  const upload = { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) };
  const context = { em, audit: audit! };
  const kind = form.get('kind');
  if (kind === 'image') return NextResponse.json(await uploadAssetImage(context, upload));
  if (kind === 'document') return NextResponse.json(await uploadAssetDocument(context, upload));
  throw new AppError('VALIDATION', 'Say whether the file is an image or a document.');
});
