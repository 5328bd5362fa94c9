import type { Metadata } from 'next';
import Link from 'next/link';
import { AreaChart, BarChart, DonutChart, LineChart } from '@/components/charts/charts';
import { AccessDenied } from '@/components/ui/access-denied';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import type { AnalyticsOverview } from '@/lib/analytics/analytics.dto';
import { GRANULARITIES, trendQuerySchema, type Granularity } from '@/lib/analytics/analytics.schemas';
import { getAnalyticsOverview } from '@/lib/analytics/analytics.service';
import { hasPermission } from '@/lib/auth/permissions';
import { loadPage } from '@/lib/page';
import { cn } from '@/lib/utils';
import { RefreshButton } from './refresh-button';
import { formatUtcStamp } from '@/lib/display-time';

export const metadata: Metadata = { title: 'Analytics' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const GRANULARITY_LABELS: Record<Granularity, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };
const PER: Record<Granularity, string> = { day: 'per day', week: 'per week', month: 'per month' };
const PRESET_DAYS = [30, 90, 365] as const;

const formatCount = (value: number) => value.toLocaleString('en-US');
/** A decimal string with thousands grouped and at most two decimals shown (the export keeps every digit). */
function formatMoney(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const shown = fraction.slice(0, 2).replace(/0+$/, '');
  return shown ? `${digits}.${shown}` : digits;
}
const formatRefreshed = (iso: string | null) => (iso ? formatUtcStamp(iso, 'minute') : 'never');
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const dayBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

function Refreshed({ at, testId }: { at: string | null; testId?: string }) {
  return (
    <span className="text-xs text-muted-foreground" data-testid={testId}>
      Last refreshed <time dateTime={at ?? undefined}>{formatRefreshed(at)}</time>
    </span>
  );
}

export default async function AnalyticsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = trendQuerySchema.safeParse({
    from: first(params.from) || undefined,
    to: first(params.to) || undefined,
    granularity: first(params.granularity) || undefined,
  });
  const query = parsed.success ? parsed.data : trendQuerySchema.parse({});
  const page = await loadPage('analytics:read', async ({ em, actor }) => ({
    overview: await getAnalyticsOverview(em, query),
    canExport: hasPermission(actor.role, 'exports:create'),
    canRefresh: hasPermission(actor.role, 'analytics:refresh'),
  }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { overview, canExport, canRefresh } = page.data;
  const { trend } = overview;
  const range = `from=${trend.from}&to=${trend.to}&granularity=${trend.granularity}`;
  const exportLink = (grid: string, columns: string[], label = 'Export CSV') =>
    canExport ? (
      <Button asChild variant="ghost" size="sm">
        <a href={`/api/exports/${grid}?${range}&columns=${columns.join(',')}&format=csv`} download>
          {label}
        </a>
      </Button>
    ) : undefined;
  const refreshedTrend = <Refreshed at={trend.refreshedAt} />;
  const points = trend.points.map((point) => ({
    ...point,
    chainValueWei: Number(point.chainValueWei),
    volume: Number(point.volume),
    investedAmount: Number(point.investedAmount),
    aumAdded: Number(point.aumAdded),
    aum: Number(point.aum),
  }));
  /** What every chart over the trend shares: its points by period, its refresh time and its CSV of the given columns. */
  const overTrend = (columns: string[]) => ({
    data: points,
    categoryKey: 'bucket',
    categoryLabel: 'Period (UTC)',
    description: refreshedTrend,
    actions: exportLink('analytics-trend', ['bucket', ...columns]),
  });
  const per = PER[trend.granularity];
  const typeTotals = totalsByType(overview);
  const empty = trend.points.every(
    (point) => point.blocks + point.chainTransactions + point.logTransactions + point.newUsers + point.newAssets + point.kycUpdated === 0,
  );

  return (
    <>
      <PageHeader
        title="Analytics"
        description="User growth, investments, the network, tiers, KYC and AUM, from the aggregates refreshed every 5 minutes."
        actions={canRefresh ? <RefreshButton /> : undefined}
      />
      {!parsed.success && (
        <p role="alert" className="mb-4 rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
          {parsed.error.issues[0]?.message} Showing the default range.
        </p>
      )}

      <form method="get" action="/analytics" aria-label="Range" className="flex flex-wrap items-end gap-3 rounded-lg border bg-card p-4">
        <div className="grid gap-2">
          <Label htmlFor="analytics-from">From (UTC day)</Label>
          <Input id="analytics-from" name="from" type="date" required defaultValue={trend.from} className="w-44" />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="analytics-to">To (UTC day, included)</Label>
          <Input id="analytics-to" name="to" type="date" required defaultValue={trend.to} className="w-44" />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="analytics-granularity">Granularity</Label>
          <NativeSelect id="analytics-granularity" name="granularity" defaultValue={trend.granularity}>
            {GRANULARITIES.map((granularity) => (
              <option key={granularity} value={granularity}>
                {GRANULARITY_LABELS[granularity]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit">Apply</Button>
        <nav aria-label="Preset ranges" className="flex flex-wrap gap-1">
          {PRESET_DAYS.map((days) => {
            const from = dayBefore(trend.to, days - 1);
            const current = from === trend.from;
            return (
              <Link
                key={days}
                href={`/analytics?from=${from}&to=${trend.to}&granularity=${trend.granularity}`}
                aria-current={current ? 'true' : undefined}
                className={cn(
                  'inline-flex h-9 items-center rounded-md border px-3 text-sm transition-colors hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none',
                  current && 'border-primary bg-accent font-medium',
                )}
              >
                Last {days} days
              </Link>
            );
          })}
        </nav>
      </form>

      <Section
        id="now"
        title="Now"
        description={
          <>
            Totals across the platform · <Refreshed at={overview.realTimeRefreshedAt} testId="analytics-refreshed" />
          </>
        }
      >
        <KpiGrid>
          <KpiCard
            label="Registered users"
            value={formatCount(overview.realTime.totalUsers)}
            detail={<Refreshed at={overview.realTimeRefreshedAt} />}
            testId="kpi-total-users"
          />
          <KpiCard
            label="New users (24 h)"
            value={formatCount(overview.realTime.newUsersToday)}
            detail={<Refreshed at={overview.realTimeRefreshedAt} />}
            testId="kpi-new-users"
          />
          <KpiCard
            label="Assets under management"
            value={formatMoney(overview.realTime.totalAum)}
            detail={<Refreshed at={overview.realTimeRefreshedAt} />}
            testId="kpi-aum"
          />
          <KpiCard
            label="Active assets"
            value={formatCount(overview.realTime.activeAssets)}
            detail={<Refreshed at={overview.realTimeRefreshedAt} />}
            testId="kpi-active-assets"
          />
        </KpiGrid>
      </Section>

      {empty && (
        <p role="status" data-testid="analytics-empty" className="mt-6 rounded-md border bg-card p-4 text-sm text-muted-foreground">
          Nothing happened between {trend.from} and {trend.to} (UTC) as of the last refresh. Choose another range, or refresh if data was just imported.
        </p>
      )}

      <Section
        id="users"
        title="User growth"
        description={
          <>
            Registrations {per} and the running total · {refreshedTrend}
          </>
        }
      >
        <div className="grid gap-4 lg:grid-cols-2">
          <BarChart {...overTrend(['newUsers'])} title={`New users ${per}`} series={[{ key: 'newUsers', label: 'New users' }]} />
          <LineChart
            {...overTrend(['newUsers', 'totalUsers'])}
            title="Registered users"
            description={<>Running total, users with a known registration time · {refreshedTrend}</>}
            series={[{ key: 'totalUsers', label: 'Registered users', color: 'var(--chart-2)' }]}
          />
        </div>
      </Section>

      <Section
        id="investments"
        title="Investment trends"
        description={
          <>
            Investments (harvest_invest log entries) {per} · {refreshedTrend}
          </>
        }
      >
        <div className="grid gap-4 lg:grid-cols-2">
          <BarChart
            {...overTrend(['investments', 'investedAmount'])}
            title={`Investments ${per}`}
            series={[{ key: 'investments', label: 'Investments', color: 'var(--chart-3)' }]}
          />
          <LineChart
            {...overTrend(['investments', 'investedAmount'])}
            title={`Invested amount ${per}`}
            valueFormat="compact"
            series={[{ key: 'investedAmount', label: 'Invested amount', color: 'var(--chart-4)' }]}
          />
        </div>
      </Section>

      <Section
        id="network"
        title="Blockchain metrics"
        description={
          <>
            Blocks, transactions and wallets {per} · {refreshedTrend}
          </>
        }
      >
        <div className="grid gap-4 lg:grid-cols-2">
          <BarChart
            {...overTrend(['blocks', 'chainTransactions', 'logTransactions', 'volume'])}
            title={`Blocks and transactions ${per}`}
            series={[
              { key: 'blocks', label: 'Blocks' },
              { key: 'chainTransactions', label: 'Chain transactions', color: 'var(--chart-2)' },
              { key: 'logTransactions', label: 'Logged transactions', color: 'var(--chart-3)' },
            ]}
          />
          <LineChart
            {...overTrend(['activeWallets', 'newWallets'])}
            title={`Active and new wallets ${per}`}
            series={[
              { key: 'activeWallets', label: 'Active wallets', color: 'var(--chart-4)' },
              { key: 'newWallets', label: 'New wallets', color: 'var(--chart-5)' },
            ]}
          />
          <BarChart
            title="Transactions by type"
            description={
              <>
                In the range, both sources · <Refreshed at={trend.typesRefreshedAt} />
              </>
            }
            data={typeTotals}
            categoryKey="type"
            categoryLabel="Source · type"
            series={[{ key: 'transactions', label: 'Transactions', color: 'var(--chart-2)' }]}
            actions={exportLink('analytics-transaction-types', ['bucket', 'source', 'type', 'transactions', 'volume'])}
          />
        </div>
      </Section>

      <Section id="tiers-kyc" title="Tiers and KYC" description={<Refreshed at={overview.distributionsRefreshedAt} />}>
        <div className="grid gap-4 lg:grid-cols-2">
          <DonutChart
            title="Tier distribution"
            description={
              <>
                Identities per tier · <Refreshed at={overview.distributionsRefreshedAt} />
              </>
            }
            data={overview.tiers.map((row) => ({ tier: row.key === 'none' ? 'No tier' : `Tier ${row.key}`, count: row.count }))}
            categoryKey="tier"
            categoryLabel="Tier"
            series={[{ key: 'count', label: 'Identities' }]}
            actions={exportLink('analytics-distributions', ['dimension', 'key', 'count'])}
          />
          <DonutChart
            title="KYC applications by status"
            description={
              <>
                Current status · <Refreshed at={overview.distributionsRefreshedAt} />
              </>
            }
            data={overview.kycStatuses.map((row) => ({ status: row.key.replace(/_/g, ' '), count: row.count }))}
            categoryKey="status"
            categoryLabel="Status"
            series={[{ key: 'count', label: 'Applications' }]}
            actions={exportLink('analytics-distributions', ['dimension', 'key', 'count'])}
          />
          <BarChart
            {...overTrend(['kycUpdated', 'kycVerified', 'kycRejected'])}
            title={`KYC decisions ${per}`}
            description={<>By the application&apos;s last update · {refreshedTrend}</>}
            series={[
              { key: 'kycVerified', label: 'Verified', color: 'var(--chart-2)' },
              { key: 'kycRejected', label: 'Rejected', color: 'var(--chart-5)' },
              { key: 'kycUpdated', label: 'All updates', color: 'var(--chart-1)' },
            ]}
          />
        </div>
      </Section>

      <Section id="aum" title="Assets under management" description={<>Total invested in the assets created up to each period · {refreshedTrend}</>}>
        <div className="grid gap-4 lg:grid-cols-2">
          <AreaChart
            {...overTrend(['newAssets', 'aumAdded', 'aum'])}
            title="AUM"
            valueFormat="compact"
            series={[{ key: 'aum', label: 'AUM', color: 'var(--chart-1)' }]}
          />
          <BarChart
            {...overTrend(['newAssets', 'aumAdded'])}
            title={`New assets ${per}`}
            series={[{ key: 'newAssets', label: 'New assets', color: 'var(--chart-3)' }]}
          />
        </div>
      </Section>
    </>
  );
}

/** Transactions per source and type over the whole range, largest first. */
function totalsByType(overview: AnalyticsOverview): Array<{ type: string; transactions: number }> {
  const totals = new Map<string, number>();
  for (const row of overview.trend.types) {
    const key = `${row.source} · ${row.type || '(none)'}`;
    totals.set(key, (totals.get(key) ?? 0) + row.transactions);
  }
  return [...totals].map(([type, transactions]) => ({ type, transactions })).sort((a, b) => b.transactions - a.transactions);
}
