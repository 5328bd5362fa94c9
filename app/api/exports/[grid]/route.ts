// GET /api/exports/{grid}?format=csv|xlsx|pdf|ndjson&<the grid's URL parameters> – the grid's matching rows as a file, recorded with its SHA-256
import { toPullStream } from '@/lib/exports/export-document';
import { startExport } from '@/lib/exports/start-export';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ grid: string }>({ permission: 'exports:create' }, async ({ request, params, em, actor, audit }) => {
  const started = await startExport(em, { actor: actor!, audit: audit!, gridId: params.grid, params: request.nextUrl.searchParams });
  return new Response(toPullStream(started.body), {
    headers: {
      'Content-Type': started.contentType,
      'Content-Disposition': `attachment; filename="${started.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Export-Job': started.job.id,
    },
  });
});
