// GET /api/admin/dashboard/metrics – performance metrics (slash form)
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getPerformanceMetrics } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.dashboardMetrics, ({ em }) => getPerformanceMetrics(em));
export const OPTIONS = legacyPreflight(dashboardRoutes.dashboardMetrics);
