import { PlusIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { DataTableInvalidLink } from '@/components/data-table/data-table-invalid-link';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { FiguresSkeleton } from '@/components/route-states/figures-skeleton';
import { AccessDenied } from '@/components/ui/access-denied';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { findAssetFacetCounts, findAssetPage } from '@/lib/assets/asset.repository';
import { ASSET_CLOSING_WINDOWS, listAssetQuerySchema, type ListAssetQueryInput } from '@/lib/assets/asset.schemas';
import { hasPermission } from '@/lib/auth/permissions';
import { formatSort, isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { findSavedViews } from '@/lib/saved-views/saved-view.service';
import { AssetAggregatesPanel } from './asset-aggregates-panel';
import { AssetsTable, AssetsToolbar, type AssetFacets } from './assets-table';

export const metadata: Metadata = { title: 'Assets' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DEFAULT_QUERY = listAssetQuerySchema.parse({});
const DEFAULT_COLUMNS = [...DEFAULT_QUERY.columns];

export default async function AssetsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = listAssetQuerySchema.safeParse(params);
  const page = await loadPage('assets:read', async ({ em, actor }) => {
    const [facets, savedViews] = await Promise.all([findAssetFacetCounts(em.fork()), findSavedViews(em.fork(), actor, { grid: 'assets' })]);
    return { facets, savedViews, canWrite: hasPermission(actor.role, 'assets:write') };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { facets, savedViews, canWrite } = page.data;
  // The page opened with no state of its own (the sidebar link) shows the admin's default view.
  const defaultView = savedViews.find((view) => view.isOwn && view.isDefault);
  if (Object.keys(params).length === 0 && defaultView?.state) redirect(`/assets?${defaultView.state}`);

  const toolbarFacets: AssetFacets = {
    ...facets,
    minTier: facets.minTier.map((option) => ({ ...option, label: `Tier ${option.value}` })),
    closesWithin: ASSET_CLOSING_WINDOWS.map((days) => ({ value: days, label: `${days} days` })),
  };
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Assets"
        description="Every investment opportunity, searchable in English and Arabic; the figures above the grid follow its filter."
        actions={
          canWrite ? (
            <Button asChild>
              <Link href="/assets/new">
                <PlusIcon aria-hidden /> New asset
              </Link>
            </Button>
          ) : null
        }
      />
      {parsed.success ? (
        <Suspense key={JSON.stringify({ q: parsed.data.q, filters: parsed.data.filters })} fallback={<FiguresSkeleton label="Loading figures" />}>
          <AssetAggregatesPanel query={parsed.data} />
        </Suspense>
      ) : null}
      <AssetsToolbar facets={toolbarFacets} savedViews={savedViews} defaultColumns={DEFAULT_COLUMNS} />
      {parsed.success ? (
        <Suspense key={JSON.stringify(parsed.data)} fallback={<DataTableSkeleton columns={10} />}>
          <AssetsGrid query={parsed.data} canWrite={canWrite} />
        </Suspense>
      ) : (
        <DataTableInvalidLink
          rows="assets"
          issues={parsed.error.issues}
          resetHref={`/assets?sort=${formatSort(DEFAULT_QUERY.sort)}`}
          resetLabel="Show all assets"
        />
      )}
    </div>
  );
}

async function AssetsGrid({ query, canWrite }: { query: ListAssetQueryInput; canWrite: boolean }) {
  const result = await loadPage('assets:read', ({ em }) => findAssetPage(em, query));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <AssetsTable
      assets={rows}
      canWrite={canWrite}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
