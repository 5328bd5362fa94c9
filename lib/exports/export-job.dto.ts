import type { ExportJobRow } from './export.repository';
import { EXPORT_GRIDS } from './export-grids';
import type { ExportFormat, ExportGridId } from './export.schemas';

export type ExportJobDto = {
  id: string;
  requestedBy: string;
  /** The requester's account id (null once the account is deleted); the page polls while the viewer's own exports run. */
  requestedById: string | null;
  grid: string;
  gridTitle: string;
  format: ExportFormat;
  filterText: string;
  columns: string[];
  hasPersonalData: boolean;
  /** The file holds full phone numbers (decision 075). */
  unmaskedPii: boolean;
  reason: string | null;
  state: ExportJobRow['state'];
  isBackground: boolean;
  /** The grid's count when the export was queued (null when the grid could only say "1,000+"). */
  expectedRows: number | null;
  progressRows: number;
  /** A kept file to download (a completed background or scheduled export inside its retention). */
  hasFile: boolean;
  expiresAt: string | null;
  rowCount: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  startedAt: string;
  finishedAt: string | null;
};

export function toExportJobDto(row: ExportJobRow): ExportJobDto {
  return {
    id: row.id,
    requestedBy: row.requested_by_label,
    requestedById: row.requested_by,
    grid: row.grid,
    gridTitle: EXPORT_GRIDS[row.grid as ExportGridId]?.title ?? row.grid,
    format: row.format,
    filterText: row.filter_text,
    columns: row.columns,
    hasPersonalData: row.has_personal_data,
    unmaskedPii: row.unmasked_pii,
    reason: row.reason,
    state: row.state,
    isBackground: row.is_background,
    expectedRows: row.expected_rows === null ? null : Number(row.expected_rows),
    progressRows: Number(row.progress_rows),
    hasFile: row.state === 'completed' && row.file_path !== null,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    rowCount: row.row_count === null ? null : Number(row.row_count),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    sha256: row.sha256,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  };
}
