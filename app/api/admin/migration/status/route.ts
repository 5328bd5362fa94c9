// GET /api/admin/migration/status – per-source migration states and counts as JSON for monitoring: a session with migration:read, or X-Admin-Key
import { NextResponse, type NextRequest } from 'next/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { gateAdminKey } from '@/lib/legacy-api/admin-key-gate';
import { legacyServerMay } from '@/lib/legacy-api/legacy-server-credential';
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

// Monitors hold the legacy admin key, not a session: a valid key (rate-limited and audited like every
// key check) skips the session check, a wrong one is refused; without a key the session decides.
const withAdminKey = apiRoute({ public: true }, respond);
const withSession = apiRoute({ permission: 'migration:read' }, respond);

export async function GET(request: NextRequest, segment: { params: Promise<Record<string, string>> }): Promise<Response> {
  const gate = await gateAdminKey(request);
  if ('refused' in gate) return gate.refused;
  return gate.check === 'valid' && legacyServerMay('migration:read') ? withAdminKey(request, segment) : withSession(request, segment);
}
