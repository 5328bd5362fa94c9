// GET /api/explorer/transactions/:hash – the chain transaction and the transaction-log entry with a hash
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { getTransactionByHash } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.transactionByHash, ({ data, params }) => getTransactionByHash(data, params.hash));
export const OPTIONS = legacyPreflight(explorerRoutes.transactionByHash);
