import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { SidebarNav } from '@/components/shell/app-sidebar';
import { Breadcrumbs } from '@/components/shell/breadcrumbs';
import { RecordCrumbProvider } from '@/components/shell/record-crumb';
import { CommandPalette } from '@/components/shell/command-palette';
import { EvaluationKeysBanner } from '@/components/shell/evaluation-keys-banner';
import { MobileNav } from '@/components/shell/mobile-nav';
import { NAV_ITEMS } from '@/components/shell/nav-items';
import { UserMenu } from '@/components/shell/user-menu';
import { Badge } from '@/components/ui/badge';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import { auth } from '@/lib/auth/next-auth';
import { hasPermission, ROLE_LABELS } from '@/lib/auth/permissions';
import { withEm } from '@/lib/db';
import { generatedSecretNames } from '@/lib/evaluation-keys';
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

  const allowedHrefs = NAV_ITEMS.filter((item) => hasPermission(user.role, item.permission)).map((item) => item.href);
  return (
    <div className="flex min-h-svh">
      {/* The column carries the sidebar's colour down the whole page; the navigation inside it stays in view. */}
      <div className="hidden w-60 shrink-0 border-r bg-sidebar md:block">
        <aside className="sticky top-0 flex h-svh flex-col gap-4 overflow-y-auto py-4">
          <Link href="/dashboard" className="px-5 text-base font-semibold tracking-tight text-sidebar-foreground">
            Pend Admin
          </Link>
          <SidebarNav allowedHrefs={allowedHrefs} />
        </aside>
      </div>
      <RecordCrumbProvider>
        <div className="flex min-w-0 flex-1 flex-col">
          <EvaluationKeysBanner names={generatedSecretNames()} />
          <header className="sticky top-0 z-40 flex h-14 items-center gap-3 border-b bg-background/95 px-4 backdrop-blur md:px-6">
            <MobileNav allowedHrefs={allowedHrefs} />
            <Breadcrumbs />
            <div className="ml-auto flex items-center gap-3">
              <CommandPalette allowedHrefs={allowedHrefs} />
              <span className="hidden items-center gap-1.5 text-sm text-muted-foreground lg:flex">
                Storage mode
                <Badge variant={storageMode === 'pg-primary' ? 'success' : 'warning'} data-testid="storage-mode">
                  {storageMode}
                </Badge>
              </span>
              <UserMenu email={user.email} name={user.name} roleLabel={ROLE_LABELS[user.role]} />
            </div>
          </header>
          <main className="w-full max-w-[1400px] flex-1 p-4 md:p-6">{children}</main>
        </div>
      </RecordCrumbProvider>
    </div>
  );
}
