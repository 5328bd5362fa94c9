// GET /api/wallet/wallets – every wallet with its transaction count (a static segment, never an [address])
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { walletRoutes } from '@/lib/legacy-api/wallets/wallet.routes';
import { listWallets } from '@/lib/legacy-api/wallets/wallet.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(walletRoutes.list, ({ data, query }) => listWallets(data, query));
export const OPTIONS = legacyPreflight(walletRoutes.list);
