// POST /api/admin/upgrade-user-tier – set a user's tier by phone number
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { tierRoutes } from '@/lib/legacy-api/tiers/tier.routes';
import { upgradeUserTier } from '@/lib/legacy-api/tiers/tier.service';

export const dynamic = 'force-dynamic';

export const POST = legacyRoute(tierRoutes.upgradeUserTier, (context) => upgradeUserTier(context, context.body.phoneNumber, context.body.tier));
export const OPTIONS = legacyPreflight(tierRoutes.upgradeUserTier);
