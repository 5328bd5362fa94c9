import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY text format: backslash escapes, `\N` for NULL. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (character) => (character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r'));
}

const CHUNK_ROWS = 2_000;

/** Rows as COPY text, `CHUNK_ROWS` lines per piece, produced lazily; `counter.rows` counts them. */
export function* copyChunks(rows: Iterable<Array<string | null>>, counter = { rows: 0 }): Generator<string> {
  let buffer: string[] = [];
  for (const row of rows) {
    buffer.push(row.map(copyText).join('\t'));
    counter.rows += 1;
    if (buffer.length >= CHUNK_ROWS) {
      yield `${buffer.join('\n')}\n`;
      buffer = [];
    }
  }
  if (buffer.length) yield `${buffer.join('\n')}\n`;
}

/** Streams COPY text pieces into `table (columns)`. */
export async function copyTextPieces(client: pg.Client, table: string, columns: readonly string[], pieces: Iterable<string>): Promise<void> {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(pieces), sink);
}

/** Streams rows into `table (columns)` with COPY; rows are produced lazily in chunks. */
export async function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: Iterable<Array<string | null>>): Promise<number> {
  const counter = { rows: 0 };
  await copyTextPieces(client, table, columns, copyChunks(rows, counter));
  return counter.rows;
}
