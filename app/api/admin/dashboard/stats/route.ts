// GET /api/admin/dashboard/stats – the six dashboard KPIs (slash form)
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getDashboardStats } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.dashboardStatsSlash, ({ data, em }) => getDashboardStats(data, em));
export const OPTIONS = legacyPreflight(dashboardRoutes.dashboardStatsSlash);
