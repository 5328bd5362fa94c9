'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import { Badge } from '@/components/ui/badge';
import type { AssetListRowDto } from '@/lib/assets/asset.dto';
import { AssetStatusBadge } from './asset-status-badge';
import { AssetThumbnail } from './asset-thumbnail';
import { formatAmount, formatDay, formatPercent } from './format';

/** The assets grid's columns; ids are the list query's column (and sort) names. */
export const ASSET_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'title', label: 'Title' },
  { id: 'type', label: 'Type' },
  { id: 'status', label: 'Status' },
  { id: 'category', label: 'Category' },
  { id: 'created', label: 'Created' },
  { id: 'totalInvested', label: 'Total invested' },
  { id: 'investors', label: 'Investors' },
  { id: 'roi', label: 'Expected ROI' },
  { id: 'minimumInvestment', label: 'Minimum investment' },
  { id: 'deadline', label: 'Deadline' },
  { id: 'minTier', label: 'Minimum tier' },
  { id: 'contractAddress', label: 'Contract address' },
  { id: 'tokenSymbol', label: 'Token' },
  { id: 'location', label: 'Location' },
];
const label = (id: string) => ASSET_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

/** The asset page of a row (built by the asset page's branch); the legacy id is the key the services use. */
export const assetHref = (asset: AssetListRowDto) => `/assets/${encodeURIComponent(asset.opportunityId)}`;

const missing = <span className="text-muted-foreground">—</span>;
const numeric = 'block text-right font-mono tabular-nums whitespace-nowrap';

export const assetColumns: ColumnDef<AssetListRowDto, unknown>[] = [
  {
    id: 'title',
    enableSorting: false,
    header: label('title'),
    cell: ({ row }) => (
      <div className="flex min-w-56 items-center gap-2">
        <AssetThumbnail assetId={row.original.opportunityId} imagePath={row.original.imagePath} />
        <Link href={assetHref(row.original)} prefetch={false} tabIndex={-1} dir="auto" className="line-clamp-2 max-w-80 font-medium hover:underline">
          {row.original.title ?? <span className="text-muted-foreground italic">Untitled ({row.original.opportunityId})</span>}
        </Link>
      </div>
    ),
  },
  {
    id: 'type',
    enableSorting: false,
    header: label('type'),
    cell: ({ row }) => (row.original.type ? <Badge variant="outline">{row.original.type}</Badge> : missing),
  },
  {
    id: 'status',
    enableSorting: false,
    header: label('status'),
    cell: ({ row }) => <AssetStatusBadge status={row.original.status} statusLegacy={row.original.statusLegacy} />,
  },
  {
    id: 'category',
    enableSorting: false,
    header: label('category'),
    cell: ({ row }) => (row.original.category ? <span dir="auto">{row.original.category}</span> : missing),
  },
  {
    id: 'created',
    accessorKey: 'createdAt',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('created')} />,
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{formatDay(row.original.createdAt) ?? missing}</span>,
  },
  {
    id: 'totalInvested',
    accessorKey: 'totalInvested',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('totalInvested')} />,
    cell: ({ row }) => <span className={numeric}>{formatAmount(row.original.totalInvested) ?? missing}</span>,
  },
  {
    id: 'investors',
    accessorKey: 'investorCount',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('investors')} />,
    cell: ({ row }) => <span className={numeric}>{row.original.investorCount?.toLocaleString('en-US') ?? missing}</span>,
  },
  {
    id: 'roi',
    accessorKey: 'expectedRoi',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('roi')} />,
    cell: ({ row }) => <span className={numeric}>{formatPercent(row.original.expectedRoi) ?? missing}</span>,
  },
  {
    id: 'minimumInvestment',
    enableSorting: false,
    header: label('minimumInvestment'),
    cell: ({ row }) => <span className={numeric}>{formatAmount(row.original.minimumInvestment) ?? missing}</span>,
  },
  {
    id: 'deadline',
    accessorKey: 'deadline',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('deadline')} />,
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{formatDay(row.original.deadline) ?? missing}</span>,
  },
  {
    id: 'minTier',
    enableSorting: false,
    header: label('minTier'),
    cell: ({ row }) => (row.original.minTierRequired === null ? missing : <span className="font-mono tabular-nums">Tier {row.original.minTierRequired}</span>),
  },
  {
    id: 'contractAddress',
    enableSorting: false,
    header: label('contractAddress'),
    cell: ({ row }) =>
      row.original.contractAddress ? (
        <code title={row.original.contractAddress} className="font-mono text-xs">
          {row.original.contractAddress.slice(0, 8)}…{row.original.contractAddress.slice(-6)}
        </code>
      ) : (
        missing
      ),
  },
  {
    id: 'tokenSymbol',
    enableSorting: false,
    header: label('tokenSymbol'),
    cell: ({ row }) => (row.original.tokenSymbol ? <span className="font-mono">{row.original.tokenSymbol}</span> : missing),
  },
  {
    id: 'location',
    enableSorting: false,
    header: label('location'),
    cell: ({ row }) => (row.original.location ? <span dir="auto">{row.original.location}</span> : missing),
  },
];
