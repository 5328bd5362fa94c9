// GET /api/admin/dashboard/activity – recent database operations (dashboard form)
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getDatabaseActivity } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.dashboardActivity, ({ data, query }) => getDatabaseActivity(data, query.limit));
export const OPTIONS = legacyPreflight(dashboardRoutes.dashboardActivity);
