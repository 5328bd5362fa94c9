import Papa from 'papaparse';
import type { BulkAssetLine } from './bulk-asset-change';

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection"): papaparse prefixes them with a
 * quote. Its own default pattern (`^[=+\-@\t\r].*$`) stops at a line break, so a title such as
 * "=HYPERLINK(…)\nx" would pass it; this one only looks at the first character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const BULK_REPORT_COLUMNS = ['asset id', 'title', 'outcome', 'reason', 'before', 'after'] as const;

/** The per-row report as CSV (RFC 4180 quoting, CRLF lines), safe to open in a spreadsheet. */
export function bulkAssetReportCsv(lines: readonly BulkAssetLine[]): string {
  return Papa.unparse(
    { fields: [...BULK_REPORT_COLUMNS], data: lines.map((line) => [line.id, line.title, line.outcome, line.reason, line.from, line.to]) },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
}

/** `asset-bulk-<operation>-<correlation id>.csv`: the file names the audit event it belongs to. */
export function bulkAssetReportFileName(operation: string, correlationId: string): string {
  return `asset-bulk-${operation}-${correlationId}.csv`;
}
