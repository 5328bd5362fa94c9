'use client';

import { DataTable } from '@/components/data-table/data-table';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableFacetedFilter } from '@/components/data-table/data-table-faceted-filter';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import type { QuarantineDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { QUARANTINE_GRID_SCOPE } from '@/lib/migration-dashboard/migration-grids';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { QUARANTINE_COLUMN_OPTIONS, quarantineColumns } from './quarantine-columns';

/** The quarantine grid's toolbar, outside the grid's Suspense boundary. `counts` are the quarantined records per source. */
export function QuarantineToolbar({
  counts,
  savedViews,
  defaultColumns,
}: {
  counts: { source: string; count: number }[];
  savedViews: SavedViewDto[];
  defaultColumns: string[];
}) {
  const url = useGridUrl(QUARANTINE_GRID_SCOPE);
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Find a quarantined key or reason"
      filterNames={['source', 'quarantinedAt']}
      actions={
        <>
          <DataTableSavedViews url={url} grid="migration-quarantine" views={savedViews} />
          <DataTableViewOptions url={url} columns={QUARANTINE_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
        </>
      }
    >
      <DataTableFacetedFilter url={url} name="source" title="Source" options={counts.map(({ source, count }) => ({ value: source, count }))} />
      <DataTableDateRangeFilter url={url} name="quarantinedAt" title="Quarantined" />
    </DataTableToolbar>
  );
}

export function QuarantineTable({ rows, query, page }: { rows: QuarantineDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: rows, columns: quarantineColumns, query, getRowId: (row) => row.id, scope: QUARANTINE_GRID_SCOPE });
  return <DataTable grid={grid} page={page} caption="Quarantined records" emptyMessage="No record is quarantined." testId="quarantine-grid" />;
}
