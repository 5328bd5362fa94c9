'use client';

import { DataTable } from '@/components/data-table/data-table';
import { DataTableFacetedFilter } from '@/components/data-table/data-table-faceted-filter';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import type { CarriedFileDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { CARRIED_FILE_GRID_SCOPE, CARRIED_FILE_REASONS } from '@/lib/migration-dashboard/migration-grids';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { CARRIED_FILE_COLUMN_OPTIONS, CARRIED_FILE_REASON_LABELS, carriedFilesColumns } from './carried-files-columns';

/** The carried-files grid's toolbar, outside the grid's Suspense boundary. */
export function CarriedFilesToolbar({ savedViews, defaultColumns }: { savedViews: SavedViewDto[]; defaultColumns: string[] }) {
  const url = useGridUrl(CARRIED_FILE_GRID_SCOPE);
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Find a carried file by part of its path"
      filterNames={['reason']}
      actions={
        <>
          <DataTableSavedViews url={url} grid="migration-carried-files" views={savedViews} />
          <DataTableViewOptions url={url} columns={CARRIED_FILE_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
        </>
      }
    >
      <DataTableFacetedFilter
        url={url}
        name="reason"
        title="Why carried"
        options={CARRIED_FILE_REASONS.map((reason) => ({ value: reason, label: CARRIED_FILE_REASON_LABELS[reason] }))}
      />
    </DataTableToolbar>
  );
}

export function CarriedFilesTable({ rows, query, page }: { rows: CarriedFileDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: rows, columns: carriedFilesColumns, query, getRowId: (row) => row.relativePath, scope: CARRIED_FILE_GRID_SCOPE });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Files carried byte for byte"
      emptyMessage="No legacy file is carried: every file is modelled by a table."
      testId="carried-files-grid"
    />
  );
}
