import type { EntityManager } from '@mikro-orm/postgresql';
import type { Distribution, RealTimeStats, RefreshTimes, TransactionTypePoint, TrendPoint } from './analytics.dto';
import { DEFAULT_RANGE_DAYS, type Granularity } from './analytics.schemas';

const SUFFIX: Record<Granularity, string> = { day: 'daily', week: 'weekly', month: 'monthly' };

/** The materialized views behind a granularity's trend and transaction types. */
export const periodView = (granularity: Granularity) => `analytics_${SUFFIX[granularity]}`;
export const typesView = (granularity: Granularity) => `analytics_tx_types_${SUFFIX[granularity]}`;
export const DISTRIBUTIONS_VIEW = 'analytics_distributions';
export const REAL_TIME_VIEW = 'real_time_stats';

/** Every aggregate, in refresh order. */
export const ANALYTICS_VIEWS: readonly string[] = [
  ...(['day', 'week', 'month'] as const).flatMap((granularity) => [periodView(granularity), typesView(granularity)]),
  DISTRIBUTIONS_VIEW,
  REAL_TIME_VIEW,
];

const toDate = (value: Date | string) => (typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));

/**
 * The range a trend shows when the URL names none: `DEFAULT_RANGE_DAYS` ending at the newest day the
 * daily aggregate holds (the legacy data may be months old), else today.
 */
export async function defaultRange(em: EntityManager): Promise<{ from: string; to: string }> {
  const [row] = await em.execute<Array<{ from: string; to: string }>>(
    `SELECT to_char(last - ${DEFAULT_RANGE_DAYS - 1}, 'YYYY-MM-DD') AS "from", to_char(last, 'YYYY-MM-DD') AS "to"
       FROM (SELECT coalesce(max(bucket), (now() AT TIME ZONE 'UTC')::date) AS last FROM ${periodView('day')}) bounds`,
  );
  return row;
}

type TrendRow = Record<keyof TrendPoint, string | number> & { bucket: Date | string };

/**
 * One point per bucket of the range (empty buckets are zeros), from the granularity's aggregate; the
 * running totals (users, AUM) add everything before the range. Answered from the unique bucket index.
 */
export async function findTrend(em: EntityManager, range: { from: string; to: string; granularity: Granularity }): Promise<TrendPoint[]> {
  const view = periodView(range.granularity);
  const rows = await em.execute<TrendRow[]>(
    `WITH series AS (
       SELECT generate_series(date_trunc(?, ?::timestamp), ?::timestamp, ('1 ' || ?)::interval)::date AS bucket),
     before AS (
       SELECT coalesce(sum(new_users), 0) AS users, coalesce(sum(aum_added), 0) AS aum FROM ${view} WHERE bucket < (SELECT min(bucket) FROM series))
     SELECT to_char(s.bucket, 'YYYY-MM-DD') AS bucket,
            coalesce(v.blocks, 0)::int AS blocks,
            coalesce(v.chain_transactions, 0)::int AS "chainTransactions",
            coalesce(v.chain_value_wei, 0)::text AS "chainValueWei",
            coalesce(v.log_transactions, 0)::int AS "logTransactions",
            coalesce(v.volume, 0)::text AS volume,
            coalesce(v.active_wallets, 0)::int AS "activeWallets",
            coalesce(v.new_wallets, 0)::int AS "newWallets",
            coalesce(v.new_users, 0)::int AS "newUsers",
            (before.users + sum(coalesce(v.new_users, 0)) OVER w)::int AS "totalUsers",
            coalesce(v.investments, 0)::int AS investments,
            coalesce(v.invested_amount, 0)::text AS "investedAmount",
            coalesce(v.kyc_updated, 0)::int AS "kycUpdated",
            coalesce(v.kyc_verified, 0)::int AS "kycVerified",
            coalesce(v.kyc_rejected, 0)::int AS "kycRejected",
            coalesce(v.new_assets, 0)::int AS "newAssets",
            coalesce(v.aum_added, 0)::text AS "aumAdded",
            (before.aum + sum(coalesce(v.aum_added, 0)) OVER w)::text AS aum
       FROM series s CROSS JOIN before LEFT JOIN ${view} v ON v.bucket = s.bucket
     WINDOW w AS (ORDER BY s.bucket)
      ORDER BY s.bucket`,
    [range.granularity, range.from, range.to, range.granularity],
  );
  return rows.map((row) => ({ ...row, bucket: toDate(row.bucket) }) as TrendPoint);
}

/** Transactions by source and type per bucket of the range (only buckets and types that have any). */
export async function findTransactionTypes(em: EntityManager, range: { from: string; to: string; granularity: Granularity }): Promise<TransactionTypePoint[]> {
  const rows = await em.execute<Array<{ bucket: string; source: 'chain' | 'log'; type: string; transactions: number; volume: string }>>(
    `SELECT to_char(bucket, 'YYYY-MM-DD') AS bucket, source, tx_type AS type, transactions::int AS transactions, volume::text AS volume
       FROM ${typesView(range.granularity)}
      WHERE bucket >= date_trunc(?, ?::timestamp)::date AND bucket <= ?::date
      ORDER BY bucket, source, tx_type`,
    [range.granularity, range.from, range.to],
  );
  return rows;
}

/** Identities per tier (`none` without one) and KYC applications per status, largest first. */
export async function findDistributions(em: EntityManager): Promise<{ tiers: Distribution[]; kycStatuses: Distribution[] }> {
  const rows = await em.execute<Array<{ dimension: string; key: string; count: number }>>(
    `SELECT dimension, key, count::int AS count FROM ${DISTRIBUTIONS_VIEW} ORDER BY dimension, key`,
  );
  const of = (dimension: string) => rows.filter((row) => row.dimension === dimension).map(({ key, count }) => ({ key, count }));
  return { tiers: of('tier'), kycStatuses: of('kyc_status').sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)) };
}

/** The `real_time_stats` row (requirements.md §8.2): one index probe. */
export async function findRealTimeStats(em: EntityManager): Promise<RealTimeStats> {
  const [row] = await em.execute<Array<{ totalUsers: number; newUsersToday: number; totalAum: string; activeAssets: number }>>(
    `SELECT total_users::int AS "totalUsers", new_users_today::int AS "newUsersToday", total_aum::text AS "totalAum", active_assets::int AS "activeAssets"
       FROM ${REAL_TIME_VIEW} WHERE id = 1`,
  );
  return row ?? { totalUsers: 0, newUsersToday: 0, totalAum: '0', activeAssets: 0 };
}

/** When each aggregate was last refreshed, by view name. */
export async function findRefreshTimes(em: EntityManager): Promise<RefreshTimes> {
  const rows = await em.execute<Array<{ view_name: string; refreshed_at: Date }>>(`SELECT view_name, refreshed_at FROM analytics_refreshes`);
  return Object.fromEntries(rows.map((row) => [row.view_name, new Date(row.refreshed_at).toISOString()]));
}
