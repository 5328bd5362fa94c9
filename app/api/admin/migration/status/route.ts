// GET /api/admin/migration/status – per-source migration states and counts as JSON for monitoring: a session with migration:read, or X-Admin-Key
import { NextResponse, type NextRequest } from 'next/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkAdminKey } from '@/lib/legacy-api/admin-key';
import { toMigrationSourceDtos, toMigrationStatusDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { findSourceStates } from '@/lib/migration-dashboard/migration-dashboard.repository';
import { isMigrationRunInProgress } from '@/lib/migration/run-lock';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

async function respond({ em }: { em: EntityManager }): Promise<Response> {
  const states = await findSourceStates(em);
  const running = await isMigrationRunInProgress(em);
  return NextResponse.json(toMigrationStatusDto(toMigrationSourceDtos(states), running), { headers: { 'Cache-Control': 'no-store' } });
}

// Monitors hold the legacy admin key, not a session: a valid key skips the session check; anything
// else (no key, a wrong key) falls through to it and gets its 401/403.
const withAdminKey = apiRoute({ public: true }, respond);
const withSession = apiRoute({ permission: 'migration:read' }, respond);

export function GET(request: NextRequest, segment: { params: Promise<Record<string, string>> }): Promise<Response> {
  return checkAdminKey(request.headers) === 'valid' ? withAdminKey(request, segment) : withSession(request, segment);
}
