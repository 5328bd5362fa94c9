import type { EntityManager } from '@mikro-orm/postgresql';
import type { Readable } from 'node:stream';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { SearchParams } from '@/lib/list-query/list-query.schemas';
import { DigestStream } from './digest-stream';
import type { ExportDocument } from './export-document';
import { finishExportJob, keepExportJobFile, type ExportJobRow } from './export.repository';
import { exportDocumentOf, exportFileName, FILE_TYPES, planExport, recordExportJob, writeExport } from './plan-export';

export { EXPORT_BATCH_ROWS } from './plan-export';

export type StartedExport = { job: ExportJobRow; body: Readable; fileName: string; contentType: string; done: Promise<ExportJobRow | null> };

/**
 * Starts an export of a grid as its page shows it for `params` (the grid's URL parameters plus
 * `format`, `bom` and `reason`). The actor needs `exports:create` (the route's wrapper) and the grid's
 * own read permission. The job row and its EXPORT audit entry are committed before the first byte;
 * `body` streams the file while hashing it, and `done` settles once the job is completed (hash, size,
 * rows, and an EXPORT_COMPLETED audit entry) or marked failed or cancelled.
 */
export async function startExport(
  em: EntityManager,
  { actor, audit, gridId, params }: { actor: Actor; audit: AuditContext; gridId: string; params: SearchParams },
): Promise<StartedExport> {
  const plan = planExport({ actor, gridId, params });
  const job = await recordExportJob(em, { plan, actor, audit, action: 'EXPORT' });
  return streamExport(em, { plan, job, audit });
}

/** Streams a recorded export's file through a hash; `done` records the outcome. */
export function streamExport(
  em: EntityManager,
  { plan, job, audit, document }: { plan: ReturnType<typeof planExport>; job: ExportJobRow; audit: AuditContext; document?: Partial<ExportDocument> },
): StartedExport {
  const body = new DigestStream();
  let written = 0;
  const done = (async () => {
    try {
      const { rowCount } = await writeExport(em, {
        plan,
        document: exportDocumentOf(plan, job, document),
        out: body,
        onRows: (count) => {
          written = count;
        },
      });
      const { sha256, sizeBytes } = body.digest;
      return await finishJob(em, audit, job.id, { state: 'completed', rowCount, sizeBytes, sha256 });
    } catch (error) {
      const cancelled = body.destroyed && !body.writableFinished;
      if (!cancelled) console.error(error);
      body.destroy(cancelled ? undefined : new Error('The export failed.'));
      return finishJob(em, audit, job.id, {
        state: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? 'The download was cancelled.' : 'The export failed; the error was logged.',
        rowCount: written,
      });
    }
  })();
  return { job, body, fileName: exportFileName(plan, job), contentType: FILE_TYPES[plan.options.format].contentType, done };
}

/**
 * Closes a job with its audit event; a background job's kept file is recorded in the same transaction, so a
 * job is never seen completed without its download.
 */
export async function finishJob(
  em: EntityManager,
  audit: AuditContext,
  id: string,
  outcome: Parameters<typeof finishExportJob>[2],
  keptFile?: { filePath: string; retentionDays: number },
): Promise<ExportJobRow | null> {
  return em.fork().transactional(async (tx) => {
    const row = await finishExportJob(tx, id, outcome);
    if (row && keptFile) await keepExportJobFile(tx, { id, ...keptFile });
    if (row) {
      const { state, rowCount } = outcome;
      const details = outcome.state === 'completed' ? { sha256: outcome.sha256, sizeBytes: outcome.sizeBytes } : { error: outcome.error };
      await recordAuditEvent(
        tx,
        { action: `EXPORT_${state.toUpperCase()}`, tableName: 'export_jobs', recordId: id, newValues: { state, rowCount, ...details } },
        audit,
      );
    }
    return row;
  });
}
