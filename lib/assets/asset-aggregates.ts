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
 * One statement, one pass over the matching rows: the totals, and the same sums per status, per
 * category and per ROI bucket (GROUPING SETS). It narrows the rows with the list query's own
 * conditions, so the figures always describe the rows the grid pages through.
 */
export function assetAggregatesQuery(query: Pick<ListAssetQueryInput, 'q' | 'filters'>): SqlFragment {
  const where = sql.and(assetFilterConditions(query));
  return sql`
    SELECT CASE WHEN grouping(m.status) = 0 THEN 'status' WHEN grouping(m.category) = 0 THEN 'category'
                WHEN grouping(m.roi_bucket) = 0 THEN 'roi' ELSE 'total' END AS dimension,
           coalesce(m.status::text, m.category, m.roi_bucket::text) AS key,
           count(*)::int AS assets,
           coalesce(sum(m.total_invested), 0)::text AS total_invested,
           coalesce(sum(m.investor_count), 0)::text AS investors,
           round(sum(m.total_invested) / nullif(sum(m.investor_count), 0), 2)::text AS average_per_investor,
           round(avg(m.expected_roi), 2)::text AS roi_average,
           round(sum(m.expected_roi * m.total_invested) FILTER (WHERE m.total_invested > 0)
                 / nullif(sum(m.total_invested) FILTER (WHERE m.expected_roi IS NOT NULL AND m.total_invested > 0), 0), 2)::text AS roi_weighted,
           min(m.expected_roi)::text AS roi_min,
           max(m.expected_roi)::text AS roi_max,
           (count(*) FILTER (WHERE m.expected_roi IS NULL))::int AS without_roi
      FROM (SELECT a.status, nullif(btrim(a.category), '') AS category, a.total_invested, a.investor_count, a.expected_roi, ${roiBucket} AS roi_bucket
              FROM assets a WHERE ${where}) m
     GROUP BY GROUPING SETS ((), (m.status), (m.category), (m.roi_bucket))`;
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
