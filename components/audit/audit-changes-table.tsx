import type { ReactNode } from 'react';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AuditFieldChange } from '@/lib/audit/audit.dto';

/** The fields an audit entry changed, each with its value before and after (the first 40), as a page shows a record's history. */
export function AuditChangesTable({ changes, formatValue }: { changes: AuditFieldChange[]; formatValue: (value: unknown) => ReactNode }) {
  return (
    <Table className="mt-2">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Field</TableHead>
          <TableHead scope="col">Before</TableHead>
          <TableHead scope="col">After</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {changes.slice(0, 40).map((change) => (
          <TableRow key={change.field}>
            <TableHead scope="row" className="font-mono text-xs">
              {change.field}
            </TableHead>
            <TableCell dir="auto" className="max-w-md break-all whitespace-pre-wrap">
              {formatValue(change.before)}
            </TableCell>
            <TableCell dir="auto" className="max-w-md break-all whitespace-pre-wrap">
              {formatValue(change.after)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
