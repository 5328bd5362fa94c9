import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as migrationStatusRoute from '@/app/api/admin/migration/status/route';
import { getOrm } from '@/lib/db';
import { useTestOrm } from '@/lib/testing/test-orm';
import { DEVELOPMENT_ADMIN_KEY } from './admin-key';
import { flushAuthAttempts } from './auth-audit';
import { LEGACY_SERVER_PERMISSIONS, legacyRoutePermission, legacyServerMay } from './legacy-server-credential';
import { LEGACY_ROUTES } from './route-catalog';
import { call } from './testing';

// No session: only the key can open the route here.
vi.mock('@/lib/auth/next-auth', () => ({ auth: () => Promise.resolve(null) }));
// Read before anything parses the environment: a budget a test can exhaust.
process.env.RATE_LIMIT_MAX = '5';
let orm: MikroORM;
// The route's segment has no parameters; `call` types the legacy routes' string-array ones too.
const statusRoute = migrationStatusRoute.GET as unknown as Parameters<typeof call>[0];

beforeAll(async () => {
  orm = await useTestOrm();
});

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

describe('X-Admin-Key as the legacy server’s scoped credential', () => {
  it('grants every permission a legacy route needs, and nothing that needs a person', () => {
    for (const spec of LEGACY_ROUTES.filter((route) => route.access !== 'public')) {
      expect(legacyServerMay(legacyRoutePermission(spec)), `${spec.method} ${spec.path}`).toBe(true);
    }
    for (const personal of ['audit:verify', 'admin-users:manage', 'exports:create', 'migration:run'] as const) {
      expect(LEGACY_SERVER_PERMISSIONS).not.toContain(personal);
    }
  });

  it('a route group the matrix does not know needs a permission the key never has', () => {
    expect(legacyServerMay(legacyRoutePermission({ tag: 'Something new', kind: 'read' }))).toBe(false);
  });
});

describe('GET /api/admin/migration/status with X-Admin-Key', () => {
  async function statusAudit(action: string) {
    await flushAuthAttempts();
    return orm.em
      .fork()
      .execute<Array<{ actor_label: string; ip_address: string }>>(
        `SELECT actor_label, host(ip_address) AS ip_address FROM audit_trail WHERE action = ? AND record_id = 'GET /api/admin/migration/status' ORDER BY seq`,
        [action],
      );
  }

  it('answers the right key and audits it as the legacy server', async () => {
    const response = await call(statusRoute, '/api/admin/migration/status', {
      headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY, 'x-forwarded-for': '203.0.113.10' },
    });
    expect(response.status).toBe(200);
    expect(await statusAudit('ADMIN_ACCESS')).toContainEqual({ actor_label: 'legacy server', ip_address: '203.0.113.10' });
  });

  it('refuses a wrong key with 401, audits it, and rate-limits the guesses (429)', async () => {
    const guess = () => call(statusRoute, '/api/admin/migration/status', { headers: { 'x-admin-key': 'guess', 'x-forwarded-for': '203.0.113.11' } });
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await guess()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await statusAudit('ADMIN_AUTH_FAILED')).filter((row) => row.ip_address === '203.0.113.11')).toHaveLength(5);
  });
});
