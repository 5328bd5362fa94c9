import { stringify } from 'csv-stringify/sync';
import { neutralizeFormula } from '@/lib/exports/neutralize-formula';
import type { TierChangeLine } from './tier-change.service';

export const TIER_REPORT_COLUMNS = ['identity hash', 'outcome', 'tier before', 'tier after', 'reason'] as const;

/** The per-row report as CSV (RFC 4180 quoting, CRLF lines), formulas neutralized as the exports do, safe to open in a spreadsheet. */
export function tierReportCsv(lines: readonly TierChangeLine[]): string {
  const rows = lines.map((line) => [line.identityHash, line.outcome, line.from === null ? '' : String(line.from), String(line.to), line.reason ?? '']);
  return stringify(
    [[...TIER_REPORT_COLUMNS], ...rows].map((row) => row.map(neutralizeFormula)),
    { record_delimiter: 'windows' },
  );
}

/** `tier-bulk-<correlation id>.csv`: the file names the audit event it belongs to. */
export function tierReportFileName(correlationId: string): string {
  return `tier-bulk-${correlationId}.csv`;
}
