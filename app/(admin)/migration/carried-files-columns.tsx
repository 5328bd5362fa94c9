'use client';

import type { ColumnDef } from '@tanstack/react-table';
import type { CarriedFileDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { UtcTime } from './cells';
import { formatBytes } from './format';
import { HashValue } from './hash-value';

const REASONS: Record<string, string> = {
  'unmodelled-file': 'no table models this file yet',
  'unreferenced-upload': 'KYC upload no metadata entry lists',
};

export const carriedFilesColumns: ColumnDef<CarriedFileDto>[] = [
  { accessorKey: 'relativePath', header: 'File', cell: ({ row }) => <code className="mono">{row.original.relativePath}</code> },
  { accessorKey: 'reason', header: 'Why it is carried', cell: ({ row }) => REASONS[row.original.reason] ?? row.original.reason },
  { accessorKey: 'sizeBytes', header: 'Size', cell: ({ row }) => formatBytes(row.original.sizeBytes) },
  { accessorKey: 'sha256', header: 'SHA-256', enableSorting: false, cell: ({ row }) => <HashValue value={row.original.sha256} label={`SHA-256 of ${row.original.relativePath}`} /> },
  { accessorKey: 'storedAt', header: 'Stored', cell: ({ row }) => <UtcTime iso={row.original.storedAt} /> },
];
