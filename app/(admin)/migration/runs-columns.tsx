'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import { Badge } from '@/components/ui/badge';
import type { MigrationRunDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { StateBadge, UtcTime } from './cells';
import { formatDuration, shortId } from './format';

/** The run grid's columns; ids are the list query's column (and sort) names. */
export const RUN_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'startedAt', label: 'Started' },
  { id: 'kind', label: 'Kind' },
  { id: 'state', label: 'State' },
  { id: 'startedBy', label: 'Started by' },
  { id: 'duration', label: 'Duration' },
  { id: 'id', label: 'Run' },
  { id: 'error', label: 'Error' },
];
const label = (id: string) => RUN_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const runColumns: ColumnDef<MigrationRunDto, unknown>[] = [
  {
    id: 'startedAt',
    accessorKey: 'startedAt',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('startedAt')} />,
    cell: ({ row }) => <UtcTime iso={row.original.startedAt} />,
  },
  {
    id: 'kind',
    accessorKey: 'kind',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('kind')} />,
    cell: ({ row }) => (
      <span>
        <Badge variant="outline">{row.original.kind}</Badge>
        {row.original.only && <span className="font-mono"> {row.original.only.join(', ')}</span>}
      </span>
    ),
  },
  {
    id: 'state',
    accessorKey: 'state',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('state')} />,
    cell: ({ row }) => <StateBadge state={row.original.state} title={row.original.error ?? undefined} />,
  },
  {
    id: 'startedBy',
    accessorKey: 'startedBy',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('startedBy')} />,
    cell: ({ row }) => <span dir="auto">{row.original.startedBy}</span>,
  },
  {
    id: 'duration',
    enableSorting: false,
    header: label('duration'),
    cell: ({ row }) => <span className="whitespace-nowrap">{row.original.durationMs === null ? 'not finished' : formatDuration(row.original.durationMs)}</span>,
  },
  {
    id: 'id',
    enableSorting: false,
    header: label('id'),
    cell: ({ row }) => (
      <code className="font-mono" title={row.original.id}>
        {shortId(row.original.id)}
      </code>
    ),
  },
  {
    id: 'error',
    enableSorting: false,
    header: label('error'),
    cell: ({ row }) => (row.original.error ? <span className="text-destructive">{row.original.error}</span> : '—'),
  },
];
