import { z } from 'zod';
import { paginationSchema, queryInt, successTrue } from '../common.schemas';
import { readBody } from '../route-spec';
import { walletSchema } from '../wallets/wallet.schemas';

const distribution = z.record(z.string(), z.number().int());

export const explorerStatsBody = readBody({
  blockHeight: z.number().int(),
  totalWallets: z.number().int(),
  poolTVL: z.string(),
  nav: z.string(),
  activeInvestors: z.number().int(),
  lastUpdated: z.string().nullable(),
});

export const explorerWalletsBody = readBody({ wallets: z.array(walletSchema), total: z.number().int() });

/** `?type=consent` is the documented alias of the `consent_signature` rows; any other value is a type name. */
export const transactionsQuerySchema = z.object({ limit: queryInt(1, 1000, 50), type: z.string().trim().max(50).optional() });

const transactionSchema = z.looseObject({ type: z.string(), txHash: z.string(), timestamp: z.string() });
const transactionAnalytics = z.object({ total: z.number().int(), last24h: z.number().int(), lastWeek: z.number().int(), types: z.array(z.string()) });

export const transactionsBody = readBody({ transactions: z.array(transactionSchema), analytics: transactionAnalytics });

export const consentQuerySchema = z.object({ limit: queryInt(1, 1000, 50) });
export const consentTransactionsBody = readBody({
  transactions: z.array(transactionSchema),
  analytics: z.object({
    total: z.number().int(),
    tierDistribution: distribution,
    actionDistribution: distribution,
    averageTier: z.number(),
    biometricUsage: z.number().int(),
    geoVerified: z.number().int(),
  }),
});

const poolAnalytics = z.object({
  poolId: z.string(),
  tvl: z.string(),
  nav: z.string(),
  dynamicNAV: z.string(),
  totalInvested: z.string(),
  totalRedeemed: z.string(),
  totalProfit: z.string(),
  investments: z.number().int(),
  redemptions: z.number().int(),
  activeInvestors: z.number().int(),
  requiredTier: z.number().int().nullable(),
  profitYield: z.string(),
});

export const poolBody = readBody({ success: successTrue, pool: poolAnalytics });

export const advancedBody = readBody({
  networkStats: z.object({
    blockHeight: z.number().int(),
    totalBlocks: z.number().int(),
    chainTransactions: z.number().int(),
    averageBlockTime: z.number().nullable(),
    latestBlock: z.object({ number: z.number().nullable(), hash: z.string().nullable(), timestamp: z.string().nullable() }).nullable(),
  }),
  poolAnalytics,
  walletDirectory: z.object({ totalWallets: z.number().int(), withFullPhone: z.number().int(), tierDistribution: distribution }),
  transactionLog: transactionAnalytics,
});

export const blocksQuerySchema = z.object({ page: queryInt(1, 1_000_000, 1), limit: queryInt(1, 100, 20) });
export const blocksBody = readBody({ blocks: z.array(z.looseObject({ number: z.number(), hash: z.string() })), pagination: paginationSchema });

// The planned PendScan routes (legacy-contract.md §2.9 "planned"), decision 073.

/** `/blocks?page&limit` is documented as `{data, pagination:{page,limit,total}}`: `data` is the page, beside the served `blocks`. */
export const blocksPageBody = readBody({
  blocks: z.array(z.looseObject({ number: z.number(), hash: z.string() })),
  data: z.array(z.looseObject({ number: z.number(), hash: z.string() })),
  pagination: paginationSchema,
});

export const blockParamsSchema = z.object({ number: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export const blockBody = readBody({
  success: successTrue,
  block: z.looseObject({ number: z.number(), hash: z.string() }),
  transactions: z.array(z.looseObject({ hash: z.string() })),
});

export const transactionHashParamsSchema = z.object({ hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'Invalid transaction hash') });
export const transactionByHashBody = readBody({
  success: successTrue,
  transaction: z.looseObject({ hash: z.string() }).nullable(),
  logEntry: transactionSchema.nullable(),
});

export const addressTransactionsQuerySchema = z.object({ limit: queryInt(1, 1000, 50) });
export const addressTransactionsBody = readBody({
  success: successTrue,
  address: z.string(),
  transactions: z.array(z.looseObject({ hash: z.string() })),
  logEntries: z.array(transactionSchema),
});

export const searchQuerySchema = z.object({ q: z.string().trim().min(1, 'Search text is required').max(100) });
const searchHit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('block'), blockNumber: z.string() }),
  z.object({ kind: z.literal('transaction'), hash: z.string() }),
  z.object({ kind: z.literal('address'), address: z.string() }),
  z.object({ kind: z.literal('identity'), identityHash: z.string(), walletAddress: z.string().nullable() }),
]);
export const searchBody = readBody({ success: successTrue, query: z.string(), results: z.array(searchHit) });

export const networkStatsBody = readBody({
  success: successTrue,
  data: z.object({
    blockHeight: z.number().int(),
    totalBlocks: z.number().int(),
    chainTransactions: z.number().int(),
    averageBlockTime: z.number().nullable(),
    latestBlockAt: z.string().nullable(),
    totalWallets: z.number().int(),
    transactionLog: transactionAnalytics,
  }),
});

export const blockchainSyncBody = readBody({
  status: z.enum(['synced', 'lagging', 'unknown']),
  storedHead: z.number().int().nullable(),
  nodeHead: z.number().int().nullable(),
  lagBlocks: z.number().int().nullable(),
  lastIngestAt: z.string().nullable(),
  lastCheckAt: z.string().nullable(),
});
