'use client';

import { useMemo } from 'react';
import { LocalDataTable } from '@/components/data-table/local-data-table';
import type { MigrationSourceDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { sourceColumns } from './sources-columns';

export function SourcesTable({ sources, canRun, folder }: { sources: MigrationSourceDto[]; canRun: boolean; folder: string | null }) {
  const columns = useMemo(() => sourceColumns({ canRun, folder }), [canRun, folder]);
  return (
    <LocalDataTable
      columns={columns}
      data={sources}
      caption="Legacy sources"
      emptyMessage="No legacy sources are defined."
      getRowId={(source) => source.source}
    />
  );
}
