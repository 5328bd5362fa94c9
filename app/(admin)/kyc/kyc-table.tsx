'use client';

import { AlarmClockIcon, InboxIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { DataTable, selectColumn } from '@/components/data-table/data-table';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTableFacetedFilter, type FacetOption } from '@/components/data-table/data-table-faceted-filter';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { KycQueueRowDto } from '@/lib/kyc/kyc.dto';
import { KYC_DOCUMENT_LABELS, KYC_STATUS_LABELS } from '@/lib/kyc/kyc-labels';
import type { KycQueueCounts } from '@/lib/kyc/kyc.repository';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { KYC_DOCUMENT_TYPES, KYC_STATUSES } from '@/lib/legacy/vocabulary';
import { cn } from '@/lib/utils';
import { claimNextAction } from './actions';
import { BulkDecisions } from './bulk-controls';
import { KYC_COLUMN_OPTIONS, kycColumns } from './kyc-columns';

const FILTERS = ['view', 'status', 'submitted', 'documents', 'assignee', 'breached'] as const;
const STATUS_OPTIONS: FacetOption[] = KYC_STATUSES.map((status) => ({ value: status, label: KYC_STATUS_LABELS[status] }));
const DOCUMENT_OPTIONS: FacetOption[] = KYC_DOCUMENT_TYPES.map((type) => ({ value: type, label: KYC_DOCUMENT_LABELS[type] }));

/** Claim next: the server picks the highest-priority free case; the reviewer lands on it. */
export function ClaimNextButton() {
  const router = useRouter();
  const [state, action, pending] = useActionState(claimNextAction, undefined);
  const claimed = state?.ok ? state.data?.identityHash : undefined;
  useEffect(() => {
    if (claimed) router.push(`/kyc/${claimed}`);
  }, [claimed, router]);
  return (
    <div className="flex flex-col items-end gap-2">
      <form action={action}>
        <Button type="submit" disabled={pending}>
          <InboxIcon aria-hidden /> {pending ? 'Claiming…' : 'Claim next case'}
        </Button>
      </form>
      {state && !state.ok && <FormMessage state={state} />}
    </div>
  );
}

const TABS = [
  { value: null, label: 'All', count: 'all' },
  { value: 'mine', label: 'My cases', count: 'mine' },
  { value: 'unassigned', label: 'Unassigned', count: 'unassigned' },
] as const;

export function KycToolbar({
  counts,
  assignees,
  savedViews,
  defaultColumns,
  canExport,
}: {
  counts: KycQueueCounts;
  assignees: FacetOption[];
  savedViews: SavedViewDto[];
  defaultColumns: string[];
  canExport: boolean;
}) {
  const url = useGridUrl();
  const view = url.searchParams.get('view');
  const breached = url.searchParams.get('breached') === 'true';
  return (
    <div className="flex flex-col gap-3">
      <nav aria-label="Queue tabs" className="inline-flex h-9 w-fit items-center rounded-lg bg-muted p-[3px] text-muted-foreground">
        {TABS.map((tab) => (
          <button
            key={tab.label}
            type="button"
            aria-current={view === tab.value ? 'page' : undefined}
            onClick={() => url.setParam('view', tab.value)}
            className={cn(
              'inline-flex h-full items-center gap-1.5 rounded-md px-3 text-sm font-medium text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-1',
              view === tab.value && 'bg-card shadow-sm',
            )}
          >
            {tab.label} <span className="text-muted-foreground tabular-nums">{counts[tab.count]}</span>
          </button>
        ))}
      </nav>
      <DataTableToolbar
        url={url}
        searchLabel="Find an identity hash (0x…)"
        filterNames={FILTERS}
        actions={
          <>
            <DataTableSavedViews url={url} grid="kyc" views={savedViews} />
            <DataTableViewOptions url={url} columns={KYC_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
            {canExport && <DataTableExport url={url} grid="kyc" personalColumns={['application']} />}
          </>
        }
      >
        <DataTableFacetedFilter url={url} name="status" title="Status" options={STATUS_OPTIONS} />
        <DataTableDateRangeFilter url={url} name="submitted" title="Submitted" />
        <DataTableFacetedFilter url={url} name="documents" title="Documents" options={DOCUMENT_OPTIONS} />
        <DataTableFacetedFilter url={url} name="assignee" title="Assignee" options={assignees} />
        <Button
          variant={breached ? 'secondary' : 'outline'}
          size="sm"
          className="h-8 border-dashed"
          aria-pressed={breached}
          onClick={() => url.setParam('breached', breached ? null : 'true')}
        >
          <AlarmClockIcon aria-hidden /> SLA breached <span className="text-muted-foreground tabular-nums">{counts.breached}</span>
        </Button>
      </DataTableToolbar>
    </div>
  );
}

const selectableColumns = [selectColumn<KycQueueRowDto>(), ...kycColumns];

export function KycTable({ rows, query, page, canReview }: { rows: KycQueueRowDto[]; query: GridQuery; page: GridPage; canReview: boolean }) {
  // Row ids are identity hashes, so a selection names the cases a bulk decision covers.
  const grid = useDataTable({
    data: rows,
    columns: canReview ? selectableColumns : kycColumns,
    query,
    getRowId: (row) => row.identityHash,
    selectable: canReview,
  });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="KYC applications"
      emptyMessage="No KYC applications yet."
      rowHref={(row) => `/kyc/${row.identityHash}`}
      testId="kyc-grid"
      bulkActions={canReview ? (selection) => <BulkDecisions selection={selection} /> : undefined}
    />
  );
}
