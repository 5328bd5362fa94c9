'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { XIcon } from 'lucide-react';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTable, resetFilters } from '@/components/data-table/data-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableFacetedFilter } from '@/components/data-table/data-table-faceted-filter';
import { DataTableNumberRangeFilter } from '@/components/data-table/data-table-number-range-filter';
import { DataTableViewOptions, type ColumnOption } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { ExplorerTransactionRowDto } from '@/lib/explorer/explorer.dto';
import { formatDecimal } from '../_components/format';
import { addressHref, blockHref, HexLink, transactionHref } from '../_components/hex-link';
import { HexFilter } from '../_components/hex-filter';
import { formatUtc } from '@/lib/display-time';

export const TRANSACTION_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'time', label: 'When (UTC)' },
  { id: 'source', label: 'Source' },
  { id: 'type', label: 'Type' },
  { id: 'hash', label: 'Tx hash' },
  { id: 'block', label: 'Block' },
  { id: 'from', label: 'From' },
  { id: 'to', label: 'To / wallet' },
  { id: 'amount', label: 'Amount' },
  { id: 'identity', label: 'Identity' },
];
const label = (id: string) => TRANSACTION_COLUMN_OPTIONS.find((option) => option.id === id)!.label;
const SOURCE_LABEL = { chain: 'Chain', log: 'Log' } as const;

const addressCell = (address: string | null) => <HexLink value={address} href={address ? addressHref(address) : undefined} />;

const columns: ColumnDef<ExplorerTransactionRowDto, unknown>[] = [
  {
    id: 'time',
    accessorKey: 'time',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('time')} />,
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{formatUtc(row.original.time)}</span>,
  },
  {
    id: 'source',
    enableSorting: false,
    header: label('source'),
    cell: ({ row }) => <Badge variant={row.original.source === 'chain' ? 'secondary' : 'outline'}>{SOURCE_LABEL[row.original.source]}</Badge>,
  },
  { id: 'type', enableSorting: false, header: label('type'), cell: ({ row }) => row.original.type ?? '—' },
  {
    id: 'hash',
    enableSorting: false,
    header: label('hash'),
    cell: ({ row }) => <HexLink value={row.original.hash} href={row.original.hash ? transactionHref(row.original.hash) : undefined} />,
  },
  {
    id: 'block',
    enableSorting: false,
    header: label('block'),
    cell: ({ row }) => (row.original.blockNumber ? <HexLink value={row.original.blockNumber} href={blockHref(row.original.blockNumber)} full /> : '—'),
  },
  { id: 'from', enableSorting: false, header: label('from'), cell: ({ row }) => addressCell(row.original.fromAddress) },
  { id: 'to', enableSorting: false, header: label('to'), cell: ({ row }) => addressCell(row.original.toAddress) },
  {
    id: 'amount',
    enableSorting: false,
    header: () => <span className="block text-right">{label('amount')}</span>,
    cell: ({ row }) => <span className="block text-right tabular-nums">{formatDecimal(row.original.amount)}</span>,
  },
  { id: 'identity', enableSorting: false, header: label('identity'), cell: ({ row }) => <HexLink value={row.original.identityHash} /> },
];

const FILTERS = ['source', 'type', 'address', 'identity', 'amount', 'time'] as const;

export function TransactionsToolbar({
  types,
  showIdentity,
  defaultColumns,
  canExport,
}: {
  types: string[];
  showIdentity: boolean;
  defaultColumns: string[];
  canExport: boolean;
}) {
  const url = useGridUrl();
  const isFiltered = ['sort', ...FILTERS].some((name) => url.searchParams.has(name));
  return (
    <div className="flex flex-col gap-2" role="search" aria-label="Filter transactions">
      <div className="flex flex-wrap items-center gap-2">
        <DataTableFacetedFilter
          url={url}
          name="source"
          title="Source"
          options={[
            { value: 'chain', label: 'Chain transactions' },
            { value: 'log', label: 'Transaction log' },
          ]}
        />
        <DataTableFacetedFilter url={url} name="type" title="Type" options={types.map((type) => ({ value: type }))} />
        <DataTableNumberRangeFilter url={url} name="amount" title="Amount" />
        <DataTableDateRangeFilter url={url} name="time" title="When" />
        {isFiltered && (
          <Button variant="ghost" size="sm" onClick={() => url.navigate((params) => resetFilters(params))}>
            Reset <XIcon aria-hidden />
          </Button>
        )}
        <div className="ml-auto flex items-center gap-2">
          {canExport && <DataTableExport url={url} grid="explorer-transactions" />}
          <DataTableViewOptions
            url={url}
            columns={showIdentity ? TRANSACTION_COLUMN_OPTIONS : TRANSACTION_COLUMN_OPTIONS.filter((option) => option.id !== 'identity')}
            defaultColumns={defaultColumns}
          />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <HexFilter
          url={url}
          name="address"
          label="Filter by address"
          placeholder="Address 0x…"
          pattern={/^0x[0-9a-fA-F]{40}$/}
          hint="An address is 0x and 40 hex digits."
        />
        {showIdentity && (
          <HexFilter
            url={url}
            name="identity"
            label="Filter by identity hash"
            placeholder="Identity hash 0x…"
            pattern={/^0x[0-9a-fA-F]{64}$/}
            hint="An identity hash is 0x and 64 hex digits."
          />
        )}
      </div>
    </div>
  );
}

export function TransactionsTable({ transactions, query, page }: { transactions: ExplorerTransactionRowDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: transactions, columns, query, getRowId: (row) => row.id });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Chain transactions and transaction-log entries"
      emptyMessage="No transactions are stored yet."
      testId="transactions-grid"
      rowHref={(row) => (row.hash ? transactionHref(row.hash) : '/explorer/transactions')}
    />
  );
}
