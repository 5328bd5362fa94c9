// PUT /api/users/:id/tier – set a user's tier (admin)
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { userRoutes } from '@/lib/legacy-api/users/user.routes';
import { setUserTier } from '@/lib/legacy-api/users/user.service';

export const dynamic = 'force-dynamic';

export const PUT = legacyRoute(userRoutes.setTier, (context) => setUserTier(context, context.params.id, context.body.tier));
export const OPTIONS = legacyPreflight(userRoutes.setTier);
