'use client';

import { DataTable } from '@/components/data-table/data-table';
import { DataTableFacetedFilter } from '@/components/data-table/data-table-faceted-filter';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import type { AnomalyCountDto, AnomalyDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { ANOMALY_GRID_SCOPE } from '@/lib/migration-dashboard/migration-grids';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { ANOMALY_COLUMN_OPTIONS, anomalyColumns } from './anomalies-columns';

function totalsBy(counts: AnomalyCountDto[], pick: (count: AnomalyCountDto) => string) {
  const totals = new Map<string, number>();
  for (const count of counts) totals.set(pick(count), (totals.get(pick(count)) ?? 0) + count.count);
  return [...totals].map(([value, count]) => ({ value, count }));
}

/** The anomaly grid's toolbar, outside the grid's Suspense boundary. `counts` are the anomalies per source and kind. */
export function AnomaliesToolbar({
  counts,
  savedViews,
  defaultColumns,
  canExport,
}: {
  counts: AnomalyCountDto[];
  savedViews: SavedViewDto[];
  defaultColumns: string[];
  canExport: boolean;
}) {
  const url = useGridUrl(ANOMALY_GRID_SCOPE);
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Find an anomalous key"
      filterNames={['source', 'kind']}
      actions={
        <>
          <DataTableSavedViews url={url} grid="migration-anomalies" views={savedViews} />
          <DataTableViewOptions url={url} columns={ANOMALY_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
          {canExport && <DataTableExport url={url} grid="migration-anomalies" />}
        </>
      }
    >
      <DataTableFacetedFilter url={url} name="source" title="Source" options={totalsBy(counts, (count) => count.source)} />
      <DataTableFacetedFilter url={url} name="kind" title="Kind" options={totalsBy(counts, (count) => count.kind)} />
    </DataTableToolbar>
  );
}

export function AnomaliesTable({ rows, query, page }: { rows: AnomalyDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: rows, columns: anomalyColumns, query, getRowId: (row) => String(row.id), scope: ANOMALY_GRID_SCOPE });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Anomalies found by the latest imports"
      emptyMessage="The latest imports found no anomalies."
      testId="anomalies-grid"
    />
  );
}
