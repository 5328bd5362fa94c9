'use client';

import { DataTable, selectColumn } from '@/components/data-table/data-table';
import { DataTableBooleanFilter } from '@/components/data-table/data-table-boolean-filter';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableFacetedFilter, type FacetOption } from '@/components/data-table/data-table-faceted-filter';
import { DataTableNumberRangeFilter } from '@/components/data-table/data-table-number-range-filter';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import type { AssetListRowDto } from '@/lib/assets/asset.dto';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { AssetBulkActions } from './asset-bulk-actions';
import { ASSET_GRID_PRESETS } from './asset-grid-presets';
import { ASSET_COLUMN_OPTIONS, assetColumns, assetHref } from './assets-columns';

/** The URL parameters the toolbar's filters own (Reset deletes them). */
const FILTERS = ['type', 'status', 'category', 'created', 'invested', 'minTier', 'hasContract', 'deadline', 'closesWithin', 'incomplete'] as const;

export type AssetFacets = { type: FacetOption[]; status: FacetOption[]; category: FacetOption[]; minTier: FacetOption[]; closesWithin: FacetOption[] };

/** The assets grid's toolbar; it sits outside the grid's Suspense boundary so a filter popover survives the reload of the rows. */
export function AssetsToolbar({ facets, savedViews, defaultColumns }: { facets: AssetFacets; savedViews: SavedViewDto[]; defaultColumns: string[] }) {
  const url = useGridUrl();
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Search title, description or category"
      filterNames={FILTERS}
      actions={
        <>
          <DataTableSavedViews url={url} grid="assets" views={savedViews} presets={ASSET_GRID_PRESETS} />
          <DataTableViewOptions url={url} columns={ASSET_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
        </>
      }
    >
      <DataTableFacetedFilter url={url} name="type" title="Type" options={facets.type} />
      <DataTableFacetedFilter url={url} name="status" title="Status" options={facets.status} />
      <DataTableFacetedFilter url={url} name="category" title="Category" options={facets.category} />
      <DataTableDateRangeFilter url={url} name="created" title="Created" />
      <DataTableNumberRangeFilter url={url} name="invested" title="Invested" />
      <DataTableFacetedFilter url={url} name="minTier" title="Tier" options={facets.minTier} />
      <DataTableBooleanFilter url={url} name="hasContract" title="Contract" labels={{ true: 'Has a contract', false: 'No contract' }} />
      <DataTableDateRangeFilter url={url} name="deadline" title="Deadline" />
      <DataTableFacetedFilter url={url} name="closesWithin" title="Closes within" options={facets.closesWithin} />
      <DataTableBooleanFilter url={url} name="incomplete" title="Completeness" labels={{ true: 'Missing required fields', false: 'Complete' }} />
    </DataTableToolbar>
  );
}

const SELECTABLE_COLUMNS = [selectColumn<AssetListRowDto>(), ...assetColumns];

/**
 * The grid. Rows are selectable (the bulk bar says what is selected: ticked rows or every row matching
 * the filter) only for admins who may change assets; a viewer gets neither checkboxes nor the bar.
 */
export function AssetsTable({ assets, query, page, canWrite }: { assets: AssetListRowDto[]; query: GridQuery; page: GridPage; canWrite: boolean }) {
  const grid = useDataTable({
    data: assets,
    columns: canWrite ? SELECTABLE_COLUMNS : assetColumns,
    query,
    getRowId: (asset) => asset.opportunityId,
    selectable: canWrite,
  });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Assets"
      emptyMessage="No assets yet. Import the legacy data or create one."
      rowHref={assetHref}
      testId="assets-grid"
      bulkActions={canWrite ? (selection) => <AssetBulkActions selection={selection} /> : undefined}
    />
  );
}
