import { z } from 'zod';
import { trendQuerySchema } from '@/lib/analytics/analytics.schemas';
import { successTrue } from '../common.schemas';
import { readBody } from '../route-spec';

/** `?from&to&granularity` as the analytics screen's URL carries them (all optional: the default range). */
export const analyticsQuerySchema = trendQuerySchema;

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const count = z.number().int().nonnegative();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const userGrowth = z.array(z.object({ date, newUsers: count, totalUsers: count }));
const investmentTrends = z.array(z.object({ date, investments: count, amount: decimal }));
const tierDistribution = z.array(z.object({ tier: z.string(), count }));
const kycAnalytics = z.array(z.object({ status: z.string(), count }));
const blockchainMetrics = z.object({
  blocks: count,
  chainTransactions: count,
  logTransactions: count,
  volume: decimal,
  activeWallets: count,
  newWallets: count,
  daily: z.array(z.object({ date, blocks: count, transactions: count, activeWallets: count, newWallets: count })),
});
const revenueAnalytics = z.object({ totalAum: decimal, activeAssets: count, aumTrend: z.array(z.object({ date, aum: decimal })) });
const range = z.object({ from: date, to: date, granularity: z.enum(['day', 'week', 'month']) });
/** When the aggregates the body was read from were refreshed (the oldest of them); null without PostgreSQL. */
const lastUpdated = z.string().nullable();

/** legacy-contract.md §2.10: `{ success, data: { userGrowth, investmentTrends, blockchainMetrics, tierDistribution, kycAnalytics, revenueAnalytics, lastUpdated, databaseConnected } }`. */
export const analyticsDashboardBody = readBody({
  success: successTrue,
  data: z.looseObject({
    userGrowth,
    investmentTrends,
    blockchainMetrics,
    tierDistribution,
    kycAnalytics,
    revenueAnalytics,
    range,
    lastUpdated,
    databaseConnected: z.boolean(),
  }),
});

export const analyticsUsersBody = readBody({
  success: successTrue,
  data: z.looseObject({ totalUsers: count, newUsersToday: count, userGrowth, tierDistribution, kycAnalytics, range, lastUpdated }),
});

export const analyticsInvestmentsBody = readBody({
  success: successTrue,
  data: z.looseObject({ totalAum: decimal, activeAssets: count, investmentTrends, aumTrend: revenueAnalytics.shape.aumTrend, range, lastUpdated }),
});

export const analyticsPerformanceBody = readBody({
  success: successTrue,
  data: z.looseObject({
    blockchainMetrics,
    transactionTypes: z.array(z.object({ source: z.enum(['chain', 'log']), type: z.string(), transactions: count, volume: decimal })),
    range,
    lastUpdated,
  }),
});
