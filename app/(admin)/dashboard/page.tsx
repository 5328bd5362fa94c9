import type { Metadata } from 'next';
import Link from 'next/link';
import { DashboardEmptyState } from '@/components/dashboard/empty-state';
import { AccessDenied } from '@/components/ui/access-denied';
import { cache } from '@/lib/cache';
import { getDashboardStats } from '@/lib/dashboard/get-dashboard-stats';
import { hasImportedData } from '@/lib/dashboard/has-imported-data';
import { loadPage } from '@/lib/page';
import { getStorageMode } from '@/lib/settings/storage-mode';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const page = await loadPage('dashboard:read', async ({ em }) => ({
    stats: await getDashboardStats(em, cache()),
    storageMode: await getStorageMode(em),
    cacheStats: cache().stats(),
    hasImportedData: await hasImportedData(em),
  }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { stats, storageMode, cacheStats } = page.data;

  const cards = [
    { label: 'Active admin users', value: stats.activeAdmins, href: '/settings/admin-users' },
    { label: 'Audit trail entries', value: stats.auditEntries, href: '/audit' },
    { label: 'Sign-ins (24 h)', value: stats.loginsLast24h, href: '/audit?action=LOGIN' },
    { label: 'Failed sign-ins (24 h)', value: stats.failedLoginsLast24h, href: '/audit?action=LOGIN_FAILED' },
    { label: 'Locked accounts', value: stats.lockedAccounts, href: '/settings/admin-users' },
  ];
  return (
    <>
      <h1>Dashboard</h1>
      {!page.data.hasImportedData && <DashboardEmptyState />}
      <div className="cards">
        {cards.map((card) => (
          <Link key={card.label} href={card.href} className="card" style={{ color: 'inherit', textDecoration: 'none' }} data-testid="dashboard-card">
            <div className="label">{card.label}</div>
            <div className="value">{card.value.toLocaleString('en-US')}</div>
          </Link>
        ))}
        <div className="card">
          <div className="label">Storage mode</div>
          <div className="value" style={{ fontSize: '1.1rem' }}>{storageMode}</div>
        </div>
        <div className="card">
          <div className="label">Cache ({cacheStats.backend})</div>
          <div className="value" style={{ fontSize: '1.1rem' }}>
            {cacheStats.hitRatio === null ? 'no reads yet' : `${Math.round(cacheStats.hitRatio * 100)}% hits`}
          </div>
        </div>
      </div>
      <p style={{ color: 'var(--muted)', marginTop: '1.5rem' }}>
        Legacy data (users, assets, KYC, explorer) appears here once the migration engine has imported it.
      </p>
    </>
  );
}
