// GET /api/explorer/search?q= – universal search
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { searchLegacyExplorer } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.search, ({ data, em, query, caller }) => searchLegacyExplorer(data, em, query.q, caller.isAdmin));
export const OPTIONS = legacyPreflight(explorerRoutes.search);
