// GET /api/explorer/blocks – blocks, newest first, paged
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { listBlocks } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.blocks, ({ data, query }) => listBlocks(data, query));
export const OPTIONS = legacyPreflight(explorerRoutes.blocks);
