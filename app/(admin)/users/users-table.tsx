'use client';

import { ShieldIcon } from 'lucide-react';
import { useState } from 'react';
import { DataTable, selectColumn } from '@/components/data-table/data-table';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTableFacetedFilter, type FacetOption } from '@/components/data-table/data-table-faceted-filter';
import { DataTableNumberRangeFilter } from '@/components/data-table/data-table-number-range-filter';
import { DataTableSavedViews } from '@/components/data-table/data-table-saved-views';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery, type GridSelection } from '@/components/data-table/use-data-table';
import { Button } from '@/components/ui/button';
import { BulkTierDialog } from '@/components/users/bulk-tier-dialog';
import type { BulkTierScope } from '@/lib/users/tier-change.schemas';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import type { UserListRowDto } from '@/lib/users/user.dto';
import { USER_ACCOUNT_STATUSES, USER_KYC_STATUSES, USER_TIERS } from '@/lib/users/user.schemas';
import { USER_GRID_PRESETS } from './user-grid-presets';
import { ACCOUNT_LABELS, KYC_LABELS, USER_COLUMN_OPTIONS, userColumns, userHref } from './users-columns';

/** The URL parameters the toolbar's filters own (Reset deletes them). */
const FILTERS = ['tier', 'kyc', 'status', 'registered', 'activity', 'invested'] as const;

const TIER_OPTIONS: FacetOption[] = USER_TIERS.map((tier) => ({ value: tier, label: `Tier ${tier}` }));
const KYC_OPTIONS: FacetOption[] = USER_KYC_STATUSES.map((status) => ({ value: status, label: KYC_LABELS[status] }));
const STATUS_OPTIONS: FacetOption[] = USER_ACCOUNT_STATUSES.map((status) => ({ value: status, label: ACCOUNT_LABELS[status] }));
const ACTIVITY_OPTIONS: FacetOption[] = [
  { value: 'none', label: 'Never invested' },
  { value: 'invested', label: 'Invested at least once' },
  { value: 'active7', label: 'Active in the last 7 days' },
  { value: 'active30', label: 'Active in the last 30 days' },
  { value: 'active90', label: 'Active in the last 90 days' },
  { value: 'inactive90', label: 'Inactive for 90 days' },
];

/** The directory's toolbar; it sits outside the grid's Suspense boundary so a filter popover survives the reload of the rows. */
export function UsersToolbar({
  savedViews,
  defaultColumns,
  canExport,
  canUnmaskPhones,
}: {
  savedViews: SavedViewDto[];
  defaultColumns: string[];
  canExport: boolean;
  /** The role has users:reveal-pii: the export may hold full phone numbers (decision 075). */
  canUnmaskPhones: boolean;
}) {
  const url = useGridUrl();
  return (
    <DataTableToolbar
      url={url}
      searchLabel="Search phone, wallet or identity"
      filterNames={FILTERS}
      actions={
        <>
          <DataTableSavedViews url={url} grid="users" views={savedViews} presets={USER_GRID_PRESETS} />
          <DataTableViewOptions url={url} columns={USER_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
          {canExport && <DataTableExport url={url} grid="users" personalColumns={['phone']} unmaskablePhoneColumn={canUnmaskPhones ? 'phone' : undefined} />}
        </>
      }
    >
      <DataTableFacetedFilter url={url} name="tier" title="Tier" options={TIER_OPTIONS} />
      <DataTableFacetedFilter url={url} name="kyc" title="KYC" options={KYC_OPTIONS} />
      <DataTableFacetedFilter url={url} name="status" title="Account" options={STATUS_OPTIONS} />
      <DataTableDateRangeFilter url={url} name="registered" title="Registered" />
      <DataTableFacetedFilter url={url} name="activity" title="Activity" options={ACTIVITY_OPTIONS} />
      <DataTableNumberRangeFilter url={url} name="invested" title="Invested" />
    </DataTableToolbar>
  );
}

/** The directory grid: one row per identity, each row opening its user page. */
const SELECTABLE_COLUMNS = [selectColumn<UserListRowDto>(), ...userColumns];

/** The ticked rows' identity ids, or the grid's filter itself: what a bulk tier change covers. */
const tierScopeOf = (selection: GridSelection): BulkTierScope => (selection.kind === 'rows' ? { ids: selection.ids } : { filter: selection.filter });

function UserBulkActions({ selection }: { selection: GridSelection }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="button" size="sm" variant="outline" onClick={() => setOpen(true)}>
        <ShieldIcon aria-hidden /> Change tier
      </Button>
      {open && <BulkTierDialog scope={tierScopeOf(selection)} onClose={() => setOpen(false)} />}
    </>
  );
}

/** Rows are selectable for an admin with users:write: the bulk bar changes the tier of the ticked users or of every user matching the filter. */
export function UsersTable({ users, query, page, canWrite }: { users: UserListRowDto[]; query: GridQuery; page: GridPage; canWrite: boolean }) {
  const grid = useDataTable({ data: users, columns: canWrite ? SELECTABLE_COLUMNS : userColumns, query, getRowId: (user) => user.id, selectable: canWrite });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Users"
      emptyMessage="No user matches. Import the legacy data, or clear the search and filters."
      rowHref={userHref}
      testId="users-grid"
      bulkActions={canWrite ? (selection) => <UserBulkActions selection={selection} /> : undefined}
    />
  );
}
