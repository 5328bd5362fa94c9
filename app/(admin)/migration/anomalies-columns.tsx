'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import { Badge } from '@/components/ui/badge';
import type { AnomalyDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { UtcTime } from './cells';
import { shortId } from './format';

/** The anomaly grid's columns; ids are the list query's column (and sort) names. */
export const ANOMALY_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'source', label: 'Source' },
  { id: 'kind', label: 'Kind' },
  { id: 'key', label: 'Key' },
  { id: 'run', label: 'Import run' },
];
const label = (id: string) => ANOMALY_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const anomalyColumns: ColumnDef<AnomalyDto, unknown>[] = [
  { id: 'source', accessorKey: 'source', header: ({ column }) => <DataTableColumnHeader column={column} title={label('source')} /> },
  {
    id: 'kind',
    accessorKey: 'kind',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('kind')} />,
    cell: ({ row }) => <Badge variant="warning">{row.original.kind}</Badge>,
  },
  {
    id: 'key',
    accessorKey: 'key',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('key')} />,
    cell: ({ row }) => (
      <code className="font-mono text-xs" dir="auto">
        {row.original.key}
      </code>
    ),
  },
  {
    id: 'run',
    enableSorting: false,
    header: label('run'),
    cell: ({ row }) => (
      <span title={row.original.runId}>
        <UtcTime iso={row.original.runStartedAt} /> <code className="font-mono text-xs">{shortId(row.original.runId)}</code>
      </span>
    ),
  },
];
