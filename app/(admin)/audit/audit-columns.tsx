'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import { Badge } from '@/components/ui/badge';
import type { AuditEntryDto } from '@/lib/audit/audit.dto';

function show(value: unknown): string {
  return value === null || value === undefined ? '∅' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** The audit grid's columns; ids are the list query's column (and sort) names. */
export const AUDIT_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'seq', label: '#' },
  { id: 'changedAt', label: 'When (UTC)' },
  { id: 'actor', label: 'Actor' },
  { id: 'action', label: 'Action' },
  { id: 'table', label: 'Table · record' },
  { id: 'changes', label: 'Before → after' },
  { id: 'origin', label: 'Source · IP' },
];
const label = (id: string) => AUDIT_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const auditColumns: ColumnDef<AuditEntryDto, unknown>[] = [
  {
    id: 'seq',
    accessorKey: 'seq',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('seq')} />,
    cell: ({ row }) => <span className="font-mono tabular-nums">{row.original.seq}</span>,
  },
  {
    id: 'changedAt',
    accessorKey: 'changedAt',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('changedAt')} />,
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{row.original.changedAt.replace('T', ' ').slice(0, 19)}</span>,
  },
  {
    id: 'actor',
    enableSorting: false,
    header: label('actor'),
    cell: ({ row }) => <span dir="auto">{row.original.actor ?? 'system'}</span>,
  },
  {
    id: 'action',
    accessorKey: 'action',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('action')} />,
    cell: ({ row }) => <Badge variant="outline">{row.original.action}</Badge>,
  },
  {
    id: 'table',
    accessorKey: 'tableName',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('table')} />,
    cell: ({ row }) => (
      <span className="font-mono">
        {row.original.tableName} · {row.original.recordId}
      </span>
    ),
  },
  {
    id: 'changes',
    enableSorting: false,
    header: label('changes'),
    cell: ({ row }) =>
      row.original.changes.length === 0 ? (
        '—'
      ) : (
        <details>
          <summary className="cursor-pointer">{row.original.changes.length} field(s)</summary>
          <pre className="mt-1 max-w-md overflow-x-auto text-xs whitespace-pre-wrap">
            {row.original.changes.map((change) => (
              <div key={change.field}>
                {change.field}: <span className="text-destructive line-through">{show(change.before)}</span> →{' '}
                <span className="text-success">{show(change.after)}</span>
              </div>
            ))}
          </pre>
        </details>
      ),
  },
  {
    id: 'origin',
    enableSorting: false,
    header: label('origin'),
    cell: ({ row }) => (
      <span title={row.original.userAgent ?? undefined}>
        {row.original.source}
        {row.original.ipAddress ? ` · ${row.original.ipAddress}` : ''}
      </span>
    ),
  },
];
