// GET /api/explorer/pool – harvest pool analytics with the dynamic NAV
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { getPool } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.pool, ({ data }) => getPool(data));
export const OPTIONS = legacyPreflight(explorerRoutes.pool);
