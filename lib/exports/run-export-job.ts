import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import type { AuditContext } from '@/lib/audit/audit-context';
import { hasPermission } from '@/lib/auth/permissions';
import { env } from '@/lib/env';
import { AppError, toAppError } from '@/lib/errors';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@/lib/private-files';
import { DigestStream } from './digest-stream';
import { findExportJobById, markExportJobRunning, updateExportJobProgress, type ExportJobRow } from './export.repository';
import { exportDocumentOf, FILE_TYPES, planExport, writeExport, type ExportPlan } from './plan-export';
import { finishJob } from './start-export';

/** Rows between two progress updates of a running background export. */
export const PROGRESS_EVERY_ROWS = 2_000;

export type ExportRunOutcome = { state: 'completed' | 'failed' | 'skipped'; job: ExportJobRow | null; error?: string };

/** The folder background export files are kept in (managed private storage: 0700, files 0600). */
export function exportFilesDir(): string {
  return path.resolve(env().EXPORT_FILES_DIR);
}

/**
 * Runs a queued export as the admin who asked for it, re-checked now: a deactivated account, or a role
 * that no longer opens the grid, fails the job with that reason. Writes the file to managed storage
 * while hashing it, moves progress every few thousand rows, and records the outcome (EXPORT_COMPLETED
 * with the hash, or EXPORT_FAILED). A job already finished is skipped, so a redelivered job is harmless.
 */
export async function runExportJob(
  em: EntityManager,
  exportJobId: string,
  { progressEvery = PROGRESS_EVERY_ROWS, onProgress }: { progressEvery?: number; onProgress?: (rows: number) => Promise<void> } = {},
): Promise<ExportRunOutcome> {
  const queued = await findExportJobById(em, exportJobId);
  // Sent only once its row committed; a missing row is an error pg-boss retries, not a skip.
  if (!queued) throw new Error(`Export job ${exportJobId} has no record.`);
  if (!['queued', 'running'].includes(queued.state)) return { state: 'skipped', job: queued };
  const requesterId = queued.requested_by;
  const audit: AuditContext = { actorId: requesterId ?? undefined, actorLabel: `${queued.requested_by_label} (job runner)`, source: 'system' };
  const job = await markExportJobRunning(em, exportJobId);
  if (!job) return { state: 'skipped', job: queued };
  let plan: ExportPlan;
  try {
    plan = await planAsRequester(em, job, requesterId);
  } catch (error) {
    const reason = toAppError(error)?.message ?? 'The export could not be planned.';
    return { state: 'failed', job: await finishJob(em, audit, job.id, { state: 'failed', error: reason, rowCount: 0 }), error: reason };
  }

  const dir = exportFilesDir();
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const filePath = path.join(/* turbopackIgnore: true */ dir, `${job.id}.${FILE_TYPES[plan.options.format].extension}`);
  const digest = new DigestStream();
  // A runtime folder of export files, not a build asset: kept out of Turbopack's file tracing (it would trace the whole project).
  const file = pipeline(digest, createWriteStream(/* turbopackIgnore: true */ filePath, { mode: PRIVATE_FILE_MODE }));
  let written = 0;
  try {
    const { rowCount } = await writeExport(em, {
      plan,
      document: exportDocumentOf(plan, job),
      out: digest,
      onRows: async (count) => {
        // Counted a page at a time: progress is recorded each time the count passes a multiple of `progressEvery`.
        const passed = Math.floor(count / progressEvery) > Math.floor(written / progressEvery);
        written = count;
        if (!passed) return;
        await updateExportJobProgress(em.fork(), job.id, count);
        await onProgress?.(count);
      },
    });
    await file;
    const { sha256, sizeBytes } = digest.digest;
    const completed = await finishJob(
      em,
      audit,
      job.id,
      { state: 'completed', rowCount, sizeBytes, sha256 },
      { filePath, retentionDays: env().EXPORT_RETENTION_DAYS },
    );
    return { state: 'completed', job: completed && (await findExportJobById(em.fork(), completed.id)) };
  } catch (error) {
    console.error(error);
    digest.destroy();
    await file.catch(() => undefined);
    await rm(/* turbopackIgnore: true */ filePath, { force: true });
    const reason = 'The export failed; the error was logged.';
    return { state: 'failed', job: await finishJob(em, audit, job.id, { state: 'failed', error: reason, rowCount: written }), error: reason };
  }
}

async function planAsRequester(em: EntityManager, job: ExportJobRow, requesterId: string | null): Promise<ExportPlan> {
  const requester = requesterId ? await findAdminUserById(em.fork(), requesterId) : null;
  if (!requester) throw new AppError('FORBIDDEN', 'The admin who asked for this export no longer exists.');
  if (!requester.isActive) throw new AppError('FORBIDDEN', `${requester.email} is deactivated: the export does not run for a deactivated admin.`);
  if (!hasPermission(requester.role, 'exports:create')) throw new AppError('FORBIDDEN', `${requester.email}'s role (${requester.role}) may no longer export.`);
  const params = new URLSearchParams({ ...job.filter, format: job.format });
  if (job.columns.length) params.set('columns', job.columns.join(','));
  if (job.reason) params.set('reason', job.reason);
  // Re-checked as the requester now: a role that lost users:reveal-pii fails the job rather than writing masked numbers.
  if (job.unmasked_pii) params.set('unmaskPhones', 'true');
  try {
    return planExport({ actor: requester, gridId: job.grid, params });
  } catch (error) {
    if (toAppError(error)?.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', `${requester.email}'s role (${requester.role}) no longer opens this grid.`);
    throw error;
  }
}
