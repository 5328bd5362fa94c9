// GET /api/exports/jobs/{id}/file – a background or scheduled export's kept file, for its requester (or an auditor), audited as EXPORT_DOWNLOADED
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { openExportFile } from '@/lib/exports/open-export-file';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>({ permission: 'exports:create' }, async ({ params, em, actor, audit }) => {
  if (!z.uuid().safeParse(params.id).success) throw new AppError('NOT_FOUND', 'There is no such export.');
  const file = await openExportFile(em, { actor: actor!, audit: audit!, id: params.id });
  return new Response(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Content-Length': String(file.sizeBytes),
      'Cache-Control': 'no-store',
      'X-Export-Sha256': file.sha256,
    },
  });
});
