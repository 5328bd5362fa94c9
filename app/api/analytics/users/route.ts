// GET /api/analytics/users – user totals, growth, tiers and KYC, from the aggregates (decision 070)
import { analyticsRoutes } from '@/lib/legacy-api/analytics/analytics.routes';
import { analyticsUsers } from '@/lib/legacy-api/analytics/analytics.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(analyticsRoutes.users, ({ em, query }) => analyticsUsers(em, query));
export const OPTIONS = legacyPreflight(analyticsRoutes.users);
