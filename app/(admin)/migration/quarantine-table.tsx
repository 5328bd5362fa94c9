'use client';

import { LocalDataTable } from '@/components/data-table/local-data-table';
import type { QuarantineDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { quarantineColumns } from './quarantine-columns';

export function QuarantineTable({ rows }: { rows: QuarantineDto[] }) {
  return (
    <LocalDataTable
      columns={quarantineColumns}
      data={rows}
      caption="Quarantined records"
      emptyMessage="No record is quarantined."
      getRowId={(row) => `${row.source}:${row.key}`}
    />
  );
}
