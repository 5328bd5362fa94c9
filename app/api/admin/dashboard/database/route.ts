// GET /api/admin/dashboard/database – database health (slash form)
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getDatabaseHealth } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.dashboardDatabase, ({ em }) => getDatabaseHealth(em));
export const OPTIONS = legacyPreflight(dashboardRoutes.dashboardDatabase);
