import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { findChainBlockPage } from '@/lib/chain/chain.repository';
import { listChainBlockQuerySchema, type ListChainBlockQueryInput } from '@/lib/chain/chain.schemas';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { ExplorerNav } from '../_components/explorer-nav';
import { DataTableInvalidLink } from '@/components/data-table/data-table-invalid-link';
import { BlocksLiveNotice, BlocksTable, BlocksToolbar } from './blocks-table';

export const metadata: Metadata = { title: 'Blocks · Explorer' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DEFAULT_COLUMNS = [...listChainBlockQuerySchema.parse({}).columns];

export default async function BlocksPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = listChainBlockQuerySchema.safeParse(params);
  const access = await loadPage('explorer:read', ({ actor }) => Promise.resolve({ canExport: hasPermission(actor.role, 'exports:create') }));
  if (!access.allowed) return <AccessDenied message={access.message} />;
  const followsHead = parsed.success && !parsed.data.cursor && parsed.data.sort[0].direction === 'desc';

  return (
    <>
      <PageHeader title="Blocks" description="Every stored block, newest first. Pages are keyset pages: a link reproduces the view." />
      <ExplorerNav current="blocks" />
      <div className="flex flex-col gap-4">
        <BlocksLiveNotice followsHead={followsHead} />
        <BlocksToolbar defaultColumns={DEFAULT_COLUMNS} canExport={access.data.canExport} />
        {parsed.success ? (
          <Suspense key={JSON.stringify(parsed.data)} fallback={<DataTableSkeleton columns={6} />}>
            <BlocksGrid query={parsed.data} />
          </Suspense>
        ) : (
          <DataTableInvalidLink rows="blocks" issues={parsed.error.issues} resetHref="/explorer/blocks" resetLabel="Show all blocks" />
        )}
      </div>
    </>
  );
}

async function BlocksGrid({ query }: { query: ListChainBlockQueryInput }) {
  const result = await loadPage('explorer:read', ({ em }) => findChainBlockPage(em, query));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <BlocksTable
      blocks={rows}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
