'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import type { CarriedFileDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { UtcTime } from './cells';
import { formatBytes } from './format';
import { HashValue } from './hash-value';

export const CARRIED_FILE_REASON_LABELS: Record<string, string> = {
  'unmodelled-file': 'no table models this file yet',
  'unreferenced-upload': 'KYC upload no metadata entry lists',
};

/** The carried-files grid's columns; ids are the list query's column (and sort) names. */
export const CARRIED_FILE_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'path', label: 'File' },
  { id: 'reason', label: 'Why it is carried' },
  { id: 'sizeBytes', label: 'Size' },
  { id: 'sha256', label: 'SHA-256' },
  { id: 'storedAt', label: 'Stored' },
];
const label = (id: string) => CARRIED_FILE_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const carriedFilesColumns: ColumnDef<CarriedFileDto, unknown>[] = [
  {
    id: 'path',
    accessorKey: 'relativePath',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('path')} />,
    cell: ({ row }) => (
      <code className="font-mono text-xs" dir="auto">
        {row.original.relativePath}
      </code>
    ),
  },
  { id: 'reason', enableSorting: false, header: label('reason'), cell: ({ row }) => CARRIED_FILE_REASON_LABELS[row.original.reason] ?? row.original.reason },
  {
    id: 'sizeBytes',
    accessorKey: 'sizeBytes',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('sizeBytes')} />,
    cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatBytes(row.original.sizeBytes)}</span>,
  },
  {
    id: 'sha256',
    enableSorting: false,
    header: label('sha256'),
    cell: ({ row }) => <HashValue value={row.original.sha256} label={`SHA-256 of ${row.original.relativePath}`} />,
  },
  {
    id: 'storedAt',
    accessorKey: 'storedAt',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('storedAt')} />,
    cell: ({ row }) => <UtcTime iso={row.original.storedAt} />,
  },
];
