import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { findExplorerTransactionPage, findExplorerTransactionTypes } from '@/lib/explorer/explorer-transactions.repository';
import { listExplorerTransactionQuerySchema, type ListExplorerTransactionQueryInput } from '@/lib/explorer/explorer.schemas';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { ExplorerNav } from '../_components/explorer-nav';
import { DataTableInvalidLink } from '@/components/data-table/data-table-invalid-link';
import { TransactionsTable, TransactionsToolbar } from './transactions-table';

export const metadata: Metadata = { title: 'Transactions · Explorer' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DEFAULT_COLUMNS = [...listExplorerTransactionQuerySchema.parse({}).columns];

export default async function TransactionsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = listExplorerTransactionQuerySchema.safeParse(params);
  const page = await loadPage('explorer:read', async ({ em, actor }) => ({
    types: await findExplorerTransactionTypes(em),
    showIdentity: hasPermission(actor.role, 'explorer:identities'),
    canExport: hasPermission(actor.role, 'exports:create'),
  }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { types, showIdentity, canExport } = page.data;
  // Filtering by identity links transactions to a person: the same permission as seeing the hash.
  const identityRefused = parsed.success && !showIdentity && parsed.data.filters.identity !== undefined;

  return (
    <>
      <PageHeader title="Transactions" description="Chain transactions and the platform's transaction log in one list, newest first." />
      <ExplorerNav current="transactions" />
      <div className="flex flex-col gap-4">
        <TransactionsToolbar types={types} showIdentity={showIdentity} defaultColumns={DEFAULT_COLUMNS} canExport={canExport} />
        {!parsed.success ? (
          <DataTableInvalidLink rows="transactions" issues={parsed.error.issues} resetHref="/explorer/transactions" resetLabel="Show all transactions" />
        ) : identityRefused ? (
          <AccessDenied message="Your role does not give access to identities: remove the identity filter from the link." />
        ) : (
          <Suspense key={JSON.stringify(parsed.data)} fallback={<DataTableSkeleton columns={8} />}>
            <TransactionsGrid query={parsed.data} />
          </Suspense>
        )}
      </div>
    </>
  );
}

async function TransactionsGrid({ query }: { query: ListExplorerTransactionQueryInput }) {
  const result = await loadPage('explorer:read', ({ em, actor }) =>
    findExplorerTransactionPage(em, query, { showIdentity: hasPermission(actor.role, 'explorer:identities') }),
  );
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  // Without the identity permission the column is not offered, and a link naming it shows the others.
  const columns = hasPermission(result.actor.role, 'explorer:identities') ? query.columns : query.columns.filter((column) => column !== 'identity');
  return (
    <TransactionsTable
      transactions={rows}
      query={{ sort: query.sort, columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
