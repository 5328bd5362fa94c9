import { BarChart, DonutChart } from '@/components/charts/charts';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { findAssetAggregates, type AssetGroupAggregate } from '@/lib/assets/asset-aggregates';
import type { ListAssetQueryInput } from '@/lib/assets/asset.schemas';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { formatAmount, formatCompactAmount, formatPercent } from './format';

/** How many categories the chart names (with "Other", one per palette colour); the rest are summed as "Other". */
const CHART_CATEGORIES = 4;

function topCategories(groups: AssetGroupAggregate[]) {
  const named = groups.slice(0, CHART_CATEGORIES).map((group) => ({ category: group.key ?? 'No category', invested: Number(group.totalInvested) }));
  const rest = groups.slice(CHART_CATEGORIES);
  if (rest.length) named.push({ category: `Other (${rest.length})`, invested: rest.reduce((sum, group) => sum + Number(group.totalInvested), 0) });
  return named;
}

/** Total AUM, average per investor, investors, and the breakdowns, for the assets the grid's filter matches. */
export async function AssetAggregatesPanel({ query }: { query: ListAssetQueryInput }) {
  const result = await loadPage('assets:read', ({ em }) => findAssetAggregates(em, query));
  if (!result.allowed) return null;
  const aggregates = result.data;
  const { roi } = aggregates;
  const count = `${aggregates.assets.toLocaleString('en-US')} ${aggregates.assets === 1 ? 'asset' : 'assets'}`;
  return (
    <section aria-label="Figures for the current filter" className="flex flex-col gap-4" data-testid="asset-aggregates">
      <KpiGrid>
        <KpiCard
          label="Total AUM"
          value={<span title={formatAmount(aggregates.totalInvested) ?? undefined}>{formatCompactAmount(aggregates.totalInvested)}</span>}
          detail={isFiltered(query) ? `Invested in the ${count} matching this filter` : `Invested in all ${count}`}
          testId="aggregate-aum"
        />
        <KpiCard
          label="Average per investor"
          value={aggregates.averagePerInvestor === null ? '—' : formatAmount(aggregates.averagePerInvestor)}
          detail="Total invested ÷ investors"
          testId="aggregate-average"
        />
        <KpiCard
          label="Investors"
          value={aggregates.investors.toLocaleString('en-US')}
          detail="Summed per asset: one person in two assets counts twice"
          testId="aggregate-investors"
        />
        <KpiCard
          label="Expected ROI"
          value={formatPercent(roi.investedWeighted ?? roi.average) ?? '—'}
          detail={
            roi.average === null
              ? 'No asset states an ROI'
              : `${roi.investedWeighted === null ? 'Average' : 'Weighted by amount invested'}; range ${formatPercent(roi.min)} – ${formatPercent(roi.max)}`
          }
          testId="aggregate-roi"
        />
      </KpiGrid>
      <div className="grid gap-4 lg:grid-cols-3">
        <BarChart
          title="Assets by status"
          data={aggregates.byStatus.map((group) => ({ status: group.key ?? '—', assets: group.assets }))}
          categoryKey="status"
          categoryLabel="Status"
          series={[{ key: 'assets', label: 'Assets', color: 'var(--chart-3)' }]}
        />
        <DonutChart
          title="Invested by category"
          data={topCategories(aggregates.byCategory)}
          categoryKey="category"
          categoryLabel="Category"
          series={[{ key: 'invested', label: 'Total invested' }]}
          valueFormat="compact"
        />
        <BarChart
          title="ROI distribution"
          description={roi.withoutRoi ? `${roi.withoutRoi.toLocaleString('en-US')} without an expected ROI are not shown.` : 'Assets by expected ROI.'}
          data={roi.buckets.map((bucket) => ({ roi: bucket.label, assets: bucket.assets }))}
          categoryKey="roi"
          categoryLabel="Expected ROI"
          series={[{ key: 'assets', label: 'Assets', color: 'var(--chart-2)' }]}
        />
      </div>
    </section>
  );
}
