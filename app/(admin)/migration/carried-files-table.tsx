'use client';

import { LocalDataTable } from '@/components/data-table/local-data-table';
import type { CarriedFileDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { carriedFilesColumns } from './carried-files-columns';

export function CarriedFilesTable({ rows }: { rows: CarriedFileDto[] }) {
  return (
    <LocalDataTable
      columns={carriedFilesColumns}
      data={rows}
      caption="Files carried byte for byte"
      emptyMessage="The legacy folder holds no file beyond the sources and their KYC documents."
      getRowId={(row) => row.relativePath}
    />
  );
}
