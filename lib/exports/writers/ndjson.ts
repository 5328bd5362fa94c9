import type { ExportCellValue } from '../export-grid';
import { endStream, unmaskedPhonesNotice, writeChunk, type ExportDocument, type ExportWriter } from '../export-document';

const BATCH_ROWS = 500;

function jsonValue(value: ExportCellValue, type: ExportDocument['columns'][number]['type']): unknown {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  // JSON columns hold JSON text; embed the value itself. Decimals stay strings: exact, never a float.
  if (type === 'json' && typeof value === 'string') return JSON.parse(value) as unknown;
  return value;
}

/** One JSON object per line keyed by column name, then one `{"_export": …}` line with the provenance and row count. */
export const ndjsonWriter: ExportWriter = async (pages, document, out) => {
  let rowCount = 0;
  let lines = '';
  for await (const page of pages) {
    for (const row of page) {
      const record: Record<string, unknown> = {};
      document.columns.forEach((column, index) => (record[column.key] = jsonValue(row[index], column.type)));
      lines += `${JSON.stringify(record)}\n`;
      rowCount += 1;
      if (rowCount % BATCH_ROWS === 0) {
        await writeChunk(out, lines);
        lines = '';
      }
    }
  }
  const trailer = {
    _export: {
      jobId: document.jobId,
      title: document.title,
      filter: document.filterText,
      columns: document.columns.map((column) => ({ key: column.key, label: column.label })),
      rowCount,
      generatedAt: document.generatedAt.toISOString(),
      generatedBy: document.generatedBy,
      ...(document.reason ? { reason: document.reason } : {}),
      ...(document.unmaskedPhones ? { unmaskedPhones: true, notice: unmaskedPhonesNotice(document) } : {}),
    },
  };
  await writeChunk(out, `${lines}${JSON.stringify(trailer)}\n`);
  await endStream(out);
  return { rowCount };
};
