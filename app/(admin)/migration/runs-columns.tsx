'use client';

import type { ColumnDef } from '@tanstack/react-table';
import type { MigrationRunDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { StateBadge, UtcTime } from './cells';
import { formatDuration, shortId } from './format';

export const runColumns: ColumnDef<MigrationRunDto>[] = [
  { accessorKey: 'startedAt', header: 'Started', cell: ({ row }) => <UtcTime iso={row.original.startedAt} /> },
  {
    accessorKey: 'kind',
    header: 'Kind',
    cell: ({ row }) => (
      <span>
        <span className="badge">{row.original.kind}</span>
        {row.original.only && <span className="mono"> {row.original.only.join(', ')}</span>}
      </span>
    ),
  },
  { accessorKey: 'state', header: 'State', cell: ({ row }) => <StateBadge state={row.original.state} title={row.original.error ?? undefined} /> },
  { accessorKey: 'startedBy', header: 'Started by' },
  {
    accessorKey: 'durationMs',
    header: 'Duration',
    cell: ({ row }) => <span style={{ whiteSpace: 'nowrap' }}>{row.original.durationMs === null ? 'not finished' : formatDuration(row.original.durationMs)}</span>,
  },
  {
    accessorKey: 'id',
    header: 'Run',
    cell: ({ row }) => (
      <code className="mono" title={row.original.id}>
        {shortId(row.original.id)}
      </code>
    ),
  },
  {
    accessorKey: 'error',
    header: 'Error',
    enableSorting: false,
    cell: ({ row }) => (row.original.error ? <span className="field-error">{row.original.error}</span> : '—'),
  },
];
