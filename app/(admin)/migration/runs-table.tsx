'use client';

import { LocalDataTable } from '@/components/data-table/local-data-table';
import type { MigrationRunDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { runColumns } from './runs-columns';

export function RunsTable({ runs }: { runs: MigrationRunDto[] }) {
  return <LocalDataTable columns={runColumns} data={runs} caption="Migration runs, newest first" emptyMessage="No migration run yet." getRowId={(run) => run.id} />;
}
