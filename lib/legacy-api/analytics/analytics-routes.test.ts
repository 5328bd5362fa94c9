import type { MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dashboardRoute from '@/app/api/analytics/dashboard/route';
import * as investmentsRoute from '@/app/api/analytics/investments/route';
import * as performanceRoute from '@/app/api/analytics/performance/route';
import * as usersRoute from '@/app/api/analytics/users/route';
import { refreshAggregates } from '@/lib/analytics/analytics.service';
import { getOrm } from '@/lib/db';
import { useTestOrm } from '@/lib/testing/test-orm';
import { DEVELOPMENT_ADMIN_KEY } from '../admin-key';
import { flushAuthAttempts } from '../auth-audit';
import { call, importLegacyFolder, legacyTestFolder } from '../testing';
import { analyticsRoutes } from './analytics.routes';

let orm: MikroORM;
const folder = legacyTestFolder(70);
process.env.LEGACY_DATA_DIR = folder.dir;
const ADMIN = { 'x-admin-key': DEVELOPMENT_ADMIN_KEY };

const ROUTES = [
  { spec: analyticsRoutes.dashboard, handler: dashboardRoute.GET },
  { spec: analyticsRoutes.users, handler: usersRoute.GET },
  { spec: analyticsRoutes.investments, handler: investmentsRoute.GET },
  { spec: analyticsRoutes.performance, handler: performanceRoute.GET },
];

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(orm.em.fork(), folder);
  await refreshAggregates(orm.em.fork());
});

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

async function one<Row>(text: string): Promise<Row> {
  const [row] = await orm.em.fork().execute<Row[]>(text);
  return row;
}

describe('legacy analytics routes (legacy-contract.md §2.10)', () => {
  it('every documented request answers 200 in its documented shape, from PostgreSQL', async () => {
    for (const { spec, handler } of ROUTES) {
      for (const example of spec.examples ?? []) {
        const response = await call(handler, example.path, { headers: ADMIN });
        expect(response.status, `${example.path}: ${JSON.stringify(response.body).slice(0, 200)}`).toBe(200);
        const parsed = (spec.response as z.ZodType).safeParse(response.body);
        expect(parsed.success, `${example.path}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true);
        expect(response.body.databaseConnected, example.path).toBe(true);
        expect(response.headers.get('x-data-source')).toBe('postgresql');
      }
    }
  });

  it('the dashboard’s figures are the aggregates’, which equal the base tables, with the refresh time as lastUpdated', async () => {
    const { body } = await call(dashboardRoute.GET, '/api/analytics/dashboard?from=2000-01-01&to=2035-12-31&granularity=month', { headers: ADMIN });
    const data = body.data as {
      tierDistribution: Array<{ tier: string; count: number }>;
      kycAnalytics: Array<{ status: string; count: number }>;
      revenueAnalytics: { totalAum: string; activeAssets: number };
      blockchainMetrics: { blocks: number; chainTransactions: number; logTransactions: number };
      userGrowth: Array<{ totalUsers: number }>;
      lastUpdated: string;
      databaseConnected: boolean;
    };
    const expected = await one<{ blocks: number; chain: number; log: number; aum: string; active: number; users: number }>(`
      SELECT (SELECT count(*)::int FROM chain_blocks WHERE mined_at IS NOT NULL) AS blocks,
             (SELECT count(*)::int FROM chain_transactions WHERE mined_at IS NOT NULL) AS chain,
             (SELECT count(*)::int FROM transaction_log WHERE occurred_at IS NOT NULL) AS log,
             (SELECT coalesce(sum(total_invested), 0)::text FROM assets) AS aum,
             (SELECT count(*)::int FROM assets WHERE status = 'active') AS active,
             (SELECT count(*)::int FROM user_directory WHERE in_registry AND registered_at IS NOT NULL) AS users`);
    expect(data.blockchainMetrics).toMatchObject({ blocks: expected.blocks, chainTransactions: expected.chain, logTransactions: expected.log });
    expect(expected.blocks + expected.log).toBeGreaterThan(0);
    expect(Number(data.revenueAnalytics.totalAum)).toBe(Number(expected.aum));
    expect(data.revenueAnalytics.activeAssets).toBe(expected.active);
    expect(data.userGrowth.at(-1)?.totalUsers).toBe(expected.users);
    const tiers = await orm.em
      .fork()
      .execute<Array<{ tier: string; count: number }>>(
        `SELECT coalesce(tier::text, 'none') AS tier, count(*)::int AS count FROM user_directory GROUP BY 1 ORDER BY 1`,
      );
    expect(data.tierDistribution).toEqual(tiers);
    const kyc = await one<{ n: number }>(`SELECT count(*)::int AS n FROM kyc_applications`);
    expect(data.kycAnalytics.reduce((sum, row) => sum + row.count, 0)).toBe(kyc.n);
    const refreshed = await one<{ at: Date }>(`SELECT min(refreshed_at) AS at FROM analytics_refreshes`);
    expect(Date.parse(data.lastUpdated)).toBeGreaterThanOrEqual(new Date(refreshed.at).getTime());
    expect(data.databaseConnected).toBe(true);
  });

  it('users, investments and performance answer from the same queries as the dashboard', async () => {
    const range = '?from=2000-01-01&to=2035-12-31&granularity=month';
    const dashboard = (await call(dashboardRoute.GET, `/api/analytics/dashboard${range}`, { headers: ADMIN })).body.data as Record<string, unknown>;
    const users = (await call(usersRoute.GET, `/api/analytics/users${range}`, { headers: ADMIN })).body.data as Record<string, unknown>;
    const investments = (await call(investmentsRoute.GET, `/api/analytics/investments${range}`, { headers: ADMIN })).body.data as Record<string, unknown>;
    const performance = (await call(performanceRoute.GET, `/api/analytics/performance${range}`, { headers: ADMIN })).body.data as {
      blockchainMetrics: unknown;
      transactionTypes: Array<{ source: string; transactions: number }>;
    };
    expect(users.userGrowth).toEqual(dashboard.userGrowth);
    expect(users.tierDistribution).toEqual(dashboard.tierDistribution);
    expect(investments.investmentTrends).toEqual(dashboard.investmentTrends);
    expect(investments.totalAum).toEqual((dashboard.revenueAnalytics as { totalAum: string }).totalAum);
    expect(performance.blockchainMetrics).toEqual(dashboard.blockchainMetrics);
    const metrics = dashboard.blockchainMetrics as { chainTransactions: number; logTransactions: number };
    const bySource = (source: string) => performance.transactionTypes.filter((row) => row.source === source).reduce((sum, row) => sum + row.transactions, 0);
    expect(bySource('chain')).toBe(metrics.chainTransactions);
    expect(bySource('log')).toBe(metrics.logTransactions);
  });

  it('refuses a caller without the admin key (401) and an invalid range (400)', async () => {
    expect((await call(dashboardRoute.GET, '/api/analytics/dashboard')).status).toBe(401);
    const backwards = await call(dashboardRoute.GET, '/api/analytics/dashboard?from=2025-02-01&to=2025-01-01', { headers: ADMIN });
    expect(backwards).toMatchObject({ status: 400, body: { error: expect.any(String) } });
    expect((await call(usersRoute.GET, '/api/analytics/users?granularity=hour', { headers: ADMIN })).status).toBe(400);
  });
});
