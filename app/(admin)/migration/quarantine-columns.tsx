'use client';

import type { ColumnDef } from '@tanstack/react-table';
import type { QuarantineDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { UtcTime } from './cells';
import { formatCount } from './format';

export const quarantineColumns: ColumnDef<QuarantineDto>[] = [
  { accessorKey: 'source', header: 'Source' },
  { accessorKey: 'key', header: 'Key', cell: ({ row }) => <code className="mono">{row.original.key}</code> },
  { accessorKey: 'reason', header: 'Reason' },
  {
    id: 'raw',
    header: 'Record as read',
    enableSorting: false,
    cell: ({ row }) => {
      const { rawPreview, rawLength } = row.original;
      return (
        <details>
          <summary>{rawPreview.length < rawLength ? `first ${formatCount(rawPreview.length)} of ${formatCount(rawLength)} characters` : `${formatCount(rawLength)} characters`}</summary>
          <pre className="diff mono">{rawPreview}</pre>
        </details>
      );
    },
  },
  { accessorKey: 'quarantinedAt', header: 'Quarantined', cell: ({ row }) => <UtcTime iso={row.original.quarantinedAt} /> },
];
