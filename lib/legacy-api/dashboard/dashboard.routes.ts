import { defineLegacyRoute } from '../route-spec';
import {
  activityBody,
  activityQuerySchema,
  dashboardStatsBody,
  databaseHealthBody,
  performanceMetricsBody,
  systemHealthBody,
  tablesBody,
} from './dashboard.schemas';

const TAG = 'Admin dashboard';
const STATS_CACHE_SECONDS = 10;

// The dashboard and database routes were served without the admin key (admin-open), in both the hyphenated and the slash form.
const read = (
  path: string,
  summary: string,
  response: Parameters<typeof defineLegacyRoute>[0]['response'],
  extra: { cacheSeconds?: number; query?: typeof activityQuerySchema; access?: 'admin' } = {},
) => defineLegacyRoute({ method: 'GET', path, summary, tag: TAG, access: 'admin-open', kind: 'read', response, ...extra, examples: [{ path }] });

export const dashboardRoutes = {
  dashboardStats: read('/api/admin/dashboard-stats', 'Dashboard KPIs', dashboardStatsBody, { cacheSeconds: STATS_CACHE_SECONDS }),
  dashboardStatsSlash: read('/api/admin/dashboard/stats', 'Dashboard KPIs (slash form)', dashboardStatsBody, { cacheSeconds: STATS_CACHE_SECONDS }),
  databaseHealth: read('/api/admin/database-health', 'Database connection health', databaseHealthBody),
  dashboardDatabase: read('/api/admin/dashboard/database', 'Database connection health (slash form)', databaseHealthBody),
  databaseActivity: read('/api/admin/database-activity', 'Recent database operations', activityBody, { query: activityQuerySchema }),
  databaseActivitySlash: read('/api/admin/database/activity', 'Recent database operations (slash form)', activityBody, { query: activityQuerySchema }),
  dashboardActivity: read('/api/admin/dashboard/activity', 'Recent database operations (dashboard form)', activityBody, { query: activityQuerySchema }),
  performanceMetrics: read('/api/admin/performance-metrics', 'Query time, connections, cache', performanceMetricsBody),
  dashboardMetrics: read('/api/admin/dashboard/metrics', 'Query time, connections, cache (slash form)', performanceMetricsBody),
  dashboardHealth: read('/api/admin/dashboard/health', 'System health', systemHealthBody),
  // The schema's table names and sizes map the database for an attacker: the key is required whatever LEGACY_API_REQUIRE_ADMIN_KEY says.
  databaseTables: read('/api/admin/database/tables', 'Tables with row estimates and sizes', tablesBody, { access: 'admin' }),
};
