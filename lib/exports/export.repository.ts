import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExportJobState } from './export-job.entity';
import type { ExportFormat } from './export.schemas';

export type ExportJobRow = {
  id: string;
  requested_by: string | null;
  requested_by_label: string;
  grid: string;
  format: ExportFormat;
  filter: Record<string, string>;
  filter_text: string;
  sort: string;
  columns: string[];
  has_personal_data: boolean;
  unmasked_pii: boolean;
  reason: string | null;
  state: ExportJobState;
  is_background: boolean;
  schedule_id: string | null;
  expected_rows: string | null;
  progress_rows: string;
  file_path: string | null;
  expires_at: Date | string | null;
  row_count: string | null;
  size_bytes: string | null;
  sha256: string | null;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
};

export type NewExportJob = {
  requestedBy: string;
  requestedByLabel: string;
  grid: string;
  format: ExportFormat;
  filter: Record<string, string>;
  filterText: string;
  sort: string;
  columns: string[];
  hasPersonalData: boolean;
  /** Full phone numbers in the file (decision 075). */
  unmaskedPii?: boolean;
  reason?: string;
  /** Background exports start queued, with the grid's count as the expected rows (decision 068). */
  state?: 'queued' | 'running';
  isBackground?: boolean;
  expectedRows?: number | null;
  scheduleId?: string | null;
};

const COLUMNS = `id, requested_by, requested_by_label, grid, format, filter, filter_text, sort, columns, has_personal_data, unmasked_pii, reason, state,
  is_background, schedule_id, expected_rows::text AS expected_rows, progress_rows::text AS progress_rows, file_path, expires_at,
  row_count::text AS row_count, size_bytes::text AS size_bytes, sha256, error, started_at, finished_at`;

export async function insertExportJob(em: EntityManager, job: NewExportJob): Promise<ExportJobRow> {
  const [row] = await em.execute<ExportJobRow[]>(
    `INSERT INTO export_jobs (requested_by, requested_by_label, grid, format, filter, filter_text, sort, columns, has_personal_data, unmasked_pii, reason,
       state, is_background, expected_rows, schedule_id, queued_at)
     VALUES (?::uuid, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::uuid, CASE WHEN ? = 'queued' THEN now() END) RETURNING ${COLUMNS}`,
    [
      job.requestedBy,
      job.requestedByLabel.slice(0, 254),
      job.grid,
      job.format,
      JSON.stringify(job.filter),
      job.filterText,
      job.sort,
      JSON.stringify(job.columns),
      job.hasPersonalData,
      job.unmaskedPii ?? false,
      job.reason ?? null,
      job.state ?? 'running',
      job.isBackground ?? false,
      job.expectedRows ?? null,
      job.scheduleId ?? null,
      job.state ?? 'running',
    ],
  );
  return row;
}

/** Closes a running job; a job already closed stays as it is (the first outcome stands). */
export async function finishExportJob(
  em: EntityManager,
  id: string,
  outcome: { state: 'completed'; rowCount: number; sizeBytes: number; sha256: string } | { state: 'failed' | 'cancelled'; error: string; rowCount: number },
): Promise<ExportJobRow | null> {
  const [row] = await em.execute<ExportJobRow[]>(
    `UPDATE export_jobs SET state = ?, row_count = ?, size_bytes = ?, sha256 = ?, error = ?, finished_at = now()
      WHERE id = ?::uuid AND state = 'running' RETURNING ${COLUMNS}`,
    [
      outcome.state,
      outcome.rowCount,
      outcome.state === 'completed' ? outcome.sizeBytes : null,
      outcome.state === 'completed' ? outcome.sha256 : null,
      outcome.state === 'completed' ? null : outcome.error.slice(0, 500),
      id,
    ],
  );
  return row ?? null;
}

/** The newest exports first, at most `limit`, optionally one admin's only. */
export function findRecentExportJobs(em: EntityManager, { limit, requestedBy }: { limit: number; requestedBy?: string }): Promise<ExportJobRow[]> {
  return requestedBy
    ? em.execute<ExportJobRow[]>(`SELECT ${COLUMNS} FROM export_jobs WHERE requested_by = ?::uuid ORDER BY started_at DESC, id DESC LIMIT ?`, [
        requestedBy,
        limit,
      ])
    : em.execute<ExportJobRow[]>(`SELECT ${COLUMNS} FROM export_jobs ORDER BY started_at DESC, id DESC LIMIT ?`, [limit]);
}

/** Completed exports whose file had this SHA-256 (normally one; identical files from identical exports are possible). */
export function findExportJobsBySha256(em: EntityManager, sha256: string): Promise<ExportJobRow[]> {
  return em.execute<ExportJobRow[]>(`SELECT ${COLUMNS} FROM export_jobs WHERE sha256 = ? AND state = 'completed' ORDER BY started_at DESC`, [sha256]);
}

export function findExportJobById(em: EntityManager, id: string): Promise<ExportJobRow | null> {
  return em.execute<ExportJobRow[]>(`SELECT ${COLUMNS} FROM export_jobs WHERE id = ?::uuid`, [id]).then((rows) => rows[0] ?? null);
}

/** Takes a queued job (or one a crashed runner left running) for a run; null when it already finished. */
export async function markExportJobRunning(em: EntityManager, id: string): Promise<ExportJobRow | null> {
  const [row] = await em.execute<ExportJobRow[]>(
    `UPDATE export_jobs SET state = 'running', progress_rows = 0 WHERE id = ?::uuid AND state IN ('queued', 'running') RETURNING ${COLUMNS}`,
    [id],
  );
  return row ?? null;
}

export async function updateExportJobProgress(em: EntityManager, id: string, rows: number): Promise<void> {
  await em.execute(`UPDATE export_jobs SET progress_rows = ? WHERE id = ?::uuid AND state = 'running'`, [rows, id]);
}

/** Where a completed background export's file is kept, and until when. */
export async function keepExportJobFile(
  em: EntityManager,
  { id, filePath, retentionDays }: { id: string; filePath: string; retentionDays: number },
): Promise<void> {
  await em.execute(`UPDATE export_jobs SET file_path = ?, progress_rows = row_count, expires_at = finished_at + make_interval(days => ?) WHERE id = ?::uuid`, [
    filePath,
    retentionDays,
    id,
  ]);
}

/** Completed exports whose kept file is past its retention. */
export function findExpiredExportFiles(em: EntityManager, limit: number): Promise<Array<{ id: string; file_path: string }>> {
  return em.execute(
    `SELECT id, file_path FROM export_jobs WHERE state = 'completed' AND expires_at <= now() AND file_path IS NOT NULL ORDER BY expires_at LIMIT ?`,
    [limit],
  );
}

/** The file is gone: the record and its hash stay. */
export async function markExportJobExpired(em: EntityManager, id: string): Promise<boolean> {
  const rows = await em.execute(`UPDATE export_jobs SET state = 'expired', file_path = NULL WHERE id = ?::uuid AND state = 'completed' RETURNING id`, [id]);
  return rows.length > 0;
}
