import { Readable } from 'node:stream';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/route';
import { buildUserDataPackage } from '@/lib/users/user-data-package';

export const dynamic = 'force-dynamic';

/**
 * POST { reason } (JSON): the person's GDPR data package as a zip (decision 072). JSON only: a cross-site
 * form cannot send it, so a page elsewhere cannot make a signed-in admin take someone's data out.
 */
export const POST = apiRoute<{ id: string }>({ permission: 'users:reveal-pii' }, async ({ request, params, em, actor, audit }) => {
  if (!request.headers.get('content-type')?.startsWith('application/json')) throw new AppError('VALIDATION', 'Send the reason as JSON.');
  const body = (await request.json().catch(() => null)) as { reason?: unknown } | null;
  const started = await buildUserDataPackage(em, { actor: actor!, audit: audit!, input: { identityId: params.id, reason: String(body?.reason ?? '') } });
  return new Response(Readable.toWeb(started.body) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${started.fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
