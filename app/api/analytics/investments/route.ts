// GET /api/analytics/investments – AUM, active assets, investment and AUM trends, from the aggregates (decision 070)
import { analyticsRoutes } from '@/lib/legacy-api/analytics/analytics.routes';
import { analyticsInvestments } from '@/lib/legacy-api/analytics/analytics.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(analyticsRoutes.investments, ({ em, query }) => analyticsInvestments(em, query));
export const OPTIONS = legacyPreflight(analyticsRoutes.investments);
