'use client';

import type { ColumnDef } from '@tanstack/react-table';
import type { AnomalyGroupDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { Count, UtcTime } from './cells';
import { formatCount, shortId } from './format';

export const anomalyColumns: ColumnDef<AnomalyGroupDto>[] = [
  { accessorKey: 'source', header: 'Source' },
  { accessorKey: 'kind', header: 'Kind', cell: ({ row }) => <span className="badge warn">{row.original.kind}</span> },
  { accessorKey: 'count', header: 'Records', cell: ({ row }) => <Count value={row.original.count} /> },
  {
    id: 'keys',
    header: 'Keys',
    enableSorting: false,
    cell: ({ row }) => {
      const { keys, count } = row.original;
      return (
        <details>
          <summary>{keys.length < count ? `first ${formatCount(keys.length)} of ${formatCount(count)}` : `${formatCount(count)} key(s)`}</summary>
          <pre className="diff mono">{keys.join('\n')}</pre>
        </details>
      );
    },
  },
  {
    accessorKey: 'runStartedAt',
    header: 'Import run',
    cell: ({ row }) => (
      <span title={row.original.runId}>
        <UtcTime iso={row.original.runStartedAt} /> <code className="mono">{shortId(row.original.runId)}</code>
      </span>
    ),
  },
];
