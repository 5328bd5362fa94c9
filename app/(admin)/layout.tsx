import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { NAV_ITEMS } from '@/components/shell/nav-items';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import { auth } from '@/lib/auth/next-auth';
import { hasPermission, ROLE_LABELS } from '@/lib/auth/permissions';
import { withEm } from '@/lib/db';
import { getStorageMode } from '@/lib/settings/storage-mode';

export const dynamic = 'force-dynamic';

/** Chrome only: every page and action still authorizes itself (a layout check protects nothing). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user?.id) redirect('/login');
  const { user, storageMode } = await withEm(async (em) => ({
    user: await findAdminUserById(em, session.user.id),
    storageMode: await getStorageMode(em),
  }));
  if (!user || !user.isActive) redirect('/login');

  const items = NAV_ITEMS.filter((item) => hasPermission(user.role, item.permission));
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link href="/dashboard" className="brand">
          Pend Admin
        </Link>
        <SidebarNav items={items.map(({ href, label, built }) => ({ href, label, built }))} />
      </aside>
      <div className="main">
        <header className="topbar">
          <span>
            Storage mode:{' '}
            <span className={`badge ${storageMode === 'pg-primary' ? 'ok' : 'warn'}`} data-testid="storage-mode">
              {storageMode}
            </span>
          </span>
          <span style={{ display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
            <span>
              {user.email} <span className="badge">{ROLE_LABELS[user.role]}</span>
            </span>
            <SignOutButton />
          </span>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
