'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTable } from '@/components/data-table/data-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { DataTableViewOptions, type ColumnOption } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import type { WalletListRowDto } from '@/lib/wallets/wallet.dto';
import { formatDecimal } from '../_components/format';
import { addressHref, HexLink } from '../_components/hex-link';
import { formatUtc } from '@/lib/display-time';

export const WALLET_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'wallet', label: 'Wallet' },
  { id: 'identity', label: 'Identity' },
  { id: 'phone', label: 'Phone (masked)' },
  { id: 'created', label: 'Created (UTC)' },
  { id: 'balanceEgp', label: 'EGP balance' },
  { id: 'balanceHvt', label: 'HVT balance' },
];
const label = (id: string) => WALLET_COLUMN_OPTIONS.find((option) => option.id === id)!.label;
const amount = (value: string | null) => <span className="block text-right tabular-nums">{formatDecimal(value)}</span>;

const columns: ColumnDef<WalletListRowDto, unknown>[] = [
  {
    id: 'wallet',
    enableSorting: false,
    header: label('wallet'),
    cell: ({ row }) => <HexLink value={row.original.walletAddress} href={addressHref(row.original.walletAddress)} full />,
  },
  { id: 'identity', enableSorting: false, header: label('identity'), cell: ({ row }) => <HexLink value={row.original.identityHash} /> },
  {
    id: 'phone',
    enableSorting: false,
    header: label('phone'),
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{row.original.phoneMasked ?? '—'}</span>,
  },
  {
    id: 'created',
    accessorKey: 'createdAt',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('created')} />,
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{formatUtc(row.original.createdAt)}</span>,
  },
  {
    id: 'balanceEgp',
    enableSorting: false,
    header: () => <span className="block text-right">{label('balanceEgp')}</span>,
    cell: ({ row }) => amount(row.original.balanceEgp),
  },
  {
    id: 'balanceHvt',
    enableSorting: false,
    header: () => <span className="block text-right">{label('balanceHvt')}</span>,
    cell: ({ row }) => amount(row.original.balanceHvt),
  },
];

export function WalletsToolbar({
  showIdentity,
  defaultColumns,
  canExport,
  canUnmaskPhones,
}: {
  showIdentity: boolean;
  defaultColumns: string[];
  canExport: boolean;
  /** The role has users:reveal-pii: the export may hold full phone numbers (decisions 075, 076). */
  canUnmaskPhones: boolean;
}) {
  const url = useGridUrl();
  return (
    <DataTableToolbar
      url={url}
      searchLabel={showIdentity ? 'Search wallet address or identity hash' : 'Search wallet address'}
      filterNames={[]}
      actions={
        <>
          <DataTableViewOptions
            url={url}
            columns={showIdentity ? WALLET_COLUMN_OPTIONS : WALLET_COLUMN_OPTIONS.filter((option) => option.id !== 'identity')}
            defaultColumns={defaultColumns}
          />
          {canExport && <DataTableExport url={url} grid="wallets" personalColumns={['phone']} unmaskablePhoneColumn={canUnmaskPhones ? 'phone' : undefined} />}
        </>
      }
    />
  );
}

export function WalletsTable({ wallets, query, page }: { wallets: WalletListRowDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: wallets, columns, query, getRowId: (wallet) => wallet.id });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Wallet directory"
      emptyMessage="The wallet directory is empty."
      testId="wallets-grid"
      rowHref={(wallet) => addressHref(wallet.walletAddress)}
    />
  );
}
