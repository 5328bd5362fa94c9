// GET /api/explorer/blocks/:number – one block and its chain transactions
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { getBlock } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.block, ({ data, params }) => getBlock(data, params.number));
export const OPTIONS = legacyPreflight(explorerRoutes.block);
