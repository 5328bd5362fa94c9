import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { DataTableInvalidLink } from '@/components/data-table/data-table-invalid-link';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { findPendingProposals } from '@/lib/kyc/kyc-bulk';
import { getSlaHours } from '@/lib/kyc/kyc-rules';
import { toKycQueueRowDto } from '@/lib/kyc/kyc.dto';
import { findKycAssignees, findKycQueueCounts, findKycQueuePage } from '@/lib/kyc/kyc.repository';
import { listKycQuerySchema, type ListKycQuery } from '@/lib/kyc/kyc.schemas';
import { formatSort, isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { findSavedViews } from '@/lib/saved-views/saved-view.service';
import { BulkProposals } from './bulk-controls';
import { ClaimNextButton, KycTable, KycToolbar } from './kyc-table';

export const metadata: Metadata = { title: 'KYC review' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DEFAULT_COLUMNS = [...listKycQuerySchema.parse({}).columns];

export default async function KycPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = listKycQuerySchema.safeParse(params);
  const page = await loadPage('kyc:read', async ({ em, actor }) => {
    const hours = await getSlaHours(em);
    const canReview = hasPermission(actor.role, 'kyc:review');
    const [counts, assignees, savedViews, proposals] = await Promise.all([
      findKycQueueCounts(em.fork(), actor.id, hours),
      findKycAssignees(em.fork()),
      findSavedViews(em.fork(), actor, { grid: 'kyc' }),
      canReview ? findPendingProposals(em.fork(), actor) : Promise.resolve([]),
    ]);
    return { counts, assignees, savedViews, proposals, canReview, canExport: hasPermission(actor.role, 'exports:create') };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { counts, assignees, savedViews, proposals, canReview, canExport } = page.data;
  const defaultView = savedViews.find((view) => view.isOwn && view.isDefault);
  if (Object.keys(params).length === 0 && defaultView?.state) redirect(`/kyc?${defaultView.state}`);

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="KYC review"
        description="Applications by priority: resubmissions and high-tier requests first, then the oldest."
        actions={
          <>
            <Button asChild variant="outline">
              <Link href="/kyc/metrics">Metrics</Link>
            </Button>
            {canReview && <ClaimNextButton />}
          </>
        }
      />
      <BulkProposals proposals={proposals} />
      <KycToolbar
        counts={counts}
        assignees={assignees.map((option) => ({ ...option }))}
        savedViews={savedViews}
        defaultColumns={DEFAULT_COLUMNS}
        canExport={canExport}
      />
      {parsed.success ? (
        <Suspense key={JSON.stringify(parsed.data)} fallback={<DataTableSkeleton columns={7} />}>
          <KycGrid query={parsed.data} canReview={canReview} />
        </Suspense>
      ) : (
        <DataTableInvalidLink
          rows="applications"
          issues={parsed.error.issues}
          resetHref={`/kyc?sort=${formatSort(listKycQuerySchema.parse({}).sort)}`}
          resetLabel="Show the whole queue"
        />
      )}
    </div>
  );
}

async function KycGrid({ query, canReview }: { query: ListKycQuery; canReview: boolean }) {
  const result = await loadPage('kyc:read', async ({ em, actor }) => {
    const hours = await getSlaHours(em);
    const page = await findKycQueuePage(em, query, actor.id, hours);
    return { ...page, rows: page.rows.map((row) => toKycQueueRowDto(row, hours)) };
  });
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <KycTable
      rows={rows}
      canReview={canReview}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
