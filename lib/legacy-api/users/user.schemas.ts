import { z } from 'zod';
import { queryInt, successTrue, tierSchema } from '../common.schemas';
import { readBody } from '../route-spec';

const USER_STATUSES = ['active', 'suspended', 'closed'] as const;

/** `GET /api/users?tier=&status=&createdAfter=` (DB-PLAN), paged with limit/offset. */
export const listUsersQuerySchema = z.object({
  tier: tierSchema.optional(),
  status: z.enum(USER_STATUSES).optional(),
  createdAfter: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: queryInt(1, 500, 50),
  offset: queryInt(0, 10_000_000, 0),
});

export const userParamsSchema = z.object({ id: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'Invalid user id: use the identity hash') });
export const setUserTierSchema = z.object({ tier: tierSchema });

/** The planned PostgreSQL user row, snake_case; counts and sums are strings as node-pg returns them. */
const userSchema = z.object({
  id: z.string(),
  wallet_address: z.string().nullable(),
  tier: z.number().int().nullable(),
  status: z.enum(USER_STATUSES),
  created_at: z.string().nullable(),
  phone_number_masked: z.string().nullable(),
  country_code: z.string().nullable(),
  last_login_at: z.null(),
  investment_count: z.string(),
  total_invested: z.string(),
});
export type LegacyUserRow = z.infer<typeof userSchema>;

export const userListBody = readBody({ success: successTrue, users: z.array(userSchema), total: z.number().int() });
export const userBody = readBody({ success: successTrue, user: userSchema });
export const userStatsBody = readBody({
  success: successTrue,
  stats: z.object({
    total_users: z.number().int(),
    new_users_today: z.number().int(),
    new_users_week: z.number().int(),
    active_users: z.number().int(),
    kyc_verified_users: z.number().int(),
    tierDistribution: z.record(z.string(), z.number().int()),
  }),
});
export const setUserTierBody = z.object({ success: successTrue, message: z.string() });
