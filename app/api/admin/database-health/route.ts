// GET /api/admin/database-health – database connections, query time, uptime, last backup
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getDatabaseHealth } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.databaseHealth, ({ em }) => getDatabaseHealth(em));
export const OPTIONS = legacyPreflight(dashboardRoutes.databaseHealth);
