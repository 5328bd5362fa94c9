// GET /api/explorer/wallets – every wallet with balances and transaction count
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { listExplorerWallets } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.wallets, ({ data }) => listExplorerWallets(data));
export const OPTIONS = legacyPreflight(explorerRoutes.wallets);
