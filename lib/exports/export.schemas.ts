import { z } from 'zod';

/** The grids an export can be taken from (`/api/exports/{grid}`); each has an entry in `export-grids.ts`. */
export const EXPORT_GRID_IDS = [
  'audit',
  'migration-runs',
  'migration-mismatches',
  'migration-anomalies',
  'assets',
  'blocks',
  'transactions',
  'users',
  'analytics-trend',
  'analytics-transaction-types',
  'analytics-distributions',
  'kyc',
  'wallets',
  'explorer-transactions',
] as const;
export type ExportGridId = (typeof EXPORT_GRID_IDS)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'Excel (XLSX)', pdf: 'PDF', ndjson: 'JSON lines (NDJSON)' };

/** Parameters of an export that are not the grid's own (they are taken out before the grid's schema parses the rest). */
export const EXPORT_OPTION_PARAMS = ['format', 'bom', 'reason', 'unmaskPhones'] as const;

export const exportOptionsSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: `Choose a format: ${EXPORT_FORMATS.join(', ')}.` }),
  /** A byte-order mark so Excel opens a CSV as UTF-8 (CSV only). */
  bom: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
  /** Why the data leaves the system; required when a column holds personal data. */
  reason: z
    .string()
    .trim()
    .max(500, 'Keep the reason under 500 characters.')
    .optional()
    .transform((text) => text || undefined),
  /**
   * Full phone numbers in place of the masked ones (decision 075): an option of the export, never a grid
   * column, so the grids' list queries and saved views are untouched. Needs `users:reveal-pii` and a reason.
   */
  unmaskPhones: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});
export type ExportOptions = z.infer<typeof exportOptionsSchema>;

/** A file to verify, as the browser hashed it (the file itself never leaves the browser). */
export const verifyExportSchema = z.object({
  sha256: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, 'Pick a file to check.'),
  sizeBytes: z.coerce.number().int().nonnegative(),
  fileName: z.string().max(300).optional(),
});
export type VerifyExportInput = z.infer<typeof verifyExportSchema>;

/** An export the Export menu is about to download: the grid and its export URL's query (format, reason and the grid's parameters). */
export const queueExportRequestSchema = z.object({
  grid: z.string().trim().min(1).max(40),
  query: z.string().max(8_000),
});
