import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { assetFilterConditions } from './asset.repository';
import type { ListAssetQueryInput } from './asset.schemas';

/**
 * The ROI buckets of the performance panel, in percent (`expected_roi` is stored as a percentage):
 * each bucket is [from, to), the last is open-ended. Assets without an expected ROI are counted apart.
 */
export const ROI_BUCKETS = [
  { label: 'under 5%', from: null, to: 5 },
  { label: '5–10%', from: 5, to: 10 },
  { label: '10–15%', from: 10, to: 15 },
  { label: '15–20%', from: 15, to: 20 },
  { label: '20–30%', from: 20, to: 30 },
  { label: '30% and more', from: 30, to: null },
] as const;

export type AssetGroupAggregate = { key: string | null; assets: number; totalInvested: string; investors: number };
export type RoiBucketAggregate = { label: string; assets: number; totalInvested: string };

/** What the grid's current filter adds up to; amounts are exact decimal strings (money is never a float). */
export type AssetAggregates = {
  assets: number;
  /** Assets under management: the sum of `total_invested`. */
  totalInvested: string;
  /** The sum of `investor_count` over the assets: a person invested in two assets counts twice. */
  investors: number;
  /** `totalInvested / investors`, or null when no asset has investors. */
  averagePerInvestor: string | null;
  roi: {
    /** Plain average of the expected ROI over assets that state one. */
    average: string | null;
    /** Weighted by the amount invested: what the money actually expects. */
    investedWeighted: string | null;
    min: string | null;
    max: string | null;
    withoutRoi: number;
    buckets: RoiBucketAggregate[];
  };
  byStatus: AssetGroupAggregate[];
  /** Largest invested first; `key` null is "no category". */
  byCategory: AssetGroupAggregate[];
};

type Row = {
  dimension: 'total' | 'status' | 'category' | 'roi';
  key: string | null;
  assets: number;
  total_invested: string;
  investors: string;
  average_per_investor: string | null;
  roi_average: string | null;
  roi_weighted: string | null;
  roi_min: string | null;
  roi_max: string | null;
  without_roi: number;
};

const roiBucket = sql.raw(
  `CASE WHEN a.expected_roi IS NULL THEN NULL ${ROI_BUCKETS.map((bucket, index) =>
    bucket.to === null ? `ELSE ${index}` : `WHEN a.expected_roi < ${bucket.to} THEN ${index}`,
  ).join(' ')} END`,
);

/**
 * One statement, one pass over the matching rows: they are first summed per (status, category, ROI
 * bucket), a few hundred groups at most, and those partial sums are rolled up four ways (GROUPING SETS):
 * the totals, per status, per category and per ROI bucket. Rolling up small partial sums is far cheaper
 * than hashing every row four times. The rows are narrowed with the list query's own conditions, so
 * the figures always describe the rows the grid pages through; the columns read are all in
 * `assets_figures_idx`, so without a search the scan can be index-only.
 */
export function assetAggregatesQuery(query: Pick<ListAssetQueryInput, 'q' | 'filters'>): SqlFragment {
  const where = sql.and(assetFilterConditions(query));
  return sql`
    WITH groups AS (
      SELECT a.status, nullif(btrim(a.category), '') AS category, ${roiBucket} AS roi_bucket,
             count(*) AS assets, sum(a.total_invested) AS invested, sum(a.investor_count) AS investors,
             sum(a.expected_roi) AS roi_sum, count(a.expected_roi) AS roi_count,
             sum(a.expected_roi * a.total_invested) FILTER (WHERE a.total_invested > 0) AS roi_weighted_sum,
             sum(a.total_invested) FILTER (WHERE a.expected_roi IS NOT NULL AND a.total_invested > 0) AS roi_weight,
             min(a.expected_roi) AS roi_min, max(a.expected_roi) AS roi_max
        FROM assets a WHERE ${where}
       GROUP BY 1, 2, 3)
    SELECT CASE WHEN grouping(g.status) = 0 THEN 'status' WHEN grouping(g.category) = 0 THEN 'category'
                WHEN grouping(g.roi_bucket) = 0 THEN 'roi' ELSE 'total' END AS dimension,
           coalesce(g.status::text, g.category, g.roi_bucket::text) AS key,
           coalesce(sum(g.assets), 0)::int AS assets,
           coalesce(sum(g.invested), 0)::text AS total_invested,
           coalesce(sum(g.investors), 0)::text AS investors,
           round(sum(g.invested) / nullif(sum(g.investors), 0), 2)::text AS average_per_investor,
           round(sum(g.roi_sum) / nullif(sum(g.roi_count), 0), 2)::text AS roi_average,
           round(sum(g.roi_weighted_sum) / nullif(sum(g.roi_weight), 0), 2)::text AS roi_weighted,
           min(g.roi_min)::text AS roi_min,
           max(g.roi_max)::text AS roi_max,
           coalesce(sum(g.assets) - sum(g.roi_count), 0)::int AS without_roi
      FROM groups g
     GROUP BY GROUPING SETS ((), (g.status), (g.category), (g.roi_bucket))`;
}

/** The aggregates of the assets the grid's query matches (search and every filter; sort and page do not matter). */
export async function findAssetAggregates(em: EntityManager, query: Pick<ListAssetQueryInput, 'q' | 'filters'>): Promise<AssetAggregates> {
  const statement = assetAggregatesQuery(query);
  const rows = await em.execute<Row[]>(statement.text, [...statement.values]);
  const total = rows.find((row) => row.dimension === 'total')!;
  const investors = Number(total.investors);
  const group = (row: Row): AssetGroupAggregate => ({ key: row.key, assets: row.assets, totalInvested: row.total_invested, investors: Number(row.investors) });
  const byInvested = (a: AssetGroupAggregate, b: AssetGroupAggregate) => Number(b.totalInvested) - Number(a.totalInvested) || b.assets - a.assets;
  const roiRows = new Map(rows.filter((row) => row.dimension === 'roi' && row.key !== null).map((row) => [Number(row.key), row]));
  return {
    assets: total.assets,
    totalInvested: total.total_invested,
    investors,
    averagePerInvestor: total.average_per_investor,
    roi: {
      average: total.roi_average,
      investedWeighted: total.roi_weighted,
      min: total.roi_min,
      max: total.roi_max,
      withoutRoi: total.without_roi,
      buckets: ROI_BUCKETS.map((bucket, index) => ({
        label: bucket.label,
        assets: roiRows.get(index)?.assets ?? 0,
        totalInvested: roiRows.get(index)?.total_invested ?? '0',
      })),
    },
    byStatus: rows
      .filter((row) => row.dimension === 'status')
      .map(group)
      .sort((a, b) => b.assets - a.assets || (a.key ?? '').localeCompare(b.key ?? '')),
    byCategory: rows
      .filter((row) => row.dimension === 'category')
      .map(group)
      .sort(byInvested),
  };
}
