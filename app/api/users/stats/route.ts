// GET /api/users/stats – user counts and tier distribution (a static segment, never an [id])
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { userRoutes } from '@/lib/legacy-api/users/user.routes';
import { getUserStats } from '@/lib/legacy-api/users/user.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(userRoutes.stats, ({ data }) => getUserStats(data));
export const OPTIONS = legacyPreflight(userRoutes.stats);
