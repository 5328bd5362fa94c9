import { parse } from 'csv-parse/sync';
import { AppError } from '@/lib/errors';
import { TIER_IMPORT_MAX_BYTES, TIER_IMPORT_MAX_ROWS } from './tier-import.dto';

/** The columns an import names, by what they hold; header spellings are matched without case, spaces, `_` or `-`. */
export type TierImportColumn = 'identityHash' | 'walletAddress' | 'phone' | 'user' | 'tier' | 'reason';

const HEADER_NAMES: Record<string, TierImportColumn> = {
  identityhash: 'identityHash',
  hash: 'identityHash',
  walletaddress: 'walletAddress',
  wallet: 'walletAddress',
  address: 'walletAddress',
  phone: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  user: 'user',
  identifier: 'user',
  tier: 'tier',
  newtier: 'tier',
  reason: 'reason',
};

export const EXPECTED_COLUMNS =
  'a header row naming the user (identity hash, wallet address or phone, or one "user" column holding any of them), the new tier and the reason';

/** One data row as the file gives it; `row` is its row number as a spreadsheet shows it (the header is row 1). */
export type TierImportRow = { row: number } & Partial<Record<TierImportColumn, string>>;

/**
 * The delimiter of the header line: Excel in locales whose decimal mark is a comma saves "CSV" with
 * semicolons. Whichever of `;` and `,` occurs more often outside quotes wins; a tie is a comma.
 */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '\n' || character === '\r')) break;
    else if (!quoted && character === ',') commas += 1;
    else if (!quoted && character === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Parses an uploaded tier-import file with csv-parse: UTF-8 with or without a BOM, CRLF or LF lines,
 * quoted fields (with delimiters, quotes and line breaks inside), comma or semicolon delimiter.
 * Refuses (LIMIT_EXCEEDED) a file over 10 MB or over 50,000 data rows, and (VALIDATION) a file
 * without the columns it needs or that is not CSV, saying which.
 */
export function parseTierImportCsv(bytes: Uint8Array): { rows: TierImportRow[]; delimiter: ',' | ';' } {
  if (bytes.byteLength > TIER_IMPORT_MAX_BYTES) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; an import takes at most 10 MB. Split it into smaller files.`,
    );
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new AppError('VALIDATION', `The file is empty. It needs ${EXPECTED_COLUMNS}.`);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, to: TIER_IMPORT_MAX_ROWS + 2 }) as string[][];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('VALIDATION', `The file is not valid CSV: ${detail}`);
  }
  const [header = [], ...data] = records;
  if (data.length > TIER_IMPORT_MAX_ROWS) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `The file has more than ${TIER_IMPORT_MAX_ROWS.toLocaleString('en')} rows; an import takes at most that many. Split it.`,
    );
  }
  const columns = header.map((name) => HEADER_NAMES[name.toLowerCase().replace(/[\s_-]/g, '')] ?? null);
  const has = (column: TierImportColumn) => columns.includes(column);
  if (!(has('identityHash') || has('walletAddress') || has('phone') || has('user')) || !has('tier') || !has('reason')) {
    throw new AppError('VALIDATION', `The header row "${header.join(delimiter)}" does not name the columns an import needs: ${EXPECTED_COLUMNS}.`);
  }
  const rows = data.map((record, index) => {
    const row: TierImportRow = { row: index + 2 };
    columns.forEach((column, position) => {
      const value = record[position];
      if (column && value !== undefined && value !== '' && row[column] === undefined) row[column] = value;
    });
    return row;
  });
  return { rows, delimiter };
}
