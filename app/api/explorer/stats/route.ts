// GET /api/explorer/stats – network statistics (live-stats.json)
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { getExplorerStats } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.stats, ({ data }) => getExplorerStats(data));
export const OPTIONS = legacyPreflight(explorerRoutes.stats);
