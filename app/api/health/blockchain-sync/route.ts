// GET /api/health/blockchain-sync – chain head versus stored head
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { getBlockchainSync } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.blockchainSync, ({ data, em }) => getBlockchainSync(data, em));
export const OPTIONS = legacyPreflight(explorerRoutes.blockchainSync);
