import { z } from 'zod';
import { POOL_ID_PATTERN } from '@/lib/pool-tiers/pool-tier.schemas';
import { paginationSchema, phoneNumberSchema, queryInt, successTrue, tierSchema } from '../common.schemas';
import { readBody } from '../route-spec';

export const updatePoolTierSchema = z.object({
  poolId: z.string().trim().regex(POOL_ID_PATTERN, 'Invalid pool id'),
  requiredTier: tierSchema,
});

export const upgradeUserTierSchema = z.object({ phoneNumber: phoneNumberSchema, tier: tierSchema });

export const userTiersQuerySchema = z.object({ page: queryInt(1, 100_000, 1), limit: queryInt(1, 500, 100), tier: tierSchema.optional() });

const distribution = z.record(z.string(), z.number().int());

export const poolTiersBody = readBody({ success: successTrue, poolTiers: z.record(z.string(), z.json()) });
export const poolTierWriteBody = z.object({ success: successTrue, poolId: z.string(), requiredTier: z.number().int(), previousTier: z.json().nullable() });
export const tierAnalyticsBody = readBody({ success: successTrue, tierDistribution: distribution, totalUsers: z.number().int() });
export const tierChangeBody = z.object({
  success: successTrue,
  message: z.string(),
  identityHash: z.string(),
  phoneNumber: z.string().optional(),
  tier: z.number().int(),
  previousTier: z.number().int().nullable(),
  txHash: z.null(),
});

const userTierSchema = z.object({
  identityHash: z.string(),
  walletAddress: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  tier: z.number().int().nullable(),
  verifiedActions: z.array(z.string()),
});
export const userTiersBody = readBody({ success: successTrue, users: z.array(userTierSchema), tierDistribution: distribution, pagination: paginationSchema });
