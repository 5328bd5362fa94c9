// GET /api/logs – server log entries (server-logs.json), newest first
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';
import { logRoutes } from '@/lib/legacy-api/logs/log.routes';
import { listServerLogs } from '@/lib/legacy-api/logs/log.service';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(logRoutes.logs, ({ data, query }) => listServerLogs(data, query));
export const OPTIONS = legacyPreflight(logRoutes.logs);
