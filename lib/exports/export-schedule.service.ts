import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { SAVED_VIEW_GRIDS, type SavedViewGrid } from '@/lib/saved-views/saved-view.schemas';
import { findSavedViews } from '@/lib/saved-views/saved-view.service';
import { ExportSchedule, type ExportScheduleEntity } from './export-schedule.entity';
import { nextRuns, type ExportScheduleInput } from './export-schedule.schemas';
import { planExport } from './plan-export';

/** The queue each scheduled run is sent to, at its time (`startAfter`). */
export const EXPORT_SCHEDULE_QUEUE = 'exports.scheduled';

export type ScheduledRunData = { scheduleId: string; runAt: string };

export type ExportScheduleDto = {
  id: string;
  name: string;
  owner: string;
  grid: string;
  query: string;
  format: string;
  cron: string;
  timeZone: string;
  reason: string;
  isPaused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastError: string | null;
};

export function toExportScheduleDto(schedule: ExportScheduleEntity): ExportScheduleDto {
  return {
    id: schedule.id,
    name: schedule.name,
    owner: schedule.ownerLabel,
    grid: schedule.grid,
    query: new URLSearchParams(schedule.params).toString(),
    format: schedule.format,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    reason: schedule.reason,
    isPaused: schedule.isPaused,
    nextRunAt: schedule.nextRunAt?.toISOString() ?? null,
    lastRunAt: schedule.lastRunAt?.toISOString() ?? null,
    lastError: schedule.lastError ?? null,
  };
}

/** One pg-boss job id per schedule and run time: sending the same run twice (runner restart, reconcile) queues it once. */
export function scheduledRunJobId(scheduleId: string, runAt: Date): string {
  const hex = createHash('sha256').update(`${scheduleId}|${runAt.toISOString()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Sends the schedule's next run (after `after`) to the queue, to start at its time, and records it on the schedule. */
export async function enqueueNextRun(em: EntityManager, schedule: ExportScheduleEntity, after = new Date()): Promise<Date> {
  const [runAt] = nextRuns(schedule.cron, schedule.timeZone, { from: after, count: 1 });
  await sendJob(EXPORT_SCHEDULE_QUEUE, { scheduleId: schedule.id, runAt: runAt.toISOString() } satisfies ScheduledRunData, {
    id: scheduledRunJobId(schedule.id, runAt),
    startAfter: runAt,
  });
  await em.nativeUpdate(ExportSchedule, { id: schedule.id }, { nextRunAt: runAt });
  return runAt;
}

/** The schedules the actor owns (everyone's for a super admin). */
export async function findExportSchedules(em: EntityManager, actor: Actor): Promise<ExportScheduleDto[]> {
  const where = actor.role === 'super_admin' ? {} : { owner: actor.id };
  const schedules = await em.find(ExportSchedule, where, { orderBy: { createdAt: 'desc' }, limit: 200 });
  return schedules.map(toExportScheduleDto);
}

async function savedViewState(em: EntityManager, actor: Actor, grid: string, id: string): Promise<string> {
  if (!(SAVED_VIEW_GRIDS as readonly string[]).includes(grid))
    throw new AppError('VALIDATION', 'This grid has no saved views.', { savedViewId: ['This grid has no saved views.'] });
  const view = (await findSavedViews(em, actor, { grid: grid as SavedViewGrid })).find((candidate) => candidate.id === id);
  if (!view) throw new AppError('NOT_FOUND', 'There is no such saved view of this grid.', { savedViewId: ['Pick one of your views of this grid.'] });
  return view.state;
}

/** Creates a schedule the owner's role may run now (the grid's permission, a valid query, a reason), and queues its first run. */
export async function createExportSchedule(
  em: EntityManager,
  { actor, audit, input }: { actor: Actor; audit: AuditContext; input: ExportScheduleInput },
): Promise<ExportScheduleDto> {
  // A schedule made from a saved view runs that view's state as the server holds it (one the owner may see, of the same grid).
  const params = new URLSearchParams(input.savedViewId ? await savedViewState(em, actor, input.grid, input.savedViewId) : input.query);
  params.set('format', input.format);
  params.set('reason', input.reason);
  const plan = planExport({ actor, gridId: input.grid, params });
  // Each unmasked export is one decision with its own reason (decision 075): never a standing schedule.
  if (plan.unmaskedPhones) throw new AppError('VALIDATION', 'Full phone numbers are exported one at a time, not on a schedule.');
  const grid = Object.fromEntries([...params].filter(([key]) => !['format', 'reason', 'bom', 'cursor', 'direction', 'pageSize'].includes(key)));
  const schedule = em.create(ExportSchedule, {
    owner: actor.id,
    ownerLabel: actor.email,
    name: input.name,
    grid: plan.gridId,
    savedViewId: input.savedViewId ?? null,
    params: grid,
    format: input.format,
    cron: input.cron,
    timeZone: input.timeZone,
    reason: input.reason,
  });
  await em.flush();
  await recordAuditEvent(
    em,
    {
      action: 'EXPORT_SCHEDULED',
      tableName: 'export_schedules',
      recordId: schedule.id,
      newValues: { name: input.name, grid: input.grid, params: grid, format: input.format, cron: input.cron, timeZone: input.timeZone, reason: input.reason },
    },
    audit,
  );
  await enqueueNextRun(em, schedule);
  return toExportScheduleDto(schedule);
}

async function getOwnScheduleOrThrow(em: EntityManager, actor: Actor, id: string): Promise<ExportScheduleEntity> {
  const schedule = await em.findOne(ExportSchedule, actor.role === 'super_admin' ? { id } : { id, owner: actor.id });
  if (!schedule) throw new AppError('NOT_FOUND', 'There is no such schedule.');
  return schedule;
}

/** Pauses or resumes a schedule; resuming queues its next run from now. */
export async function setExportSchedulePaused(
  em: EntityManager,
  { actor, audit, id, isPaused }: { actor: Actor; audit: AuditContext; id: string; isPaused: boolean },
): Promise<void> {
  const schedule = await getOwnScheduleOrThrow(em, actor, id);
  schedule.isPaused = isPaused;
  if (isPaused) schedule.nextRunAt = null;
  await em.flush();
  await recordAuditEvent(em, { action: isPaused ? 'SCHEDULE_PAUSED' : 'SCHEDULE_RESUMED', tableName: 'export_schedules', recordId: id }, audit);
  if (!isPaused) await enqueueNextRun(em, schedule);
}

/** Deletes a schedule; its past runs stay in export_jobs (their schedule link is cleared). A queued run finds no schedule and does nothing. */
export async function deleteExportSchedule(em: EntityManager, { actor, audit, id }: { actor: Actor; audit: AuditContext; id: string }): Promise<void> {
  const schedule = await getOwnScheduleOrThrow(em, actor, id);
  await recordAuditEvent(
    em,
    { action: 'SCHEDULE_DELETED', tableName: 'export_schedules', recordId: id, oldValues: { name: schedule.name, grid: schedule.grid, cron: schedule.cron } },
    audit,
  );
  em.remove(schedule);
  await em.flush();
}
