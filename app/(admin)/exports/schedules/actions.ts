'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { exportScheduleIdSchema, exportScheduleSchema, nextRuns, previewScheduleSchema } from '@/lib/exports/export-schedule.schemas';
import { createExportSchedule, deleteExportSchedule, setExportSchedulePaused } from '@/lib/exports/export-schedule.service';
import { formatUtcStamp } from '@/lib/display-time';

/** The next five runs of a cron in a zone, for the form's preview. */
export const previewExportScheduleAction = adminAction<typeof previewScheduleSchema, string[]>(
  { permission: 'exports:create', schema: previewScheduleSchema },
  async ({ input }) => ({ ok: true, data: nextRuns(input.cron, input.timeZone).map((run) => run.toISOString()) }),
);

export const createExportScheduleAction = adminAction({ permission: 'exports:create', schema: exportScheduleSchema }, async ({ em, actor, audit, input }) => {
  const schedule = await createExportSchedule(em, { actor, audit, input });
  revalidatePath('/exports/schedules');
  return { ok: true, message: `Scheduled "${schedule.name}"; first run ${formatUtcStamp(schedule.nextRunAt ?? null, 'minute')}.` };
});

export const pauseExportScheduleAction = adminAction({ permission: 'exports:create', schema: exportScheduleIdSchema }, async ({ em, actor, audit, input }) => {
  await setExportSchedulePaused(em, { actor, audit, id: input.id, isPaused: true });
  revalidatePath('/exports/schedules');
  return { ok: true, message: 'Paused.' };
});

export const resumeExportScheduleAction = adminAction({ permission: 'exports:create', schema: exportScheduleIdSchema }, async ({ em, actor, audit, input }) => {
  await setExportSchedulePaused(em, { actor, audit, id: input.id, isPaused: false });
  revalidatePath('/exports/schedules');
  return { ok: true, message: 'Resumed.' };
});

export const deleteExportScheduleAction = adminAction({ permission: 'exports:create', schema: exportScheduleIdSchema }, async ({ em, actor, audit, input }) => {
  await deleteExportSchedule(em, { actor, audit, id: input.id });
  revalidatePath('/exports/schedules');
  return { ok: true, message: 'Deleted; its past files stay listed on Exports.' };
});
