// GET /api/explorer/advanced – network, pool, wallet directory and transaction log analytics
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { getAdvanced } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.advanced, ({ data }) => getAdvanced(data));
export const OPTIONS = legacyPreflight(explorerRoutes.advanced);
