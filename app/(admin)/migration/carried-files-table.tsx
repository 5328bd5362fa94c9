'use client';

import { DataTable } from '@/components/data-table/data-table';
import type { CarriedFileDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { carriedFilesColumns } from './carried-files-columns';

export function CarriedFilesTable({ rows }: { rows: CarriedFileDto[] }) {
  return (
    <DataTable
      columns={carriedFilesColumns}
      data={rows}
      caption="Files carried byte for byte"
      emptyMessage="The legacy folder holds no file beyond the sources and their KYC documents."
      getRowId={(row) => row.relativePath}
    />
  );
}
