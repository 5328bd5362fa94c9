'use client';

import { CopyIcon } from 'lucide-react';
import { toast } from 'sonner';
import { DataTable, selectColumn } from '@/components/data-table/data-table';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableFacetedFilter } from '@/components/data-table/data-table-faceted-filter';
import { DataTableNumberRangeFilter } from '@/components/data-table/data-table-number-range-filter';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery, type GridSelection } from '@/components/data-table/use-data-table';
import { Button } from '@/components/ui/button';
import type { AuditEntryDto } from '@/lib/audit/audit.dto';
import type { AuditFacets } from '@/lib/audit/audit.repository';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { AUDIT_COLUMN_OPTIONS, auditColumns } from './audit-columns';
import { AuditExtractMenu } from './audit-extract-menu';

const columns = [selectColumn<AuditEntryDto>(), ...auditColumns];
const FILTERS = ['action', 'table', 'source', 'changedAt', 'seq'] as const;

/** The audit grid's toolbar; it sits outside the grid's Suspense boundary so a filter popover survives the reload of the rows. */
export function AuditToolbar({
  facets,
  savedViews,
  defaultColumns,
  canExport,
  canVerify,
}: {
  facets: AuditFacets;
  savedViews: SavedViewDto[];
  defaultColumns: string[];
  canExport: boolean;
  canVerify: boolean;
}) {
  const url = useGridUrl();
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Search actor or record id"
      filterNames={FILTERS}
      actions={
        <>
          <DataTableSavedViews url={url} grid="audit" views={savedViews} />
          <DataTableViewOptions url={url} columns={AUDIT_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
          {canExport && <DataTableExport url={url} grid="audit" />}
          {canExport && <AuditExtractMenu url={url} canVerify={canVerify} />}
        </>
      }
    >
      <DataTableFacetedFilter url={url} name="action" title="Action" options={facets.action} />
      <DataTableFacetedFilter url={url} name="table" title="Table" options={facets.table} />
      <DataTableFacetedFilter url={url} name="source" title="Source" options={facets.source} />
      <DataTableDateRangeFilter url={url} name="changedAt" title="When" />
      <DataTableNumberRangeFilter url={url} name="seq" title="Entry #" />
    </DataTableToolbar>
  );
}

/** Copies what the selection covers: the entries' numbers, or the link of the filter when every matching entry is selected. */
function copySelection(selection: GridSelection, entries: AuditEntryDto[]) {
  const text =
    selection.kind === 'rows'
      ? entries
          .filter((entry) => selection.ids.includes(entry.id))
          .map((entry) => `#${entry.seq}`)
          .join(', ')
      : `${window.location.origin}${window.location.pathname}?${selection.filter}`;
  void navigator.clipboard.writeText(text).then(
    () => toast.success('Selection copied.'),
    () => toast.error('The browser refused the clipboard.'),
  );
}

export function AuditTable({ entries, query, page }: { entries: AuditEntryDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: entries, columns, query, getRowId: (entry) => entry.id, selectable: true });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Audit trail entries"
      emptyMessage="The audit trail has no entries yet."
      testId="audit-grid"
      bulkActions={(selection) => (
        <Button variant="outline" size="sm" onClick={() => copySelection(selection, entries)}>
          <CopyIcon aria-hidden /> Copy selection
        </Button>
      )}
    />
  );
}
