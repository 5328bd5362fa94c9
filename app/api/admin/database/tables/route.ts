// GET /api/admin/database/tables – tables with row estimates and sizes
import { dashboardRoutes } from '@/lib/legacy-api/dashboard/dashboard.routes';
import { getTables } from '@/lib/legacy-api/dashboard/dashboard.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(dashboardRoutes.databaseTables, ({ em }) => getTables(em));
export const OPTIONS = legacyPreflight(dashboardRoutes.databaseTables);
