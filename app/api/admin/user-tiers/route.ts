// GET /api/admin/user-tiers – users with their tier and verified actions
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { tierRoutes } from '@/lib/legacy-api/tiers/tier.routes';
import { listUserTiers } from '@/lib/legacy-api/tiers/tier.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(tierRoutes.userTiers, ({ data, query }) => listUserTiers(data, query));
export const OPTIONS = legacyPreflight(tierRoutes.userTiers);
