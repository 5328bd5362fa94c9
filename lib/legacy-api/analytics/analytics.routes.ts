import { defineLegacyRoute } from '../route-spec';
import { analyticsDashboardBody, analyticsInvestmentsBody, analyticsPerformanceBody, analyticsQuerySchema, analyticsUsersBody } from './analytics.schemas';

const TAG = 'Analytics';
// The aggregates change every 5 minutes at most; a short reuse spares the repeated reads of a busy dashboard.
const CACHE_SECONDS = 10;

// Admin routes the legacy dashboard called without the key, like the admin dashboard's (admin-open): aggregate counts, no personal data.
const read = (path: string, summary: string, response: Parameters<typeof defineLegacyRoute>[0]['response']) =>
  defineLegacyRoute({
    method: 'GET',
    path,
    summary,
    tag: TAG,
    access: 'admin-open',
    kind: 'read',
    query: analyticsQuerySchema,
    response,
    cacheSeconds: CACHE_SECONDS,
    examples: [{ path }, { path: `${path}?from=2025-01-01&to=2025-12-31&granularity=month` }],
  });

export const analyticsRoutes = {
  dashboard: read(
    '/api/analytics/dashboard',
    'User growth, investment trends, blockchain metrics, tiers, KYC and AUM from the aggregates',
    analyticsDashboardBody,
  ),
  users: read('/api/analytics/users', 'User totals, growth, tier distribution and KYC analytics', analyticsUsersBody),
  investments: read('/api/analytics/investments', 'AUM, active assets, investment and AUM trends', analyticsInvestmentsBody),
  performance: read('/api/analytics/performance', 'Network figures over the range and transactions by type', analyticsPerformanceBody),
};
