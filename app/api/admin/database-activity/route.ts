// GET /api/admin/database-activity – recent database operations from the server log
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getDatabaseActivity } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.databaseActivity, ({ data, query }) => getDatabaseActivity(data, query.limit));
export const OPTIONS = legacyPreflight(dashboardRoutes.databaseActivity);
