'use client';

import { DataTable } from '@/components/data-table/data-table';
import { DataTableFacetedFilter } from '@/components/data-table/data-table-faceted-filter';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import type { MismatchDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { MISMATCH_GRID_SCOPE } from '@/lib/migration-dashboard/migration-grids';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { MISMATCH_COLUMN_OPTIONS, mismatchColumns } from './mismatches-columns';

/** The mismatch grid's toolbar, outside the grid's Suspense boundary. `counts` are the mismatched records per source. */
export function MismatchesToolbar({
  counts,
  savedViews,
  defaultColumns,
  canExport,
}: {
  counts: { source: string; count: number }[];
  savedViews: SavedViewDto[];
  defaultColumns: string[];
  canExport: boolean;
}) {
  const url = useGridUrl(MISMATCH_GRID_SCOPE);
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Find a mismatched key or field"
      filterNames={['source']}
      actions={
        <>
          <DataTableSavedViews url={url} grid="migration-mismatches" views={savedViews} />
          <DataTableViewOptions url={url} columns={MISMATCH_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
          {canExport && <DataTableExport url={url} grid="migration-mismatches" />}
        </>
      }
    >
      <DataTableFacetedFilter url={url} name="source" title="Source" options={counts.map(({ source, count }) => ({ value: source, count }))} />
    </DataTableToolbar>
  );
}

export function MismatchesTable({ rows, query, page }: { rows: MismatchDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: rows, columns: mismatchColumns, query, getRowId: (row) => String(row.id), scope: MISMATCH_GRID_SCOPE });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Field differences between the legacy files and PostgreSQL"
      emptyMessage="No field differences: every source's latest run matched the legacy files."
      testId="mismatches-grid"
    />
  );
}
