import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { findWalletPage } from '@/lib/wallets/wallet.repository';
import { listWalletQuerySchema, type ListWalletQueryInput } from '@/lib/wallets/wallet.schemas';
import { ExplorerNav } from '../_components/explorer-nav';
import { DataTableInvalidLink } from '@/components/data-table/data-table-invalid-link';
import { WalletsTable, WalletsToolbar } from './wallets-table';

export const metadata: Metadata = { title: 'Wallets · Explorer' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const IDENTITY_HASH = /^0x[0-9a-f]{64}$/i;

export default async function WalletsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = listWalletQuerySchema.safeParse(params);
  const page = await loadPage('explorer:read', ({ actor }) =>
    Promise.resolve({
      showIdentity: hasPermission(actor.role, 'explorer:identities'),
      canExport: hasPermission(actor.role, 'exports:create'),
      canUnmaskPhones: hasPermission(actor.role, 'users:reveal-pii'),
    }),
  );
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { showIdentity, canExport, canUnmaskPhones } = page.data;
  const defaultColumns = listWalletQuerySchema.parse({}).columns.filter((column) => showIdentity || column !== 'identity');
  // Finding a wallet by its identity hash links a person to an address: the same permission as seeing the hash.
  const identityRefused = parsed.success && !showIdentity && parsed.data.q !== undefined && IDENTITY_HASH.test(parsed.data.q);

  return (
    <>
      <PageHeader
        title="Wallets"
        description={`The wallet directory, newest first. Phones are masked${showIdentity ? '' : '; identities are not shown to your role'}.`}
      />
      <ExplorerNav current="wallets" />
      <div className="flex flex-col gap-4">
        <WalletsToolbar showIdentity={showIdentity} defaultColumns={defaultColumns} canExport={canExport} canUnmaskPhones={canUnmaskPhones} />
        {!parsed.success ? (
          <DataTableInvalidLink rows="wallets" issues={parsed.error.issues} resetHref="/explorer/wallets" resetLabel="Show all wallets" />
        ) : identityRefused ? (
          <AccessDenied message="Your role does not give access to identities: search by wallet address instead." />
        ) : (
          <Suspense key={JSON.stringify(parsed.data)} fallback={<DataTableSkeleton columns={6} />}>
            <WalletsGrid query={parsed.data} />
          </Suspense>
        )}
      </div>
    </>
  );
}

async function WalletsGrid({ query }: { query: ListWalletQueryInput }) {
  const result = await loadPage('explorer:read', async ({ em, actor }) => ({
    page: await findWalletPage(em, query),
    showIdentity: hasPermission(actor.role, 'explorer:identities'),
  }));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { page, showIdentity } = result.data;
  // The directory query reads the identity hash; a role without the permission never receives it.
  const rows = showIdentity ? page.rows : page.rows.map((row) => ({ ...row, identityHash: null }));
  const columns = showIdentity ? query.columns : query.columns.filter((column) => column !== 'identity');
  return (
    <WalletsTable
      wallets={rows}
      query={{ sort: query.sort, columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor: page.nextCursor, prevCursor: page.prevCursor, total: page.total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
