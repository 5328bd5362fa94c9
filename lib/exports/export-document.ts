import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { Readable, Writable } from 'node:stream';
import type { ExportCellType, ExportCellValue } from './export-grid';

/** What a writer knows about the file it writes: the provenance every format carries (decision 049). */
export type ExportDocument = {
  jobId: string;
  title: string;
  /** The filter, search and sort in words, as the file states them. */
  filterText: string;
  columns: Array<{ key: string; label: string; type: ExportCellType }>;
  generatedAt: Date;
  generatedBy: string;
  /** Set when a column holds personal data: why it was exported. */
  reason?: string;
  /** The phone column holds full numbers (decision 075): every format says so, with the reason. */
  unmaskedPhones?: boolean;
  /**
   * What the file attests beyond its rows (an audit-trail extract's chain verification and head hash):
   * CSV provenance lines before the closing line, PDF header lines and the footer of every page.
   */
  attestation?: string[];
};

/** The provenance line of a file with full phone numbers. */
export function unmaskedPhonesNotice(document: ExportDocument): string | null {
  return document.unmaskedPhones ? `Unmasked phone numbers, reason: ${document.reason ?? ''}` : null;
}

/** The lines a file attests beyond its rows: the attestation, then the unmasked-phones notice (CSV lines, PDF header and footers). */
export function attestedLines(document: ExportDocument): string[] {
  const notice = unmaskedPhonesNotice(document);
  return [...(document.attestation ?? []), ...(notice ? [notice] : [])];
}

/**
 * A writer turns rows (one value per column, in column order), given a page at a time, into one file on `out`,
 * and says how many rows it wrote. Pages rather than rows: every step of an async iteration is a promise, and
 * inside a request (Next's AsyncLocalStorage contexts) a promise per row made a 200,000-row export's heap grow
 * by 120 MB instead of 19 (decision 076).
 */
export type ExportWriter = (pages: AsyncIterable<ExportCellValue[][]>, document: ExportDocument, out: Writable) => Promise<{ rowCount: number }>;

/** Writes a chunk and waits while the consumer is behind, so a slow download never piles rows up in memory. */
export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await waitForDrain(out);
}

/** Resolves once `out` drained, or fails when it was destroyed (the download was cancelled). */
export async function waitForDrain(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error('The export was cancelled.');
  // Whichever event comes first, the other listener is removed: a long export waits thousands of times.
  const settled = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: settled.signal }),
      once(out, 'close', { signal: settled.signal }).then(() => Promise.reject(new Error('The export was cancelled.'))),
    ]);
  } finally {
    settled.abort();
  }
}

/**
 * For writers that produce into a readable of their own (pdfkit, exceljs's zip) piped into `out`:
 * waits while that readable holds more than `limit` bytes the consumer has not taken yet. Re-checked
 * every few milliseconds as well as on 'drain': a pipe that catches up without `out` ever filling
 * emits no 'drain' to wait for.
 */
export async function waitForReader(source: Readable, out: Writable, limit = 1 << 20): Promise<void> {
  while (source.readableLength > limit || out.writableNeedDrain) {
    if (out.destroyed) throw new Error('The export was cancelled.');
    const settled = new AbortController();
    try {
      await Promise.race([
        once(out, 'drain', { signal: settled.signal }),
        once(out, 'close', { signal: settled.signal }).then(() => Promise.reject(new Error('The export was cancelled.'))),
        delay(20, undefined, { signal: settled.signal }),
      ]);
    } finally {
      settled.abort();
    }
  }
}

/** Ends `out` and waits until everything written has been handed on. */
export async function endStream(out: Writable): Promise<void> {
  if (out.writableFinished) return;
  out.end();
  await once(out, 'finish');
}

/** A date as the exports print it: ISO 8601 in UTC, to the second (the value itself keeps milliseconds in XLSX and NDJSON). */
export function formatDateTime(value: Date): string {
  return value.toISOString();
}

/** A cell as text for formats without types (CSV, PDF). */
export function cellText(value: ExportCellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return formatDateTime(value);
  return String(value);
}

/**
 * A Node readable as a web stream that reads one chunk each time the consumer asks for one. Node 20's
 * `Readable.toWeb` queues chunks ahead of a slow client (it buffered over 100 MB of a CSV export in the
 * benchmark); here the file waits in the database instead. Cancelling the web stream destroys `source`.
 */
export function toPullStream(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
