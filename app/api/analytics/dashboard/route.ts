// GET /api/analytics/dashboard – User growth, investment trends, blockchain metrics, tiers, KYC and AUM, from the aggregates (decision 070)
import { analyticsRoutes } from '@/lib/legacy-api/analytics/analytics.routes';
import { analyticsDashboard } from '@/lib/legacy-api/analytics/analytics.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(analyticsRoutes.dashboard, ({ em, query }) => analyticsDashboard(em, query));
export const OPTIONS = legacyPreflight(analyticsRoutes.dashboard);
