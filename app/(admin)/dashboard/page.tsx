import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DashboardEmptyState } from '@/components/dashboard/empty-state';
import { AccessDenied } from '@/components/ui/access-denied';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { Skeleton } from '@/components/ui/skeleton';
import { hasPermission } from '@/lib/auth/permissions';
import { cache } from '@/lib/cache';
import { getDashboardStats } from '@/lib/dashboard/get-dashboard-stats';
import { hasImportedData } from '@/lib/dashboard/has-imported-data';
import { loadPage } from '@/lib/page';
import { DashboardCharts } from './dashboard-charts';
import { formatCount } from './format';
import { PlatformKpis } from './platform-kpis';

export const metadata: Metadata = { title: 'Dashboard' };

function PanelSkeleton({ count, className }: { count: number; className: string }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading figures" className="grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-4">
      {Array.from({ length: count }, (_, index) => (
        <Skeleton key={index} className={className} />
      ))}
    </div>
  );
}

export default async function DashboardPage() {
  const page = await loadPage('dashboard:read', async ({ em }) => ({
    stats: await getDashboardStats(em, cache()),
    cacheStats: cache().stats(),
    hasImportedData: await hasImportedData(em),
  }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { stats, cacheStats } = page.data;

  // A card links only to a screen this role may open: never to an "access denied" page.
  const canManage = hasPermission(page.actor.role, 'admin-users:manage');
  const canAudit = hasPermission(page.actor.role, 'audit:read');
  const cards = [
    { label: 'Active admin users', value: stats.activeAdmins, href: canManage ? '/settings/admin-users' : undefined },
    { label: 'Audit trail entries', value: stats.auditEntries, href: canAudit ? '/audit' : undefined },
    { label: 'Sign-ins (24 h)', value: stats.loginsLast24h, href: canAudit ? '/audit?action=LOGIN' : undefined },
    { label: 'Failed sign-ins (24 h)', value: stats.failedLoginsLast24h, href: canAudit ? '/audit?action=LOGIN_FAILED' : undefined },
    { label: 'Accounts with failed sign-ins', value: stats.accountsUnderAttack, href: canManage ? '/settings/admin-users' : undefined },
  ];
  return (
    <>
      <PageHeader title="Dashboard" description="The platform at a glance, from the migrated data." />
      {!page.data.hasImportedData && <DashboardEmptyState />}
      {/* The platform figures and charts scan the domain tables: they stream in, the page does not wait. */}
      <Suspense fallback={<PanelSkeleton count={5} className="h-36 rounded-xl" />}>
        <PlatformKpis />
      </Suspense>
      <Section id="trends" title="Trends">
        <Suspense fallback={<PanelSkeleton count={4} className="h-72 rounded-xl" />}>
          <DashboardCharts />
        </Suspense>
      </Section>
      <Section id="administration" title="Administration">
        <KpiGrid>
          {cards.map((card) => (
            <KpiCard key={card.label} label={card.label} value={formatCount(card.value)} href={card.href} testId="dashboard-card" />
          ))}
          <KpiCard
            label={`Cache (${cacheStats.backend})`}
            value={cacheStats.hitRatio === null ? 'no reads yet' : `${Math.round(cacheStats.hitRatio * 100)}% hits`}
          />
        </KpiGrid>
      </Section>
    </>
  );
}
