// GET /api/analytics/performance – network figures and transactions by type, from the aggregates (decision 070)
import { analyticsRoutes } from '@/lib/legacy-api/analytics/analytics.routes';
import { analyticsPerformance } from '@/lib/legacy-api/analytics/analytics.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(analyticsRoutes.performance, ({ em, query }) => analyticsPerformance(em, query));
export const OPTIONS = legacyPreflight(analyticsRoutes.performance);
