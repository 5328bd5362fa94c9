import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { env } from '@/lib/env';
import { sendJob } from '@/lib/jobs/send-job';
import type { SearchParams } from '@/lib/list-query/list-query.schemas';
import type { ListTotal } from '@/lib/list-query/total';
import type { ExportJobRow } from './export.repository';
import { countExportRows, planExport, recordExportJob, type ExportPlan } from './plan-export';

/** The queue background and scheduled exports run on (decision 068). */
export const EXPORT_RUN_QUEUE = 'exports.run';

export type ExportRunData = { exportJobId: string };

/**
 * Whether the grid's count puts an export on the queue: at least `EXPORT_BACKGROUND_THRESHOLD_ROWS`.
 * The count comes from `countExportRows` capped at the threshold, so "at least the threshold" is
 * enough and a filtered count is exact below it (decision 072).
 */
export function isAboveThreshold(total: ListTotal | null, threshold = env().EXPORT_BACKGROUND_THRESHOLD_ROWS): boolean {
  return total !== null && total.value >= threshold;
}

/** Records a queued export (an EXPORT_QUEUED audit entry) and sends it to the job runner. */
export async function queueExport(
  em: EntityManager,
  { plan, actor, audit, total, scheduleId }: { plan: ExportPlan; actor: Actor; audit: AuditContext; total: ListTotal | null; scheduleId?: string },
): Promise<ExportJobRow> {
  const job = await recordExportJob(em, {
    plan,
    actor,
    audit,
    action: 'EXPORT_QUEUED',
    extra: { state: 'queued', isBackground: true, expectedRows: total && total.kind !== 'atLeast' ? total.value : null, scheduleId: scheduleId ?? null },
  });
  // The job's id is the export's: sending it twice (a retried request) queues it once.
  await sendJob(EXPORT_RUN_QUEUE, { exportJobId: job.id } satisfies ExportRunData, { id: job.id });
  return job;
}

/**
 * Queues the export when the grid counts at least the threshold, else returns null (the caller
 * streams it). Checks the export like a streamed one first (permissions, query, reason).
 */
export async function queueExportIfLarge(
  em: EntityManager,
  { actor, audit, gridId, params }: { actor: Actor; audit: AuditContext; gridId: string; params: SearchParams },
): Promise<ExportJobRow | null> {
  const plan = planExport({ actor, gridId, params });
  const threshold = env().EXPORT_BACKGROUND_THRESHOLD_ROWS;
  const total = await countExportRows(em.fork(), plan, threshold);
  if (!isAboveThreshold(total, threshold)) return null;
  return queueExport(em, { plan, actor, audit, total });
}
