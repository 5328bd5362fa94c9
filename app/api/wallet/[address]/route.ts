// GET /api/wallet/:address – wallet details with its recent transactions
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { walletRoutes } from '@/lib/legacy-api/wallets/wallet.routes';
import { getWallet } from '@/lib/legacy-api/wallets/wallet.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(walletRoutes.detail, ({ data, params }) => getWallet(data, params.address));
export const OPTIONS = legacyPreflight(walletRoutes.detail);
