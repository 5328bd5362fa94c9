'use client';

import type { ColumnDef } from '@tanstack/react-table';
import type { MismatchDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { UtcTime } from './cells';
import { formatJsonValue, shortId } from './format';

const PREVIEW_CHARS = 60;
const line = { display: 'block' } as const;

function preview(value: string | null): string {
  const text = formatJsonValue(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

export const mismatchColumns: ColumnDef<MismatchDto>[] = [
  { accessorKey: 'source', header: 'Source' },
  { accessorKey: 'key', header: 'Key', cell: ({ row }) => <code className="mono">{row.original.key}</code> },
  { accessorKey: 'field', header: 'Field', cell: ({ row }) => <code className="mono">{row.original.field}</code> },
  {
    accessorKey: 'legacyValue',
    header: 'Legacy value',
    enableSorting: false,
    cell: ({ row }) => <span className="mono diff"><span className="removed">{preview(row.original.legacyValue)}</span></span>,
  },
  {
    accessorKey: 'dbValue',
    header: 'Database value',
    enableSorting: false,
    cell: ({ row }) => <span className="mono diff"><span className="added">{preview(row.original.dbValue)}</span></span>,
  },
  {
    id: 'diff',
    header: 'Field diff',
    enableSorting: false,
    cell: ({ row }) => (
      <details>
        <summary>open</summary>
        <pre className="diff" data-testid="field-diff">
          <span style={line}>
            {row.original.source} · {row.original.key} · {row.original.field}
          </span>
          <span className="removed" style={line}>- legacy:   {formatJsonValue(row.original.legacyValue)}</span>
          <span className="added" style={line}>+ database: {formatJsonValue(row.original.dbValue)}</span>
          {row.original.isTruncated && <span style={line}>(long values are shortened here)</span>}
        </pre>
      </details>
    ),
  },
  {
    accessorKey: 'runStartedAt',
    header: 'Found by run',
    cell: ({ row }) => (
      <span title={`${row.original.runId} · started by ${row.original.runStartedBy}`}>
        <span className="badge">{row.original.runKind}</span> <code className="mono">{shortId(row.original.runId)}</code>
        <br />
        <UtcTime iso={row.original.runStartedAt} />
      </span>
    ),
  },
];
