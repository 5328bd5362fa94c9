// GET /api/exports/audit-extract?format=pdf|csv[&verify=full]&<the audit grid's URL parameters> – the audit-trail extract: the grid's rows with the chain's verification and head hash printed on it
import { toPullStream } from '@/lib/exports/export-document';
import { startAuditExtract } from '@/lib/exports/audit-extract';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ permission: 'exports:create' }, async ({ request, em, actor, audit }) => {
  const started = await startAuditExtract(em, { actor: actor!, audit: audit!, params: request.nextUrl.searchParams });
  return new Response(toPullStream(started.body), {
    headers: {
      'Content-Type': started.contentType,
      'Content-Disposition': `attachment; filename="${started.fileName.replace(/^audit-/, 'audit-extract-')}"`,
      'Cache-Control': 'no-store',
      'X-Export-Job': started.job.id,
    },
  });
});
