'use client';

import type { ColumnDef } from '@tanstack/react-table';
import type { AuditEntryDto } from '@/lib/audit/audit.dto';

function show(value: unknown): string {
  return value === null || value === undefined ? '∅' : typeof value === 'string' ? value : JSON.stringify(value);
}

export const auditColumns: ColumnDef<AuditEntryDto>[] = [
  { accessorKey: 'seq', header: '#' },
  {
    accessorKey: 'changedAt',
    header: 'When (UTC)',
    cell: ({ getValue }) => <span className="mono">{getValue<string>().replace('T', ' ').slice(0, 19)}</span>,
  },
  { accessorKey: 'actor', header: 'Actor', cell: ({ getValue }) => getValue<string | null>() ?? 'system' },
  { accessorKey: 'action', header: 'Action', cell: ({ getValue }) => <span className="badge">{getValue<string>()}</span> },
  {
    id: 'target',
    header: 'Table · record',
    cell: ({ row }) => (
      <span className="mono">
        {row.original.tableName} · {row.original.recordId}
      </span>
    ),
  },
  {
    id: 'changes',
    header: 'Before → after',
    cell: ({ row }) =>
      row.original.changes.length === 0 ? (
        '—'
      ) : (
        <details>
          <summary>{row.original.changes.length} field(s)</summary>
          <pre className="diff">
            {row.original.changes.map((change) => (
              <div key={change.field}>
                {change.field}: <span className="removed">{show(change.before)}</span> → <span className="added">{show(change.after)}</span>
              </div>
            ))}
          </pre>
        </details>
      ),
  },
  {
    id: 'origin',
    header: 'Source · IP',
    cell: ({ row }) => (
      <span title={row.original.userAgent ?? undefined}>
        {row.original.source}
        {row.original.ipAddress ? ` · ${row.original.ipAddress}` : ''}
      </span>
    ),
  },
];
