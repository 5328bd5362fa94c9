import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnalyticsOverview, TrendPoint } from '@/lib/analytics/analytics.dto';
import { DEFAULT_RANGE_DAYS, type TrendQueryInput } from '@/lib/analytics/analytics.schemas';
import { getAnalyticsOverview } from '@/lib/analytics/analytics.service';

const sumCounts = (points: TrendPoint[], key: 'blocks' | 'chainTransactions' | 'logTransactions' | 'newWallets') =>
  points.reduce((total, point) => total + point[key], 0);

/** Exact decimal sum of decimal strings (scaled BigInt: no float rounding of money). */
function sumDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((value) => value.split('.')[1]?.length ?? 0));
  const total = values.reduce((sum, value) => {
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    const units = BigInt(whole + fraction.padEnd(scale, '0'));
    return sum + (value.startsWith('-') ? -units : units);
  }, 0n);
  if (scale === 0) return total.toString();
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * Without PostgreSQL there are no aggregates: the legacy server answered with whatever it had, so the
 * body keeps its shape with empty series, zero totals and `lastUpdated: null` (and `databaseConnected: false`).
 */
function emptyOverview(query: TrendQueryInput): AnalyticsOverview {
  const today = new Date().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.now() - (DEFAULT_RANGE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return {
    trend: { from, to: query.to ?? today, granularity: query.granularity, points: [], types: [], refreshedAt: null, typesRefreshedAt: null },
    tiers: [],
    kycStatuses: [],
    distributionsRefreshedAt: null,
    realTime: { totalUsers: 0, newUsersToday: 0, totalAum: '0', activeAssets: 0 },
    realTimeRefreshedAt: null,
  };
}

const oldest = (...times: Array<string | null>) => {
  if (times.some((time) => time === null)) return null;
  return (times as string[]).sort()[0] ?? null;
};

async function overview(em: EntityManager | null, query: TrendQueryInput): Promise<AnalyticsOverview> {
  return em ? getAnalyticsOverview(em, query) : emptyOverview(query);
}

function parts(data: AnalyticsOverview) {
  const { trend } = data;
  const points = trend.points;
  return {
    range: { from: trend.from, to: trend.to, granularity: trend.granularity },
    userGrowth: points.map((point) => ({ date: point.bucket, newUsers: point.newUsers, totalUsers: point.totalUsers })),
    investmentTrends: points.map((point) => ({ date: point.bucket, investments: point.investments, amount: point.investedAmount })),
    aumTrend: points.map((point) => ({ date: point.bucket, aum: point.aum })),
    blockchainMetrics: {
      blocks: sumCounts(points, 'blocks'),
      chainTransactions: sumCounts(points, 'chainTransactions'),
      logTransactions: sumCounts(points, 'logTransactions'),
      volume: sumDecimals(points.map((point) => point.volume)),
      // Distinct over the whole range is not the sum of the buckets' distinct counts: the busiest bucket is a true lower bound.
      activeWallets: Math.max(0, ...points.map((point) => point.activeWallets)),
      newWallets: sumCounts(points, 'newWallets'),
      daily: points.map((point) => ({
        date: point.bucket,
        blocks: point.blocks,
        transactions: point.chainTransactions + point.logTransactions,
        activeWallets: point.activeWallets,
        newWallets: point.newWallets,
      })),
    },
    tierDistribution: data.tiers.map(({ key, count }) => ({ tier: key, count })),
    kycAnalytics: data.kycStatuses.map(({ key, count }) => ({ status: key, count })),
  };
}

/** GET /api/analytics/dashboard (legacy-contract.md §2.10). */
export async function analyticsDashboard(em: EntityManager | null, query: TrendQueryInput) {
  const data = await overview(em, query);
  const { range, userGrowth, investmentTrends, aumTrend, blockchainMetrics, tierDistribution, kycAnalytics } = parts(data);
  return {
    success: true,
    data: {
      userGrowth,
      investmentTrends,
      blockchainMetrics,
      tierDistribution,
      kycAnalytics,
      revenueAnalytics: { totalAum: data.realTime.totalAum, activeAssets: data.realTime.activeAssets, aumTrend },
      range,
      lastUpdated: oldest(data.trend.refreshedAt, data.distributionsRefreshedAt, data.realTimeRefreshedAt),
      databaseConnected: em !== null,
    },
  };
}

export async function analyticsUsers(em: EntityManager | null, query: TrendQueryInput) {
  const data = await overview(em, query);
  const { range, userGrowth, tierDistribution, kycAnalytics } = parts(data);
  return {
    success: true,
    data: {
      totalUsers: data.realTime.totalUsers,
      newUsersToday: data.realTime.newUsersToday,
      userGrowth,
      tierDistribution,
      kycAnalytics,
      range,
      lastUpdated: oldest(data.trend.refreshedAt, data.distributionsRefreshedAt, data.realTimeRefreshedAt),
    },
  };
}

export async function analyticsInvestments(em: EntityManager | null, query: TrendQueryInput) {
  const data = await overview(em, query);
  const { range, investmentTrends, aumTrend } = parts(data);
  return {
    success: true,
    data: {
      totalAum: data.realTime.totalAum,
      activeAssets: data.realTime.activeAssets,
      investmentTrends,
      aumTrend,
      range,
      lastUpdated: oldest(data.trend.refreshedAt, data.realTimeRefreshedAt),
    },
  };
}

export async function analyticsPerformance(em: EntityManager | null, query: TrendQueryInput) {
  const data = await overview(em, query);
  const { range, blockchainMetrics } = parts(data);
  const byType = new Map<string, { source: 'chain' | 'log'; type: string; transactions: number; volumes: string[] }>();
  for (const row of data.trend.types) {
    const key = `${row.source}\u0000${row.type}`;
    const entry = byType.get(key) ?? { source: row.source, type: row.type, transactions: 0, volumes: [] };
    entry.transactions += row.transactions;
    entry.volumes.push(row.volume);
    byType.set(key, entry);
  }
  return {
    success: true,
    data: {
      blockchainMetrics,
      transactionTypes: [...byType.values()]
        .map(({ volumes, ...entry }) => ({ ...entry, volume: sumDecimals(volumes) }))
        .sort((a, b) => b.transactions - a.transactions || a.type.localeCompare(b.type)),
      range,
      lastUpdated: oldest(data.trend.refreshedAt, data.trend.typesRefreshedAt),
    },
  };
}
