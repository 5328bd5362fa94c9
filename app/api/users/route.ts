// GET /api/users – users filtered by tier, status and creation date (admin)
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { userRoutes } from '@/lib/legacy-api/users/user.routes';
import { listUsers } from '@/lib/legacy-api/users/user.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(userRoutes.list, ({ data, query }) => listUsers(data, query));
export const OPTIONS = legacyPreflight(userRoutes.list);
