'use client';

import { LocalDataTable } from '@/components/data-table/local-data-table';
import type { AnomalyGroupDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { anomalyColumns } from './anomalies-columns';

export function AnomaliesTable({ anomalies }: { anomalies: AnomalyGroupDto[] }) {
  return (
    <LocalDataTable
      columns={anomalyColumns}
      data={anomalies}
      caption="Anomalies by source and kind"
      emptyMessage="The latest imports found no anomalies."
      getRowId={(group) => `${group.source}:${group.kind}`}
    />
  );
}
