import type { EntityManager } from '@mikro-orm/postgresql';
import type { Cache } from '@/lib/cache';

/** One point of a monthly series; `month` is `YYYY-MM` (UTC). */
export type MonthPoint = { month: string; value: number };
export type LagPoint = { at: string; lagMs: number };

export type DashboardKpis = {
  users: { total: number; newPerMonth: MonthPoint[] };
  /** Assets under management: the sum of `total_invested` over all assets, as a decimal string (never a float in SQL). */
  aum: { total: string; cumulativePerMonth: MonthPoint[] };
  kyc: { pending: number; byStatus: Array<{ status: string; count: number }>; submittedPerMonth: MonthPoint[] };
  assets: { byStatus: Array<{ status: string; count: number }> };
  migration: { sources: number; validated: number; mismatchedRecords: number };
  sync: { latestLagMs: number | null; recent: LagPoint[] };
};

/** Months in a series: a year, ending at the newest month the data itself has (the legacy data may be old). */
export const SERIES_MONTHS = 12;
/** Sync events in the lag sparkline. */
export const LAG_POINTS = 30;
const KPI_TTL_SECONDS = 15;
/** The cache key of the dashboard's figures; writes that change them drop it. */
export const DASHBOARD_KPIS_CACHE_KEY = 'dashboard:kpis';

const monthly = (table: string, column: string) => `
  WITH bounds AS (SELECT date_trunc('month', max(${column})) AS last FROM ${table}),
       months AS (SELECT generate_series(last - interval '${SERIES_MONTHS - 1} months', last, interval '1 month') AS month FROM bounds WHERE last IS NOT NULL)
  SELECT to_char(m.month, 'YYYY-MM') AS month, count(t.${column})::int AS value
    FROM months m LEFT JOIN ${table} t ON date_trunc('month', t.${column}) = m.month
   GROUP BY m.month ORDER BY m.month`;

/**
 * The dashboard's figures and their series, straight from the migrated tables: registered users, assets
 * under management, KYC applications waiting for review, migration state and sync lag. Cached briefly:
 * the dashboard is the most-loaded page.
 */
export function getDashboardKpis(em: EntityManager, cache: Cache): Promise<DashboardKpis> {
  return cache.wrap(DASHBOARD_KPIS_CACHE_KEY, KPI_TTL_SECONDS, async () => {
    const [counts] = await em.execute<Array<Record<string, string | null>>>(`
      SELECT (SELECT count(*) FROM users) AS users,
             (SELECT coalesce(sum(total_invested), 0)::text FROM assets) AS aum,
             (SELECT count(*) FROM kyc_applications WHERE status IN ('pending_review', 'under_review')) AS pending_kyc,
             (SELECT count(*) FROM migration_source_state) AS sources,
             (SELECT count(*) FROM migration_source_state WHERE state = 'validated') AS validated,
             (SELECT coalesce(sum(mismatched_count), 0) FROM migration_source_state) AS mismatched`);
    const newWallets = await em.execute<MonthPoint[]>(monthly('wallet_directory', 'created_at'));
    const submitted = await em.execute<MonthPoint[]>(monthly('kyc_applications', 'last_updated_at'));
    const aumRows = await em.execute<Array<{ month: string; value: string }>>(`
      WITH bounds AS (SELECT date_trunc('month', max(created_at)) AS last FROM assets),
           months AS (SELECT generate_series(last - interval '${SERIES_MONTHS - 1} months', last, interval '1 month') AS month FROM bounds WHERE last IS NOT NULL)
      SELECT to_char(m.month, 'YYYY-MM') AS month,
             (SELECT coalesce(sum(total_invested), 0) FROM assets a WHERE a.created_at < m.month + interval '1 month')::text AS value
        FROM months m ORDER BY m.month`);
    const kycByStatus = await em.execute<Array<{ status: string; count: number }>>(
      `SELECT status, count(*)::int AS count FROM kyc_applications GROUP BY status ORDER BY count DESC, status`,
    );
    const assetsByStatus = await em.execute<Array<{ status: string; count: number }>>(
      `SELECT status, count(*)::int AS count FROM assets GROUP BY status ORDER BY count DESC, status`,
    );
    const lags = await em.execute<Array<{ at: Date; lag_ms: number }>>(
      `SELECT committed_at AS at, lag_ms FROM sync_events WHERE lag_ms IS NOT NULL ORDER BY committed_at DESC LIMIT ${LAG_POINTS}`,
    );
    const recent = lags.reverse().map((row) => ({ at: new Date(row.at).toISOString(), lagMs: row.lag_ms }));
    return {
      users: { total: Number(counts.users), newPerMonth: newWallets },
      aum: { total: counts.aum ?? '0', cumulativePerMonth: aumRows.map((row) => ({ month: row.month, value: Number(row.value) })) },
      kyc: { pending: Number(counts.pending_kyc), byStatus: kycByStatus, submittedPerMonth: submitted },
      assets: { byStatus: assetsByStatus },
      migration: { sources: Number(counts.sources), validated: Number(counts.validated), mismatchedRecords: Number(counts.mismatched) },
      sync: { latestLagMs: recent.at(-1)?.lagMs ?? null, recent },
    };
  });
}
