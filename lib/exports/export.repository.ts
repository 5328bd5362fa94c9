import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExportFormat } from './export.schemas';

export type ExportJobRow = {
  id: string;
  requested_by_label: string;
  grid: string;
  format: ExportFormat;
  filter: Record<string, string>;
  filter_text: string;
  sort: string;
  columns: string[];
  has_personal_data: boolean;
  reason: string | null;
  state: 'running' | 'completed' | 'failed' | 'cancelled';
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
  reason?: string;
};

const COLUMNS = `id, requested_by_label, grid, format, filter, filter_text, sort, columns, has_personal_data, reason, state,
  row_count::text AS row_count, size_bytes::text AS size_bytes, sha256, error, started_at, finished_at`;

export async function insertExportJob(em: EntityManager, job: NewExportJob): Promise<ExportJobRow> {
  const [row] = await em.execute<ExportJobRow[]>(
    `INSERT INTO export_jobs (requested_by, requested_by_label, grid, format, filter, filter_text, sort, columns, has_personal_data, reason)
     VALUES (?::uuid, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?) RETURNING ${COLUMNS}`,
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
      job.reason ?? null,
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
