import { DatabaseIcon } from 'lucide-react';
import { Sparkline } from '@/components/charts/sparkline';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { hasPermission, type Permission } from '@/lib/auth/permissions';
import { cache } from '@/lib/cache';
import { getDashboardKpis, type MonthPoint } from '@/lib/dashboard/get-dashboard-kpis';
import { loadPage } from '@/lib/page';
import { formatCompact, formatCount, formatLag } from './format';

function describeSeries(what: string, points: MonthPoint[]): string {
  if (!points.length) return `No ${what} recorded yet.`;
  return `${what} per month from ${points[0].month} to ${points.at(-1)!.month}: ${points.map((point) => formatCount(point.value)).join(', ')}.`;
}

/** The platform's key figures, each linking to its screen when the role may open it. */
export async function PlatformKpis() {
  const page = await loadPage('dashboard:read', async ({ em }) => getDashboardKpis(em, cache()));
  if (!page.allowed) return null;
  const kpis = page.data;
  const linkIf = (permission: Permission, href: string) => (hasPermission(page.actor.role, permission) ? href : undefined);
  const { migration, sync } = kpis;
  const migrationTone = migration.sources === 0 ? 'default' : migration.validated === migration.sources ? 'success' : 'warning';

  return (
    <div className="grid gap-4">
      {kpis.users.total === 0 && (
        <Alert variant="info" role="status">
          <DatabaseIcon aria-hidden />
          <AlertTitle>No legacy data imported yet.</AlertTitle>
          <AlertDescription>
            <p>
              Import the legacy server&apos;s data folder (the one holding <code className="font-mono text-xs">wallet-db.json</code>) with{' '}
              <code className="font-mono text-xs">npm run migrate -- --from /path/to/legacy/server</code>; these figures fill in from it.
            </p>
          </AlertDescription>
        </Alert>
      )}
      <KpiGrid>
        <KpiCard
          label="Registered users"
          value={formatCount(kpis.users.total)}
          detail="new wallets per month"
          href={linkIf('users:read', '/users')}
          testId="kpi-users"
          chart={<Sparkline values={kpis.users.newPerMonth.map((point) => point.value)} summary={describeSeries('New wallets', kpis.users.newPerMonth)} />}
        />
        <KpiCard
          label="Assets under management"
          value={formatCompact(Number(kpis.aum.total))}
          detail={`${formatCount(Number(kpis.aum.total))} invested in total`}
          href={linkIf('assets:read', '/assets')}
          testId="kpi-aum"
          chart={
            <Sparkline
              values={kpis.aum.cumulativePerMonth.map((point) => point.value)}
              summary={describeSeries('Total invested', kpis.aum.cumulativePerMonth)}
              color="var(--chart-2)"
            />
          }
        />
        <KpiCard
          label="KYC awaiting review"
          value={formatCount(kpis.kyc.pending)}
          detail="applications updated per month"
          tone={kpis.kyc.pending > 0 ? 'warning' : 'default'}
          href={linkIf('kyc:read', '/kyc')}
          testId="kpi-kyc"
          chart={
            <Sparkline
              values={kpis.kyc.submittedPerMonth.map((point) => point.value)}
              summary={describeSeries('KYC applications updated', kpis.kyc.submittedPerMonth)}
              color="var(--chart-3)"
            />
          }
        />
        <KpiCard
          label="Migration"
          value={migration.sources ? `${migration.validated} / ${migration.sources}` : 'not run'}
          detail={migration.sources ? `sources validated · ${formatCount(migration.mismatchedRecords)} mismatched records` : 'no import yet'}
          tone={migrationTone}
          href={linkIf('migration:read', '/migration')}
          testId="kpi-migration"
        />
        <KpiCard
          label="Sync lag"
          value={sync.latestLagMs === null ? '—' : formatLag(sync.latestLagMs)}
          detail={sync.recent.length ? `last ${sync.recent.length} syncs` : 'the sync worker has not synced yet'}
          href={linkIf('migration:read', '/migration#sources')}
          testId="kpi-sync"
          chart={
            sync.recent.length > 1 ? (
              <Sparkline
                values={sync.recent.map((point) => point.lagMs)}
                summary={`Lag of the last ${sync.recent.length} syncs in milliseconds: ${sync.recent.map((point) => point.lagMs).join(', ')}.`}
                color="var(--chart-4)"
              />
            ) : undefined
          }
        />
      </KpiGrid>
    </div>
  );
}
