import type { Metadata } from 'next';
import { AccessDenied } from '@/components/ui/access-denied';
import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { hasPermission } from '@/lib/auth/permissions';
import { EXPORT_GRIDS } from '@/lib/exports/export-grids';
import { findExportSchedules } from '@/lib/exports/export-schedule.service';
import { EXPORT_GRID_IDS } from '@/lib/exports/export.schemas';
import { loadPage } from '@/lib/page';
import { SAVED_VIEW_GRIDS, type SavedViewGrid } from '@/lib/saved-views/saved-view.schemas';
import { findSavedViews } from '@/lib/saved-views/saved-view.service';
import { deleteExportScheduleAction, pauseExportScheduleAction, resumeExportScheduleAction } from './actions';
import { ScheduleForm, type ScheduleViewOption } from './schedule-form';
import { formatUtcStamp } from '@/lib/display-time';

export const metadata: Metadata = { title: 'Scheduled exports' };

export default async function ExportSchedulesPage() {
  const page = await loadPage('exports:create', async ({ em, actor }) => {
    const gridIds = EXPORT_GRID_IDS.filter((id) => hasPermission(actor.role, EXPORT_GRIDS[id].permission));
    // The admin's own and shared saved views of each grid that has them: a schedule is picked from one instead of a pasted URL.
    const views: Record<string, ScheduleViewOption[]> = {};
    for (const id of gridIds) {
      if (!(SAVED_VIEW_GRIDS as readonly string[]).includes(id)) continue;
      views[id] = (await findSavedViews(em.fork(), actor, { grid: id as SavedViewGrid })).map((view) => ({
        id: view.id,
        name: view.name,
        state: view.state,
        owner: view.isOwn ? null : view.ownerLabel,
      }));
    }
    return { schedules: await findExportSchedules(em, actor), grids: gridIds.map((id) => ({ id, title: EXPORT_GRIDS[id].title })), views };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { schedules, grids, views } = page.data;
  return (
    <>
      <PageHeader
        title="Scheduled exports"
        description="Exports that run on a cron in a time zone, as their owner (whose account and role are checked at every run). Each run's file is kept under retention and listed on Exports with its SHA-256."
      />
      <Table data-testid="export-schedules">
        <caption className="sr-only">Export schedules</caption>
        <TableHeader>
          <TableRow>
            <TableHead>Name · grid</TableHead>
            <TableHead>When</TableHead>
            <TableHead>Next · last run</TableHead>
            <TableHead>State</TableHead>
            <TableHead>Actions</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {schedules.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5} className="py-8 text-center text-muted-foreground">
                No schedules yet.
              </TableCell>
            </TableRow>
          ) : (
            schedules.map((schedule) => (
              <TableRow key={schedule.id} data-testid="export-schedule">
                <TableCell>
                  <span className="font-medium">{schedule.name}</span>
                  <span className="block text-xs text-muted-foreground">
                    {EXPORT_GRIDS[schedule.grid as keyof typeof EXPORT_GRIDS]?.title ?? schedule.grid} · {schedule.format} · {schedule.owner}
                  </span>
                </TableCell>
                <TableCell className="font-mono text-xs">
                  {schedule.cron}
                  <span className="block">{schedule.timeZone}</span>
                </TableCell>
                <TableCell className="text-xs whitespace-nowrap">
                  {formatUtcStamp(schedule.nextRunAt, 'minute')}
                  <span className="block text-muted-foreground">{formatUtcStamp(schedule.lastRunAt, 'minute')}</span>
                  {schedule.lastError && <span className="block text-destructive">{schedule.lastError}</span>}
                </TableCell>
                <TableCell>
                  <Badge variant={schedule.isPaused ? 'warning' : 'success'}>{schedule.isPaused ? 'paused' : 'active'}</Badge>
                </TableCell>
                <TableCell className="flex flex-wrap gap-2">
                  {schedule.isPaused ? (
                    <ConfirmAction
                      action={resumeExportScheduleAction}
                      fields={{ id: schedule.id }}
                      label="Resume"
                      title={`Resume "${schedule.name}"?`}
                      description="Its next run is queued from now."
                      confirmLabel="Resume"
                    />
                  ) : (
                    <ConfirmAction
                      action={pauseExportScheduleAction}
                      fields={{ id: schedule.id }}
                      label="Pause"
                      title={`Pause "${schedule.name}"?`}
                      description="No run starts until it is resumed."
                      confirmLabel="Pause"
                    />
                  )}
                  <ConfirmAction
                    action={deleteExportScheduleAction}
                    fields={{ id: schedule.id }}
                    label="Delete"
                    title={`Delete "${schedule.name}"?`}
                    description="The schedule is removed; the files of its past runs stay listed on Exports until their retention ends."
                    confirmLabel="Delete"
                    danger
                  />
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <h2 className="mt-8 mb-4 text-lg font-semibold">New schedule</h2>
      <ScheduleForm grids={grids} views={views} />
    </>
  );
}
