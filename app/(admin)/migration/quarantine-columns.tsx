'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import type { QuarantineDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { UtcTime } from './cells';
import { formatCount } from './format';
import { RevealFinding } from './reveal-finding';

/** The quarantine grid's columns; ids are the list query's column (and sort) names. */
export const QUARANTINE_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'source', label: 'Source' },
  { id: 'key', label: 'Key' },
  { id: 'reason', label: 'Reason' },
  { id: 'raw', label: 'Record as read' },
  { id: 'quarantinedAt', label: 'Quarantined' },
];
const label = (id: string) => QUARANTINE_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const quarantineColumns: ColumnDef<QuarantineDto, unknown>[] = [
  { id: 'source', accessorKey: 'source', header: ({ column }) => <DataTableColumnHeader column={column} title={label('source')} /> },
  {
    id: 'key',
    accessorKey: 'key',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('key')} />,
    cell: ({ row }) => <code className="font-mono">{row.original.key}</code>,
  },
  { id: 'reason', enableSorting: false, header: label('reason'), cell: ({ row }) => <span dir="auto">{row.original.reason}</span> },
  {
    id: 'raw',
    enableSorting: false,
    header: label('raw'),
    cell: ({ row }) => {
      const { rawPreview, rawLength } = row.original;
      return (
        <details>
          <summary className="cursor-pointer">
            {rawPreview.length < rawLength
              ? `first ${formatCount(rawPreview.length)} of ${formatCount(rawLength)} characters`
              : `${formatCount(rawLength)} characters`}
          </summary>
          <pre className="mt-1 max-w-md overflow-x-auto font-mono text-xs whitespace-pre-wrap">{rawPreview}</pre>
          {row.original.revealable && <RevealFinding kind="quarantine" id={row.original.id} />}
        </details>
      );
    },
  },
  {
    id: 'quarantinedAt',
    accessorKey: 'quarantinedAt',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('quarantinedAt')} />,
    cell: ({ row }) => <UtcTime iso={row.original.quarantinedAt} />,
  },
];
