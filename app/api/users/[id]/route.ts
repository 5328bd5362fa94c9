// GET /api/users/:id – one user by identity hash (admin)
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { userRoutes } from '@/lib/legacy-api/users/user.routes';
import { getUser } from '@/lib/legacy-api/users/user.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(userRoutes.get, ({ data, params }) => getUser(data, params.id));
export const OPTIONS = legacyPreflight(userRoutes.get);
