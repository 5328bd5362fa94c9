// GET /api/admin/dashboard/health – system health: database, migrations, cache, legacy folder
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getSystemHealth } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.dashboardHealth, ({ em }) => getSystemHealth(em));
export const OPTIONS = legacyPreflight(dashboardRoutes.dashboardHealth);
