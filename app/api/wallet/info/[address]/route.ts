// GET /api/wallet/info/:address – balances, creation date and value of a wallet
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { walletRoutes } from '@/lib/legacy-api/wallets/wallet.routes';
import { getWalletInfo } from '@/lib/legacy-api/wallets/wallet.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(walletRoutes.info, ({ data, params }) => getWalletInfo(data, params.address));
export const OPTIONS = legacyPreflight(walletRoutes.info);
