// GET /api/explorer/transactions/by-type/consent – consent signatures with tier and action analytics
import { explorerRoutes } from '@/lib/legacy-api/explorer/explorer.routes';
import { listConsentTransactions } from '@/lib/legacy-api/explorer/explorer.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(explorerRoutes.consent, ({ data, query }) => listConsentTransactions(data, query.limit));
export const OPTIONS = legacyPreflight(explorerRoutes.consent);
