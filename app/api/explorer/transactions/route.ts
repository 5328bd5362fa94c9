// GET /api/explorer/transactions – transaction log, newest first (?limit, ?type=consent), with analytics
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { listTransactions } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.transactions, ({ data, query }) => listTransactions(data, query));
export const OPTIONS = legacyPreflight(explorerRoutes.transactions);
