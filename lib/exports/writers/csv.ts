import { stringify } from 'csv-stringify/sync';
import type { ExportCellValue } from '../export-grid';
import { neutralizeFormula } from '../neutralize-formula';
import { attestedLines, cellText, endStream, writeChunk, type ExportDocument, type ExportWriter } from '../export-document';

const BATCH_ROWS = 500;
function csvCell(value: ExportCellValue, type: ExportDocument['columns'][number]['type']): string {
  const text = cellText(value);
  return type === 'text' || type === 'json' ? neutralizeFormula(text) : text;
}

/** The closing line: the job id, so a file found later names the export it came from. */
export function csvTrailer(document: ExportDocument, rowCount: number): string {
  return `# Pend Admin export ${document.jobId}: ${rowCount} rows of ${document.title}`;
}

/** RFC 4180 CSV (CRLF, quotes doubled), UTF-8 with an optional BOM; header row first, the provenance line last. */
export function csvWriter({ bom }: { bom: boolean }): ExportWriter {
  return async (pages, document, out) => {
    const options = { record_delimiter: 'windows' as const, quoted_match: /^\s|\s$/ };
    await writeChunk(out, (bom ? '\uFEFF' : '') + stringify([document.columns.map((column) => neutralizeFormula(column.label))], options));
    let rowCount = 0;
    let batch: string[][] = [];
    for await (const page of pages) {
      for (const row of page) {
        batch.push(row.map((value, index) => csvCell(value, document.columns[index].type)));
        rowCount += 1;
        if (batch.length === BATCH_ROWS) {
          await writeChunk(out, stringify(batch, options));
          batch = [];
        }
      }
    }
    if (batch.length) await writeChunk(out, stringify(batch, options));
    const attested = attestedLines(document).map((line) => [`# ${line}`]);
    await writeChunk(out, stringify([...attested, [csvTrailer(document, rowCount)]], options));
    await endStream(out);
    return { rowCount };
  };
}
