import { UploadIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { FiguresSkeleton } from '@/components/route-states/figures-skeleton';
import { AccessDenied } from '@/components/ui/access-denied';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { DataTableInvalidLink } from '@/components/data-table/data-table-invalid-link';
import { hasPermission } from '@/lib/auth/permissions';
import { formatSort, isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { findSavedViews } from '@/lib/saved-views/saved-view.service';
import { findUserPage } from '@/lib/users/user.repository';
import { listUserQuerySchema, type ListUserQueryInput } from '@/lib/users/user.schemas';
import { UserAnalyticsPanel } from './user-analytics-panel';
import { UsersTable, UsersToolbar } from './users-table';

export const metadata: Metadata = { title: 'Users' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DEFAULT_QUERY = listUserQuerySchema.parse({});
const DEFAULT_COLUMNS = [...DEFAULT_QUERY.columns];

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = listUserQuerySchema.safeParse(params);
  const page = await loadPage('users:read', async ({ em, actor }) => {
    const savedViews = await findSavedViews(em.fork(), actor, { grid: 'users' });
    return {
      savedViews,
      canExport: hasPermission(actor.role, 'exports:create'),
      canUnmaskPhones: hasPermission(actor.role, 'users:reveal-pii'),
      canWrite: hasPermission(actor.role, 'users:write'),
    };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { savedViews, canExport, canUnmaskPhones, canWrite } = page.data;
  // The page opened with no state of its own (the sidebar link) shows the admin's default view.
  const defaultView = savedViews.find((view) => view.isOwn && view.isDefault);
  if (Object.keys(params).length === 0 && defaultView?.state) redirect(`/users?${defaultView.state}`);

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Users"
        description="Every identity any legacy source names, registered or not. Phones are masked; search finds a whole number, its last four digits or its prefix without decrypting one."
        actions={
          canWrite ? (
            <Button variant="outline" asChild>
              <Link href="/users/import">
                <UploadIcon aria-hidden /> Import tier changes
              </Link>
            </Button>
          ) : undefined
        }
      />
      <UsersToolbar savedViews={savedViews} defaultColumns={DEFAULT_COLUMNS} canExport={canExport} canUnmaskPhones={canUnmaskPhones} />
      {parsed.success ? (
        <>
          <Suspense key={JSON.stringify(parsed.data)} fallback={<DataTableSkeleton columns={9} />}>
            <UsersGrid query={parsed.data} canWrite={canWrite} />
          </Suspense>
          <Suspense
            key={`analytics-${JSON.stringify({ q: parsed.data.q, filters: parsed.data.filters })}`}
            fallback={<FiguresSkeleton label="Loading engagement figures" />}
          >
            <UserAnalyticsPanel query={parsed.data} />
          </Suspense>
        </>
      ) : (
        <DataTableInvalidLink
          rows="users"
          issues={parsed.error.issues}
          resetHref={`/users?sort=${formatSort(DEFAULT_QUERY.sort)}`}
          resetLabel="Show all users"
        />
      )}
    </div>
  );
}

async function UsersGrid({ query, canWrite }: { query: ListUserQueryInput; canWrite: boolean }) {
  const result = await loadPage('users:read', ({ em }) => findUserPage(em, query));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <UsersTable
      users={rows}
      canWrite={canWrite}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
