import type { CarriedFilesReport } from '@/lib/migration/carried-files';
import type { SourceReport } from '@/lib/migration/run-import';

/** The end-of-run table: one line per source, the error (if any) underneath. */
export function printSourceTable(reports: SourceReport[]): void {
  const header = ['source', 'read', 'written', 'quarantined', 'orphaned', 'mismatched', 'root hash', 'state'];
  const rows = reports.map((report) => [
    report.source,
    String(report.read),
    String(report.written),
    String(report.quarantined),
    String(report.orphaned),
    String(report.mismatched),
    report.rootHash ? report.rootHash.slice(0, 16) : '-',
    report.state,
  ]);
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index].length)));
  const line = (cells: string[]) =>
    cells.map((cell, index) => (index === 0 || index >= 6 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const [index, row] of rows.entries()) {
    console.log(line(row));
    if (reports[index].error) console.log(`  ↳ ${reports[index].error}`);
  }
}

const KEYS_SHOWN = 5;

/** Every anomaly the run found, by source and kind, with the first keys of each. */
export function printAnomalies(reports: SourceReport[]): void {
  const lines = reports.flatMap((report) =>
    Object.entries(report.anomalies).map(([kind, keys]) => {
      const shown = keys.slice(0, KEYS_SHOWN).join(', ');
      return `  ${report.relativePath} · ${kind} (${keys.length}): ${shown}${keys.length > KEYS_SHOWN ? ', …' : ''}`;
    }),
  );
  console.log(lines.length ? `\nAnomalies (kept and reported, nothing dropped):\n${lines.join('\n')}` : '\nNo anomalies.');
}

/** The files a full run carried byte for byte, and any that did not survive the trip. */
export function printCarriedFiles(report: CarriedFilesReport | null): void {
  if (!report) return;
  if (report.error) console.log(`\nFiles no table models: ${report.error}`);
  else console.log(`\nFiles no table models, carried byte for byte: ${report.files} (${report.bytes.toLocaleString('en-US')} bytes)`);
  for (const relativePath of report.mismatched) console.log(`  mismatched: ${relativePath}`);
  if (report.notCarried.length) console.log(`  left in place, unknown to the engine (kept only by the backup): ${report.notCarried.join(', ')}`);
}
