// GET /api/health/ready – readiness: database reachable, migrations current, cache reachable (200 or 503)
import { NextResponse } from 'next/server';
import { cache } from '@/lib/cache';
import { checkReadiness } from '@/lib/health/check-readiness';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ public: true }, async ({ em }) => {
  const readiness = await checkReadiness(em, cache());
  return NextResponse.json({ status: readiness.ready ? 'ready' : 'not-ready', ...readiness }, { status: readiness.ready ? 200 : 503 });
});
