import { stringify } from 'csv-stringify/sync';
import { neutralizeFormula } from '@/lib/exports/neutralize-formula';
import type { BulkAssetLine } from './bulk-asset-change';

export const BULK_REPORT_COLUMNS = ['asset id', 'title', 'outcome', 'reason', 'before', 'after'] as const;

/** The per-row report as CSV (RFC 4180 quoting, CRLF lines), with the exports' formula neutralizing, safe to open in a spreadsheet. */
export function bulkAssetReportCsv(lines: readonly BulkAssetLine[]): string {
  const rows = lines.map((line) => [line.id, line.title, line.outcome, line.reason, line.from, line.to]);
  return stringify(
    [[...BULK_REPORT_COLUMNS], ...rows].map((row) => row.map(neutralizeFormula)),
    { record_delimiter: 'windows' },
  );
}

/** `asset-bulk-<operation>-<correlation id>.csv`: the file names the audit event it belongs to. */
export function bulkAssetReportFileName(operation: string, correlationId: string): string {
  return `asset-bulk-${operation}-${correlationId}.csv`;
}
