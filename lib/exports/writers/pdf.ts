import { once } from 'node:events';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { ExportCellType } from '../export-grid';
import { attestedLines, cellText, waitForReader, type ExportWriter } from '../export-document';
import { visualRuns } from './bidi-runs';

/**
 * DejaVu Sans Condensed covers Latin, Arabic (with the joining forms fontkit shapes) and the symbols
 * the grids print, in one face: a cell never needs a font switch. Resolved from the working directory
 * because bundlers rewrite module paths; the app always runs from the project folder.
 */
const FONT_DIR = path.join(process.cwd(), 'node_modules', 'dejavu-fonts-ttf', 'ttf');
const FONTS = { regular: path.join(FONT_DIR, 'DejaVuSansCondensed.ttf'), bold: path.join(FONT_DIR, 'DejaVuSansCondensed-Bold.ttf') };

const MARGIN = 36;
const FONT_SIZE = 7.5;
const ROW_HEIGHT = 13;
const CELL_PADDING = 3;
const FOOTER_HEIGHT = 20;
const BATCH_ROWS = 200;
const WEIGHTS: Record<ExportCellType, number> = { text: 3, json: 4, datetime: 2.6, integer: 1.2, decimal: 1.8 };
/** Wider than this many weight units, the table goes landscape. */
const PORTRAIT_MAX_WEIGHT = 12;

type Doc = InstanceType<typeof PDFDocument>;

/** A time as a person reads it on paper: UTC to the second (the file's header says UTC). */
const utcSeconds = (value: Date) => value.toISOString().replace('T', ' ').slice(0, 19);

/** The longest prefix of `text` (plus an ellipsis) that fits `width` at the current font. */
function fitText(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${text.slice(0, middle)}…`) <= width) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low)}…`;
}

/** One line in a cell: cut to fit; a right-to-left line is right-aligned, a left-to-right one has its bidi runs placed in visual order. */
function drawCell(doc: Doc, text: string, x: number, y: number, width: number, alignRight: boolean): void {
  const inner = width - 2 * CELL_PADDING;
  const fitted = fitText(doc, text.replace(/\r?\n/g, ' ↵ '), inner);
  const { runs, rightToLeft } = visualRuns(fitted);
  const total = runs.reduce((sum, run) => sum + doc.widthOfString(run.text), 0);
  let cursor = x + CELL_PADDING + (alignRight || rightToLeft ? inner - total : 0);
  for (const run of runs) {
    if (run.rightToLeft) drawRightToLeftRun(doc, run.text, cursor, y);
    else doc.text(run.text, cursor, y, { lineBreak: false });
    cursor += doc.widthOfString(run.text);
  }
}

/**
 * A right-to-left run word by word from its right edge: fontkit shapes each Arabic word and lays it out
 * right to left; placing the words from the right keeps their order, and a PDF reader (pdftotext) then
 * reads them back in logical order.
 */
function drawRightToLeftRun(doc: Doc, text: string, x: number, y: number): void {
  let right = x + doc.widthOfString(text);
  for (const word of text.split(/( +)/)) {
    if (!word) continue;
    const width = doc.widthOfString(word);
    if (word.trim()) doc.text(word, right - width, y, { lineBreak: false });
    right -= width;
  }
}

/**
 * A PDF of the rows: title, the filter in words, generated at and by, then a one-line-per-row table
 * whose header repeats on every page, landscape when wide. Every page's footer names the job and its
 * page number; the job id is also in the document's metadata. Pages are written out as they fill (no
 * page buffering), so the total page count is not printed: that would hold the whole document.
 */
export const pdfWriter: ExportWriter = async (pages, document, out) => {
  const weight = document.columns.reduce((sum, column) => sum + WEIGHTS[column.type], 0);
  const doc = new PDFDocument({
    size: 'A4',
    layout: weight > PORTRAIT_MAX_WEIGHT ? 'landscape' : 'portrait',
    margin: MARGIN,
    info: {
      Title: document.title,
      Author: document.generatedBy,
      Subject: `Pend Admin export ${document.jobId}`,
      Keywords: `pend-export:${document.jobId}`,
      CreationDate: document.generatedAt,
    },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.pipe(out);

  const tableWidth = doc.page.width - 2 * MARGIN;
  const widths = document.columns.map((column) => (WEIGHTS[column.type] / weight) * tableWidth);
  const numeric = document.columns.map((column) => column.type === 'integer' || column.type === 'decimal');
  const attestation = attestedLines(document);
  // An attestation is repeated above every page's footer line, so a single printed page still carries it.
  const footerHeight = FOOTER_HEIGHT + attestation.length * 9;
  const bottom = () => doc.page.height - MARGIN - footerHeight;
  let pageNumber = 1;
  let y = MARGIN;

  const footer = () => {
    doc.font('regular').fontSize(7).fillColor('#555555');
    attestation.forEach((line, index) => {
      doc.text(line, MARGIN, doc.page.height - MARGIN - 8 - 9 * (attestation.length - index), { lineBreak: false });
    });
    doc.text(`Pend Admin export ${document.jobId} · page ${pageNumber}`, MARGIN, doc.page.height - MARGIN - 8, { lineBreak: false });
  };
  const headerRow = () => {
    doc.rect(MARGIN, y, tableWidth, ROW_HEIGHT).fill('#e8ebf0');
    doc.font('bold').fontSize(FONT_SIZE).fillColor('#111111');
    let x = MARGIN;
    document.columns.forEach((column, index) => {
      drawCell(doc, column.label, x, y + 3, widths[index], numeric[index]);
      x += widths[index];
    });
    y += ROW_HEIGHT;
    doc.font('regular');
  };

  doc.font('bold').fontSize(15).fillColor('#111111').text(document.title, MARGIN, y);
  doc.font('regular').fontSize(9).fillColor('#333333');
  doc.text(`Filter: ${document.filterText}`, { width: tableWidth });
  doc.text(`Generated ${utcSeconds(document.generatedAt)} UTC by ${document.generatedBy} · export ${document.jobId}`, {
    width: tableWidth,
  });
  if (document.reason) doc.text(`Reason (personal data): ${document.reason}`, { width: tableWidth });
  if (attestation.length) doc.font('bold').text(attestation.join('\n'), { width: tableWidth }).font('regular');
  y = doc.y + 8;
  headerRow();

  let rowCount = 0;
  for await (const page of pages) {
    for (const row of page) {
      if (y + ROW_HEIGHT > bottom()) {
        footer();
        doc.addPage();
        pageNumber += 1;
        y = MARGIN;
        headerRow();
      }
      if (rowCount % 2 === 1) doc.rect(MARGIN, y, tableWidth, ROW_HEIGHT).fill('#f6f7f9');
      doc.fillColor('#111111').fontSize(FONT_SIZE);
      let x = MARGIN;
      row.forEach((value, index) => {
        drawCell(doc, value instanceof Date ? utcSeconds(value) : cellText(value), x, y + 3, widths[index], numeric[index]);
        x += widths[index];
      });
      y += ROW_HEIGHT;
      rowCount += 1;
      if (rowCount % BATCH_ROWS === 0) await waitForReader(doc, out);
    }
  }
  if (rowCount === 0)
    doc
      .font('regular')
      .fontSize(9)
      .text('No rows match this filter.', MARGIN, y + 6);
  doc.font('regular').fontSize(8).fillColor('#333333');
  doc.text(`${rowCount} rows.`, MARGIN, Math.min(y + (rowCount === 0 ? 24 : 6), bottom()), { lineBreak: false });
  footer();
  doc.end();
  // The pipe ends `out` once pdfkit has written its last byte.
  if (!out.writableFinished) await once(out, 'finish');
  return { rowCount };
};
