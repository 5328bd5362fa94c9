'use client';

import { DataTable, selectColumn } from '@/components/data-table/data-table';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableFacetedFilter, type FacetOption } from '@/components/data-table/data-table-faceted-filter';
import { DataTableNumberRangeFilter } from '@/components/data-table/data-table-number-range-filter';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery, type GridSelection } from '@/components/data-table/use-data-table';
import { Button } from '@/components/ui/button';
import type { MigrationRunDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { RUN_GRID_SCOPE, RUN_KINDS, RUN_STATES } from '@/lib/migration-dashboard/migration-grids';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { RUN_COLUMN_OPTIONS, runColumns } from './runs-columns';

const columns = [selectColumn<MigrationRunDto>(), ...runColumns];
const FILTERS = ['kind', 'state', 'startedAt', 'durationSeconds'] as const;
const options = (values: readonly string[], counts: Record<string, number>): FacetOption[] => values.map((value) => ({ value, count: counts[value] ?? 0 }));

/** The run grid's toolbar, outside the grid's Suspense boundary so an open filter survives the reload of the rows. */
export function RunsToolbar({
  counts,
  savedViews,
  defaultColumns,
  canExport,
}: {
  counts: { kind: Record<string, number>; state: Record<string, number> };
  savedViews: SavedViewDto[];
  defaultColumns: string[];
  canExport: boolean;
}) {
  const url = useGridUrl(RUN_GRID_SCOPE);
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Search who started a run, or a run id"
      filterNames={FILTERS}
      actions={
        <>
          <DataTableSavedViews url={url} grid="migration-runs" views={savedViews} />
          <DataTableViewOptions url={url} columns={RUN_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
          {canExport && <DataTableExport url={url} grid="migration-runs" />}
        </>
      }
    >
      <DataTableFacetedFilter url={url} name="kind" title="Kind" options={options(RUN_KINDS, counts.kind)} />
      <DataTableFacetedFilter url={url} name="state" title="State" options={options(RUN_STATES, counts.state)} />
      <DataTableDateRangeFilter url={url} name="startedAt" title="Started" />
      <DataTableNumberRangeFilter url={url} name="durationSeconds" title="Duration (s)" />
    </DataTableToolbar>
  );
}

function copyRunIds(selection: GridSelection, runs: MigrationRunDto[]) {
  const text =
    selection.kind === 'rows'
      ? runs
          .filter((run) => selection.ids.includes(run.id))
          .map((run) => run.id)
          .join('\n')
      : `${window.location.origin}${window.location.pathname}?${new URLSearchParams([...new URLSearchParams(selection.filter)].map(([key, value]) => [`${RUN_GRID_SCOPE}.${key}`, value]))}`;
  void navigator.clipboard.writeText(text);
}

export function RunsTable({ runs, query, page }: { runs: MigrationRunDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: runs, columns, query, getRowId: (run) => run.id, selectable: true, scope: RUN_GRID_SCOPE });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Migration runs, newest first"
      emptyMessage="No migration run yet."
      testId="runs-grid"
      bulkActions={(selection) => (
        <Button variant="outline" size="sm" onClick={() => copyRunIds(selection, runs)}>
          Copy {selection.kind === 'rows' ? 'run ids' : 'link to these runs'}
        </Button>
      )}
    />
  );
}
