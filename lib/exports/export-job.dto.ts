import type { ExportJobRow } from './export.repository';
import { EXPORT_GRIDS } from './export-grids';
import type { ExportFormat, ExportGridId } from './export.schemas';

export type ExportJobDto = {
  id: string;
  requestedBy: string;
  grid: string;
  gridTitle: string;
  format: ExportFormat;
  filterText: string;
  columns: string[];
  hasPersonalData: boolean;
  reason: string | null;
  state: ExportJobRow['state'];
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
    grid: row.grid,
    gridTitle: EXPORT_GRIDS[row.grid as ExportGridId]?.title ?? row.grid,
    format: row.format,
    filterText: row.filter_text,
    columns: row.columns,
    hasPersonalData: row.has_personal_data,
    reason: row.reason,
    state: row.state,
    rowCount: row.row_count === null ? null : Number(row.row_count),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    sha256: row.sha256,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  };
}
