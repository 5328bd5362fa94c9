'use client';

import { DataTable } from '@/components/data-table/data-table';
import type { MigrationRunDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { runColumns } from './runs-columns';

export function RunsTable({ runs }: { runs: MigrationRunDto[] }) {
  return <DataTable columns={runColumns} data={runs} caption="Migration runs, newest first" emptyMessage="No migration run yet." getRowId={(run) => run.id} />;
}
