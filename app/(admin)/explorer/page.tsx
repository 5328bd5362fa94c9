import type { Metadata } from 'next';
import Link from 'next/link';
import { BarChart, LineChart } from '@/components/charts/charts';
import { AccessDenied } from '@/components/ui/access-denied';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { findChainIngestLag } from '@/lib/chain/chain-ingest.repository';
import { findExplorerOverview, findLatestBlocks } from '@/lib/explorer/explorer.repository';
import { OVERVIEW_RANGES, overviewQuerySchema } from '@/lib/explorer/explorer.schemas';
import { loadPage } from '@/lib/page';
import { cn } from '@/lib/utils';
import { ExplorerNav } from './_components/explorer-nav';
import { formatCount, formatDecimal } from './_components/format';
import { LiveLatestBlocks } from './_components/live-latest-blocks';
import { formatUtc } from '@/lib/display-time';

const formatRefreshed = (iso: string | null) => (iso ? `${formatUtc(iso)} UTC` : 'never');

export const metadata: Metadata = { title: 'Explorer' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ExplorerOverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = overviewQuerySchema.safeParse({ range: params.range });
  const days = Number(parsed.success ? parsed.data.range : '30');
  const page = await loadPage('explorer:read', async ({ em }) => ({
    overview: await findExplorerOverview(em, days),
    latest: await findLatestBlocks(em, { afterNumber: null, limit: 10 }),
    ingestLag: await findChainIngestLag(em),
  }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { overview, latest, ingestLag } = page.data;
  const perDay = overview.perDay.map((point) => ({ ...point, day: point.day.slice(5) }));
  const rangeText = `${overview.range.from.slice(0, 10)} to ${new Date(new Date(overview.range.to).getTime() - 1).toISOString().slice(0, 10)}`;

  return (
    <>
      <PageHeader title="Explorer" description="PendScan: the private chain's blocks, transactions and wallets, as stored." />
      <ExplorerNav current="overview" />
      {!parsed.success && (
        <p role="alert" className="mb-4 rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
          {parsed.error.issues[0]?.message} Showing the last 30 days.
        </p>
      )}
      <LiveLatestBlocks initialBlocks={latest} initialHeight={overview.blockHeight} />

      <Section
        id="network"
        title="Network"
        description={
          <>
            {rangeText} (UTC), ending with the latest block’s day. Range figures and charts from the daily aggregates ·{' '}
            <span className="text-xs" data-testid="explorer-trend-refreshed">
              Last refreshed <time dateTime={overview.trendRefreshedAt ?? undefined}>{formatRefreshed(overview.trendRefreshedAt)}</time>
            </span>
          </>
        }
        actions={
          <nav aria-label="Chart range" className="flex gap-1">
            {OVERVIEW_RANGES.map((range) => (
              <Link
                key={range}
                href={`/explorer?range=${range}`}
                aria-current={Number(range) === days ? 'true' : undefined}
                className={cn(
                  'inline-flex h-8 items-center rounded-md border px-3 text-sm transition-colors hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none',
                  Number(range) === days && 'border-primary bg-accent font-medium',
                )}
              >
                {range} days
              </Link>
            ))}
          </nav>
        }
      >
        <KpiGrid>
          <KpiCard
            label="Blocks in range"
            value={formatCount(overview.blocksInRange)}
            detail={`${formatCount(overview.storedBlocks)} stored in all`}
            href="/explorer/blocks"
            testId="kpi-blocks"
          />
          <KpiCard
            label="Transactions in range"
            value={formatCount(overview.transactionsInRange)}
            detail="chain transactions and log entries"
            href="/explorer/transactions"
            testId="kpi-transactions"
          />
          <KpiCard
            label="Active wallets, busiest day"
            value={formatCount(overview.peakActiveWallets)}
            detail="most distinct wallets that transacted in one day"
            href="/explorer/wallets"
            testId="kpi-active-wallets"
          />
          <KpiCard
            label="Behind the node"
            value={ingestLag && ingestLag.lagBlocks !== null ? `${formatCount(ingestLag.lagBlocks)} blocks` : 'Not following'}
            detail={
              ingestLag === null
                ? 'no chain node configured (CHAIN_RPC_URL)'
                : `node head ${ingestLag.nodeHead ?? '—'}, last stored ${ingestLag.lastIngestAt ? formatUtc(ingestLag.lastIngestAt) : 'never'}`
            }
            tone={ingestLag?.lagBlocks && ingestLag.lagBlocks > 12 ? 'warning' : 'default'}
            testId="kpi-ingest-lag"
          />
          <KpiCard
            label="Pool TVL"
            value={formatDecimal(overview.pool.tvl)}
            detail={overview.pool.asOf ? `published ${formatUtc(overview.pool.asOf)}` : 'no published figure'}
            testId="kpi-tvl"
          />
          <KpiCard
            label="NAV"
            value={formatDecimal(overview.pool.nav)}
            detail={overview.pool.activeInvestors === null ? undefined : `${formatCount(overview.pool.activeInvestors)} active investors`}
            testId="kpi-nav"
          />
        </KpiGrid>
        <div className="grid gap-4 lg:grid-cols-2">
          <BarChart title="Blocks per day" data={perDay} categoryKey="day" categoryLabel="Day (UTC)" series={[{ key: 'blocks', label: 'Blocks' }]} />
          <BarChart
            title="Transactions per day"
            description="Chain transactions and transaction-log entries."
            data={perDay}
            categoryKey="day"
            categoryLabel="Day (UTC)"
            series={[
              { key: 'chainTransactions', label: 'Chain transactions', color: 'var(--chart-2)' },
              { key: 'logEntries', label: 'Log entries', color: 'var(--chart-3)' },
            ]}
          />
          <LineChart
            title="Active and new wallets per day"
            data={perDay}
            categoryKey="day"
            categoryLabel="Day (UTC)"
            series={[
              { key: 'activeWallets', label: 'Active wallets', color: 'var(--chart-4)' },
              { key: 'newWallets', label: 'New wallets', color: 'var(--chart-5)' },
            ]}
          />
        </div>
      </Section>
    </>
  );
}
