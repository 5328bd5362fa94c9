// GET /api/explorer/network/stats – chain, wallet and transaction-log statistics
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { getNetworkStats } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.networkStats, ({ data }) => getNetworkStats(data));
export const OPTIONS = legacyPreflight(explorerRoutes.networkStats);
