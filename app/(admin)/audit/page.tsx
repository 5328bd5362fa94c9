import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { DataTableInvalidLink } from '@/components/data-table/data-table-invalid-link';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { toAuditEntryDto } from '@/lib/audit/audit.dto';
import { findAuditFacets, findAuditPage } from '@/lib/audit/audit.repository';
import { listAuditQuerySchema, type ListAuditQuery } from '@/lib/audit/audit.schemas';
import { hasPermission } from '@/lib/auth/permissions';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { formatSort, isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { findSavedViews } from '@/lib/saved-views/saved-view.service';
import { AuditTable, AuditToolbar } from './audit-table';
import { ChainState } from './chain-state';
import { VerifyChainButton } from './verify-chain-button';

export const metadata: Metadata = { title: 'Audit trail' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DEFAULT_COLUMNS = [...listAuditQuerySchema.parse({}).columns];

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = listAuditQuerySchema.safeParse(params);
  const page = await loadPage('audit:read', async ({ em, actor }) => {
    const [facets, chain, savedViews] = await Promise.all([
      findAuditFacets(em.fork()),
      verifyAuditChain(em.fork(), 'since-checkpoint'),
      findSavedViews(em.fork(), actor, { grid: 'audit' }),
    ]);
    return { facets, chain, savedViews, canVerify: hasPermission(actor.role, 'audit:verify'), canExport: hasPermission(actor.role, 'exports:create') };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { facets, chain, savedViews, canVerify, canExport } = page.data;
  // The page opened with no state of its own (the sidebar link) shows the admin's default view.
  const defaultView = savedViews.find((view) => view.isOwn && view.isDefault);
  if (Object.keys(params).length === 0 && defaultView?.state) redirect(`/audit?${defaultView.state}`);

  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Audit trail" description="Every change, sign-in and sensitive read, hash-chained so tampering shows." />
      <ChainState state={chain} />
      {canVerify && <VerifyChainButton />}
      <AuditToolbar facets={facets} savedViews={savedViews} defaultColumns={DEFAULT_COLUMNS} canExport={canExport} canVerify={canVerify} />
      {parsed.success ? (
        <Suspense key={JSON.stringify(parsed.data)} fallback={<DataTableSkeleton columns={8} />}>
          <AuditGrid query={parsed.data} />
        </Suspense>
      ) : (
        <DataTableInvalidLink
          rows="entries"
          issues={parsed.error.issues}
          resetHref={`/audit?sort=${formatSort(listAuditQuerySchema.parse({}).sort)}`}
          resetLabel="Show all entries"
        />
      )}
    </div>
  );
}

async function AuditGrid({ query }: { query: ListAuditQuery }) {
  const result = await loadPage('audit:read', ({ em }) => findAuditPage(em, query));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <AuditTable
      entries={rows.map(toAuditEntryDto)}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
