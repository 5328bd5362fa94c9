import { defineLegacyRoute } from '../route-spec';
import { listUsersQuerySchema, setUserTierBody, setUserTierSchema, userBody, userListBody, userParamsSchema, userStatsBody } from './user.schemas';

const TAG = 'Users';

export const userRoutes = {
  list: defineLegacyRoute({
    method: 'GET',
    path: '/api/users',
    summary: 'Users filtered by tier, status and creation date',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    query: listUsersQuerySchema,
    response: userListBody,
    cacheSeconds: 10,
    examples: [{ path: '/api/users' }, { path: '/api/users?tier=0&status=active&createdAfter=2025-01-01' }],
  }),
  stats: defineLegacyRoute({
    method: 'GET',
    path: '/api/users/stats',
    summary: 'User counts and tier distribution',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    response: userStatsBody,
    cacheSeconds: 10,
    examples: [{ path: '/api/users/stats' }],
  }),
  get: defineLegacyRoute({
    method: 'GET',
    path: '/api/users/:id',
    summary: 'One user by identity hash',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    params: userParamsSchema,
    response: userBody,
  }),
  setTier: defineLegacyRoute({
    method: 'PUT',
    path: '/api/users/:id/tier',
    summary: "Set a user's tier (0–5)",
    tag: TAG,
    access: 'admin',
    kind: 'write',
    params: userParamsSchema,
    body: { type: 'json', schema: setUserTierSchema },
    response: setUserTierBody,
  }),
};
