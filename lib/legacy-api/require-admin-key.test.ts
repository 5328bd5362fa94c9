import { afterAll, describe, expect, it } from 'vitest';
import * as dashboardStatsRoute from '@/app/api/admin/dashboard-stats/route';
import * as databaseTablesRoute from '@/app/api/admin/database/tables/route';
import * as explorerStatsRoute from '@/app/api/explorer/stats/route';
import * as logsRoute from '@/app/api/logs/route';
import { getOrm } from '@/lib/db';
import { flushAuthAttempts } from './auth-audit';
import { call } from './testing';

// Read before anything parses the environment: this file runs with the legacy (open) setting.
process.env.LEGACY_API_REQUIRE_ADMIN_KEY = 'false';

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

describe('LEGACY_API_REQUIRE_ADMIN_KEY=false', () => {
  it('reopens the dashboard routes the legacy server left open, but never the table list or the server log', async () => {
    expect((await call(dashboardStatsRoute.GET, '/api/admin/dashboard-stats')).status).toBe(200);
    expect(await call(databaseTablesRoute.GET, '/api/admin/database/tables')).toMatchObject({ status: 401, body: { error: expect.any(String) } });
    expect((await call(logsRoute.GET, '/api/logs')).status).toBe(401);
    expect((await call(explorerStatsRoute.GET, '/api/explorer/stats')).status).not.toBe(401);
  });
});
