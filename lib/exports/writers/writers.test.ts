import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ExportCellValue } from '../export-grid';
import type { ExportDocument, ExportWriter } from '../export-document';
import { visualRuns } from './bidi-runs';
import { csvTrailer, csvWriter } from './csv';
import { ndjsonWriter } from './ndjson';
import { pdfWriter } from './pdf';
import { exactDecimal, xlsxWriter } from './xlsx';

const ARABIC_NAME = 'مزرعة نخيل سيوة';

const document: ExportDocument = {
  jobId: '6f1c2a9e-1111-4222-8333-944455556666',
  title: 'Assets',
  filterText: 'Status = active; sorted by Created descending',
  columns: [
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'invested', label: 'Total invested', type: 'decimal' },
    { key: 'investors', label: 'Investors', type: 'integer' },
    { key: 'created', label: 'Created', type: 'datetime' },
    { key: 'changes', label: 'Changes', type: 'json' },
  ],
  generatedAt: new Date('2026-12-05T20:00:00.000Z'),
  generatedBy: 'auditor@test.pend',
};

const ROWS: ExportCellValue[][] = [
  ['Plain, with "quotes" and a comma', '1234567.89', 12, new Date('2026-01-02T03:04:05.678Z'), '[{"field":"a","before":1,"after":2}]'],
  ['=HYPERLINK("http://evil","click")', '-250.50', 0, null, null],
  [`${ARABIC_NAME} 2024`, '0.000000000000000001', null, new Date('2025-06-30T00:00:00.000Z'), null],
  ['line one\nline two', '123456789012345678.25', 3, null, null],
  ['+1-555', null, 1, null, null],
  ['@SUM(A1)', '10', 2, null, null],
  ['\tTabbed', '10', 2, null, null],
  ['-2+3', '10', 2, null, null],
];

/** The rows in pages of two, as the export hands them to a writer. */
async function* rowsOf(rows: ExportCellValue[][]) {
  for (let start = 0; start < rows.length; start += 2) yield rows.slice(start, start + 2);
}

async function run(writer: ExportWriter, rows: ExportCellValue[][] = ROWS): Promise<{ bytes: Buffer; rowCount: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const { rowCount } = await writer(rowsOf(rows), document, out);
  return { bytes: Buffer.concat(chunks), rowCount };
}

describe('CSV writer', () => {
  it('parses back to the rows (commas, quotes, newlines, Arabic), with formula cells neutralized and numbers left as numbers', async () => {
    const { bytes, rowCount } = await run(csvWriter({ bom: false }));
    expect(rowCount).toBe(ROWS.length);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(['Title', 'Total invested', 'Investors', 'Created', 'Changes']);
    expect(records[1]).toEqual(['Plain, with "quotes" and a comma', '1234567.89', '12', '2026-01-02T03:04:05.678Z', '[{"field":"a","before":1,"after":2}]']);
    expect(records[2][0]).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(records[2][1]).toBe('-250.50');
    expect(records[3][0]).toBe(`${ARABIC_NAME} 2024`);
    expect(records[3][1]).toBe('0.000000000000000001');
    expect(records[4][0]).toBe('line one\nline two');
    expect(records[4][1]).toBe('123456789012345678.25');
    expect(records.slice(5, 9).map((record) => record[0])).toEqual([`'+1-555`, `'@SUM(A1)`, `'\tTabbed`, `'-2+3`]);
    expect(records[9]).toEqual([csvTrailer(document, ROWS.length)]);
    expect(records).toHaveLength(ROWS.length + 2);
  });

  it('uses CRLF between records and starts with a BOM only when asked', async () => {
    const plain = (await run(csvWriter({ bom: false }))).bytes;
    const withBom = (await run(csvWriter({ bom: true }))).bytes;
    expect(plain.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(withBom.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(plain.toString('utf8').startsWith('Title,Total invested,Investors,Created,Changes\r\n')).toBe(true);
  });
});

describe('NDJSON writer', () => {
  it('writes one object per row keyed by column, decimals as exact strings, JSON columns embedded, then the provenance record', async () => {
    const { bytes } = await run(ndjsonWriter);
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(ROWS.length + 1);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(first).toEqual({
      title: 'Plain, with "quotes" and a comma',
      invested: '1234567.89',
      investors: 12,
      created: '2026-01-02T03:04:05.678Z',
      changes: [{ field: 'a', before: 1, after: 2 }],
    });
    expect((JSON.parse(lines[3]) as { invested: string }).invested).toBe('123456789012345678.25');
    const trailer = JSON.parse(lines[ROWS.length]) as { _export: { jobId: string; rowCount: number } };
    expect(trailer._export).toMatchObject({ jobId: document.jobId, rowCount: ROWS.length });
  });
});

describe('XLSX writer', () => {
  it('reads back with exceljs: typed cells, exact money, frozen header with autofilter, and the About sheet with the job id', async () => {
    const { bytes } = await run(xlsxWriter);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Export')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Title', 'Total invested', 'Investors', 'Created', 'Changes']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('Plain, with "quotes" and a comma');
    expect(first.getCell(2).value).toBe(1234567.89);
    expect(first.getCell(3).value).toBe(12);
    expect(first.getCell(4).value).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(sheet.getRow(3).getCell(2).value).toBe(-250.5);
    // Within Excel's 15 significant digits a decimal is a number; beyond them, the exact text rather than a rounded number.
    expect(sheet.getRow(4).getCell(2).value).toBe(1e-18);
    expect(sheet.getRow(5).getCell(2).value).toBe('123456789012345678.25');
    expect(sheet.getRow(4).getCell(1).value).toBe(`${ARABIC_NAME} 2024`);
    expect(sheet.rowCount).toBe(ROWS.length + 1);
    const about = workbook.getWorksheet('About this export')!;
    expect(about.getRow(1).values).toEqual([undefined, 'Export job', document.jobId]);
    expect(about.getRow(5).values).toEqual([undefined, 'Rows', ROWS.length]);
    expect(workbook.subject).toBe(`Pend Admin export ${document.jobId}`);
  });

  it('writes a decimal as a number only when the number is that exact decimal', () => {
    expect(exactDecimal('1234567.89')).toBe(1234567.89);
    expect(exactDecimal('-0.5')).toBe(-0.5);
    expect(exactDecimal('9007199254740993')).toBe('9007199254740993');
    expect(exactDecimal('1.0000000000000001')).toBe('1.0000000000000001');
  });
});

describe('PDF writer', () => {
  const pdfText = (bytes: Buffer, args: string[] = []) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pend-pdf-')), 'export.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
  };

  it('prints the title, the filter, who and when, the rows, and an Arabic name in logical order (pdftotext)', async () => {
    const { bytes } = await run(pdfWriter);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(bytes);
    expect(text).toContain('Assets');
    expect(text).toContain('Filter: Status = active; sorted by Created descending');
    expect(text).toContain('auditor@test.pend');
    expect(text).toContain('1234567.89');
    expect(text).toContain(ARABIC_NAME);
    expect(text).toContain('2024');
    expect(text).toContain(`Pend Admin export ${document.jobId} · page 1`);
    const info = execFileSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' });
    expect(info).toContain(`Subject:         Pend Admin export ${document.jobId}`);
  });

  it('repeats the table header on every page and numbers the pages', async () => {
    const many = Array.from({ length: 120 }, (_, index) => [`Row ${index}`, `${index}.00`, index, null, null] as ExportCellValue[]);
    const { bytes, rowCount } = await run(pdfWriter, many);
    expect(rowCount).toBe(120);
    const pages = pdfText(bytes)
      .split('\f')
      .filter((page) => page.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const [index, page] of pages.entries()) {
      expect(page).toContain('Total invested');
      expect(page).toContain(`page ${index + 1}`);
    }
    expect(pages.at(-1)).toContain('Row 119');
  });
});

describe('bidi runs', () => {
  it('orders an Arabic name followed by digits right to left, each run kept in logical order', () => {
    expect(visualRuns('Palm 12')).toEqual({ runs: [{ text: 'Palm 12', rightToLeft: false }], rightToLeft: false });
    const { runs, rightToLeft } = visualRuns(`${ARABIC_NAME} 2024`);
    expect(rightToLeft).toBe(true);
    expect(runs).toEqual([
      { text: '2024', rightToLeft: false },
      { text: `${ARABIC_NAME} `, rightToLeft: true },
    ]);
  });
});
