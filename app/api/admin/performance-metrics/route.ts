// GET /api/admin/performance-metrics – query time, connections, cache hit ratio
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getPerformanceMetrics } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.performanceMetrics, ({ em }) => getPerformanceMetrics(em));
export const OPTIONS = legacyPreflight(dashboardRoutes.performanceMetrics);
