'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import { Badge } from '@/components/ui/badge';
import type { MismatchDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { UtcTime } from './cells';
import { RevealFinding } from './reveal-finding';
import { formatJsonValue, shortId } from './format';

const PREVIEW_CHARS = 60;

function preview(value: string | null): string {
  const text = formatJsonValue(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** The mismatch grid's columns; ids are the list query's column (and sort) names. */
export const MISMATCH_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'source', label: 'Source' },
  { id: 'key', label: 'Key' },
  { id: 'field', label: 'Field' },
  { id: 'legacyValue', label: 'Legacy value' },
  { id: 'dbValue', label: 'Database value' },
  { id: 'diff', label: 'Field diff' },
  { id: 'run', label: 'Found by run' },
];
const label = (id: string) => MISMATCH_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const mismatchColumns: ColumnDef<MismatchDto, unknown>[] = [
  { id: 'source', accessorKey: 'source', header: ({ column }) => <DataTableColumnHeader column={column} title={label('source')} /> },
  {
    id: 'key',
    accessorKey: 'key',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('key')} />,
    cell: ({ row }) => <code className="font-mono text-xs">{row.original.key}</code>,
  },
  {
    id: 'field',
    accessorKey: 'field',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('field')} />,
    cell: ({ row }) => <code className="font-mono text-xs">{row.original.field}</code>,
  },
  {
    id: 'legacyValue',
    enableSorting: false,
    header: label('legacyValue'),
    cell: ({ row }) => <span className="font-mono text-xs text-destructive">{preview(row.original.legacyValue)}</span>,
  },
  {
    id: 'dbValue',
    enableSorting: false,
    header: label('dbValue'),
    cell: ({ row }) => (
      <>
        <span className="font-mono text-xs text-success">{preview(row.original.dbValue)}</span>
        {row.original.revealable && <RevealFinding kind="mismatch" id={String(row.original.id)} />}
      </>
    ),
  },
  {
    id: 'diff',
    enableSorting: false,
    header: label('diff'),
    cell: ({ row }) => (
      <details>
        <summary className="cursor-pointer text-muted-foreground">open</summary>
        <pre className="m-0 font-mono text-xs break-all whitespace-pre-wrap" data-testid="field-diff">
          <span className="block">
            {row.original.source} · {row.original.key} · {row.original.field}
          </span>
          <span className="block text-destructive">- legacy: {formatJsonValue(row.original.legacyValue)}</span>
          <span className="block text-success">+ database: {formatJsonValue(row.original.dbValue)}</span>
          {row.original.isTruncated && <span className="block">(long values are shortened here)</span>}
        </pre>
      </details>
    ),
  },
  {
    id: 'run',
    enableSorting: false,
    header: label('run'),
    cell: ({ row }) => (
      <span title={`${row.original.runId} · started by ${row.original.runStartedBy}`} className="flex flex-col items-start gap-1">
        <span>
          <Badge variant="secondary">{row.original.runKind}</Badge> <code className="font-mono text-xs">{shortId(row.original.runId)}</code>
        </span>
        <UtcTime iso={row.original.runStartedAt} />
      </span>
    ),
  },
];
