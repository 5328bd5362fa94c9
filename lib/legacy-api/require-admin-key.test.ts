import { afterAll, describe, expect, it } from 'vitest';
import * as dashboardStatsRoute from '@/app/api/admin/dashboard-stats/route';
import * as explorerStatsRoute from '@/app/api/explorer/stats/route';
import { getOrm } from '@/lib/db';
import { flushAuthAttempts } from './auth-audit';
import { call } from './testing';

// Read before anything parses the environment: this file runs with the stricter setting.
process.env.LEGACY_API_REQUIRE_ADMIN_KEY = 'true';

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

describe('LEGACY_API_REQUIRE_ADMIN_KEY=true', () => {
  it('closes the admin routes the legacy server left open, but not the public ones', async () => {
    expect(await call(dashboardStatsRoute.GET, '/api/admin/dashboard-stats')).toMatchObject({ status: 401, body: { error: expect.any(String) } });
    expect((await call(explorerStatsRoute.GET, '/api/explorer/stats')).status).not.toBe(401);
  });
});
