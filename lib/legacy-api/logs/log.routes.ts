import { z } from 'zod';
import { queryInt } from '../common.schemas';
import { defineLegacyRoute, readBody } from '../route-spec';

const logsQuerySchema = z.object({ limit: queryInt(1, 500, 500), type: z.string().trim().max(50).optional() });

const logsBody = readBody({
  logs: z.array(z.looseObject({ timestamp: z.string(), type: z.string(), data: z.record(z.string(), z.json()).optional() })),
});

export const logRoutes = {
  logs: defineLegacyRoute({
    method: 'GET',
    path: '/api/logs',
    summary: 'Server log entries (server-logs.json), newest first (admin: they hold end-user addresses)',
    tag: 'Logs',
    access: 'admin',
    kind: 'read',
    query: logsQuerySchema,
    response: logsBody,
    cacheSeconds: 5,
    examples: [{ path: '/api/logs' }, { path: '/api/logs?type=API_CALL&limit=20' }],
  }),
};
