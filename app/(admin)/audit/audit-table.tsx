'use client';

import { DataTable } from '@/components/data-table/data-table';
import type { AuditEntryDto } from '@/lib/audit/audit.dto';
import { auditColumns } from './audit-columns';

export function AuditTable({ entries }: { entries: AuditEntryDto[] }) {
  return (
    <DataTable
      columns={auditColumns}
      data={entries}
      caption="Audit trail entries, newest first"
      emptyMessage="No audit entries match these filters."
      manual
      getRowId={(entry) => entry.id}
    />
  );
}
