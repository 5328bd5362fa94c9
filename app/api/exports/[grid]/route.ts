// GET /api/exports/{grid}?format=csv|xlsx|pdf|ndjson&<the grid's URL parameters> – the grid's matching rows as a file, recorded with its SHA-256; 202 with the queued job above the background threshold
import { NextResponse } from 'next/server';
import { toPullStream } from '@/lib/exports/export-document';
import { queueExportIfLarge } from '@/lib/exports/queue-export';
import { startExport } from '@/lib/exports/start-export';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ grid: string }>({ permission: 'exports:create' }, async ({ request, params, em, actor, audit }) => {
  const input = { actor: actor!, audit: audit!, gridId: params.grid, params: request.nextUrl.searchParams };
  const queued = await queueExportIfLarge(em, input);
  if (queued) {
    return NextResponse.json(
      {
        job: queued.id,
        state: queued.state,
        expectedRows: queued.expected_rows === null ? null : Number(queued.expected_rows),
        file: `/api/exports/jobs/${queued.id}/file`,
      },
      { status: 202, headers: { 'X-Export-Job': queued.id, 'Cache-Control': 'no-store' } },
    );
  }
  const started = await startExport(em, input);
  return new Response(toPullStream(started.body), {
    headers: {
      'Content-Type': started.contentType,
      'Content-Disposition': `attachment; filename="${started.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Export-Job': started.job.id,
    },
  });
});
