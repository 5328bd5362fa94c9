import type { Granularity } from './analytics.schemas';

/** One bucket of the aggregates: counts are numbers, money and wei are decimal strings (never floats in SQL). */
export type TrendPoint = {
  /** The bucket's first day, `YYYY-MM-DD` (UTC; weeks start on Monday). */
  bucket: string;
  blocks: number;
  chainTransactions: number;
  chainValueWei: string;
  logTransactions: number;
  volume: string;
  activeWallets: number;
  newWallets: number;
  newUsers: number;
  /** Registered users whose registration is in or before this bucket. */
  totalUsers: number;
  investments: number;
  investedAmount: string;
  kycUpdated: number;
  kycVerified: number;
  kycRejected: number;
  newAssets: number;
  aumAdded: string;
  /** Assets under management created in or before this bucket (their current `total_invested`). */
  aum: string;
};

export type TransactionTypePoint = { bucket: string; source: 'chain' | 'log'; type: string; transactions: number; volume: string };

export type Distribution = { key: string; count: number };

export type RealTimeStats = { totalUsers: number; newUsersToday: number; totalAum: string; activeAssets: number };

/** When each aggregate was last refreshed (ISO); the screen shows it beside every figure. */
export type RefreshTimes = Record<string, string>;

export type Trend = {
  from: string;
  to: string;
  granularity: Granularity;
  points: TrendPoint[];
  types: TransactionTypePoint[];
  /** When the view the points come from was last refreshed. */
  refreshedAt: string | null;
  typesRefreshedAt: string | null;
};

export type AnalyticsOverview = {
  trend: Trend;
  tiers: Distribution[];
  kycStatuses: Distribution[];
  distributionsRefreshedAt: string | null;
  realTime: RealTimeStats;
  realTimeRefreshedAt: string | null;
};
