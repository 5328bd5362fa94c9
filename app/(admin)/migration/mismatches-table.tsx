'use client';

import { LocalDataTable } from '@/components/data-table/local-data-table';
import type { MismatchDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { mismatchColumns } from './mismatches-columns';

export function MismatchesTable({ rows }: { rows: MismatchDto[] }) {
  return (
    <LocalDataTable
      columns={mismatchColumns}
      data={rows}
      caption="Field differences between the legacy files and PostgreSQL"
      emptyMessage="No field differences: every source's latest run matched the legacy files."
      getRowId={(row) => String(row.id)}
    />
  );
}
