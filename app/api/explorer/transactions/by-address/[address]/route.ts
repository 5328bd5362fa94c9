// GET /api/explorer/transactions/by-address/:address – an address's chain transactions and log entries
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { listAddressTransactions } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.transactionsByAddress, ({ data, params, query }) => listAddressTransactions(data, params.address, query.limit));
export const OPTIONS = legacyPreflight(explorerRoutes.transactionsByAddress);
