import type { EntityManager } from '@mikro-orm/postgresql';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import type { AuditContext } from '@/lib/audit/audit-context';
import type { RecurringJob } from '@/lib/jobs/recurring-job';
import type { QueuedJob } from '@/lib/jobs/queued-job';
import { ExportSchedule } from './export-schedule.entity';
import { EXPORT_SCHEDULE_QUEUE, enqueueNextRun, type ScheduledRunData } from './export-schedule.service';
import { recordExportJob, planExport } from './plan-export';
import { runExportJob, type ExportRunOutcome } from './run-export-job';

/**
 * One run of a schedule, as its owner: queues the following run first (so a failing run never stops
 * the schedule), records an export row for this run and writes it like a background export (the owner's
 * account and role re-checked). A failed run is noted on the schedule and thrown, so pg-boss retries it.
 */
export async function runScheduledExport(em: EntityManager, { scheduleId, runAt }: ScheduledRunData): Promise<ExportRunOutcome | null> {
  const schedule = await em.findOne(ExportSchedule, { id: scheduleId });
  if (!schedule || schedule.isPaused) return null;
  await enqueueNextRun(em, schedule, new Date(Math.max(Date.now(), new Date(runAt).getTime())));
  const owner = await findAdminUserById(em.fork(), schedule.owner);
  const audit: AuditContext = { actorId: schedule.owner, actorLabel: `${schedule.ownerLabel} (schedule ${schedule.name})`, source: 'system' };
  const actor = { id: schedule.owner, email: schedule.ownerLabel, name: owner?.name ?? '', role: owner?.role ?? 'viewer' };
  const params = new URLSearchParams({ ...schedule.params, format: schedule.format, reason: schedule.reason });
  // Planned with the grid's own rules only; whether the owner may still run it is runExportJob's check, which records the reason.
  const plan = planExport({ actor: { id: schedule.owner, role: 'super_admin' }, gridId: schedule.grid, params });
  const job = await recordExportJob(em, {
    plan,
    actor,
    audit,
    action: 'EXPORT_QUEUED',
    extra: { state: 'queued', isBackground: true, scheduleId: schedule.id },
  });
  const outcome = await runExportJob(em.fork(), job.id);
  await em.nativeUpdate(
    ExportSchedule,
    { id: schedule.id },
    { lastRunAt: new Date(), lastError: outcome.state === 'failed' ? (outcome.error ?? 'failed') : null },
  );
  if (outcome.state === 'failed') throw new Error(`Scheduled export "${schedule.name}" failed: ${outcome.error}`);
  return outcome;
}

/** A run of a schedule; a failed run is retried twice, a minute apart, each attempt its own export row. */
export const scheduledExportJob: QueuedJob<ScheduledRunData> = {
  name: EXPORT_SCHEDULE_QUEUE,
  retryLimit: 2,
  retryDelaySeconds: 60,
  async run(data, { orm, log }) {
    const outcome = await runScheduledExport(orm.em.fork(), data);
    if (outcome) log(`Scheduled export ${data.scheduleId} at ${data.runAt}: ${outcome.state}`);
  },
};

/** Every minute, each active schedule's next run is (re)sent: idempotent by its job id, so a lost job or a restored database never stops a schedule. */
export const reconcileExportSchedulesJob: RecurringJob = {
  name: 'exports.schedules-reconcile',
  cron: '* * * * *',
  async run({ orm }) {
    const em = orm.em.fork();
    for (const schedule of await em.find(ExportSchedule, { isPaused: false })) await enqueueNextRun(em, schedule);
  },
};
