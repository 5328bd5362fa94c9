import { apiRoute } from '@/lib/route';
import { AppError } from '@/lib/errors';
import { verifyDocumentLink } from '@/lib/kyc/document-links';
import { readDocumentForViewer } from '@/lib/kyc/kyc-documents.service';

export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A KYC document's bytes, only through a link signed for the signed-in reviewer (5 minutes, decision 048).
 * Every view or download is audited with the reviewer's reason before the response is sent.
 */
export const GET = apiRoute<{ id: string }>({ permission: 'kyc:review' }, async ({ request, params, em, actor, audit }) => {
  if (!actor || !audit) throw new AppError('UNAUTHORIZED', 'Sign in again.');
  if (!UUID.test(params.id)) throw new AppError('NOT_FOUND', 'No such document.');
  const search = request.nextUrl.searchParams;
  const claims = verifyDocumentLink(params.id.toLowerCase(), actor.id, {
    expires: search.get('expires'),
    disposition: search.get('disposition'),
    signature: search.get('signature'),
  });
  const document = await readDocumentForViewer(em, actor, claims, audit);
  const filename = encodeURIComponent(document.filename);
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      'Content-Type': document.mimeType,
      'Content-Length': String(document.bytes.length),
      'Content-Disposition': `${document.disposition}; filename*=UTF-8''${filename}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
  });
});
