'use client';

import { useActionState, useState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS } from '@/lib/exports/export.schemas';
import { createExportScheduleAction, previewExportScheduleAction } from './actions';
import { formatUtcStamp } from '@/lib/display-time';

/** A saved view the schedule can run: `owner` is set when another admin shared it. */
export type ScheduleViewOption = { id: string; name: string; state: string; owner: string | null };

/**
 * A new schedule: a grid and one of the admin's saved views of it (or, as an advanced option, the grid's
 * pasted URL), format, cron in a zone, with the next five runs previewed.
 */
export function ScheduleForm({ grids, views }: { grids: Array<{ id: string; title: string }>; views: Record<string, ScheduleViewOption[]> }) {
  const [state, formAction, pending] = useActionState(createExportScheduleAction, undefined);
  const [grid, setGrid] = useState(grids[0]?.id ?? '');
  const gridViews = views[grid] ?? [];
  const [viewId, setViewId] = useState('');
  const chosen = gridViews.find((view) => view.id === viewId);
  const [preview, setPreview] = useState<{ runs?: string[]; error?: string }>({});
  const [cron, setCron] = useState('0 6 * * 1');
  const [timeZone, setTimeZone] = useState('Africa/Cairo');
  const showPreview = async () => {
    const request = new FormData();
    request.set('cron', cron);
    request.set('timeZone', timeZone);
    const result = await previewExportScheduleAction(undefined, request);
    setPreview(result.ok ? { runs: result.data } : { error: Object.values(result.fieldErrors ?? {}).flat()[0] ?? result.message });
  };
  const errors = state?.fieldErrors;
  return (
    <form action={formAction} className="grid max-w-2xl gap-4" data-testid="schedule-form">
      <FormField label="Name" errors={errors?.name}>
        <Input name="name" required maxLength={120} placeholder="KYC queue every Monday" />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Grid" errors={errors?.grid}>
          <NativeSelect
            name="grid"
            value={grid}
            onChange={(event) => {
              setGrid(event.target.value);
              setViewId('');
            }}
          >
            {grids.map((grid) => (
              <option key={grid.id} value={grid.id}>
                {grid.title}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField label="Format" errors={errors?.format}>
          <NativeSelect name="format" defaultValue="csv">
            {EXPORT_FORMATS.map((format) => (
              <option key={format} value={format}>
                {EXPORT_FORMAT_LABELS[format]}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      </div>
      <FormField
        label="Saved view"
        hint={
          gridViews.length
            ? 'The filter, sort and columns of one of your views (or one shared with your role).'
            : 'This grid has no saved views of yours: save one on its page, or paste its URL below.'
        }
        errors={errors?.savedViewId}
      >
        <NativeSelect name="savedViewId" value={viewId} onChange={(event) => setViewId(event.target.value)} disabled={!gridViews.length}>
          <option value="">{gridViews.length ? 'Choose a view…' : 'No saved views'}</option>
          {gridViews.map((view) => (
            <option key={view.id} value={view.id}>
              {view.owner ? `${view.name} (shared by ${view.owner})` : view.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {chosen ? (
        <p className="text-xs text-muted-foreground" data-testid="schedule-view-state">
          {/* The server runs the view's own state; the field is sent so the form's shape stays the same. */}
          <input type="hidden" name="query" value={chosen.state} />
          Runs <span className="font-mono break-all">{chosen.state || 'the whole grid, default sort and columns'}</span>
        </p>
      ) : (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted-foreground">Advanced: paste a grid URL instead</summary>
          <FormField label="Filter, sort and columns" hint="Paste the grid's URL (or its part after ?)." errors={errors?.query}>
            <Input name="query" maxLength={4000} placeholder="/audit?action=LOGIN&columns=seq,actor,action" />
          </FormField>
        </details>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Cron" hint="minute hour day month weekday; six fields add seconds first" errors={errors?.cron}>
          <Input name="cron" value={cron} onChange={(event) => setCron(event.target.value)} onBlur={() => void showPreview()} />
        </FormField>
        <FormField label="Time zone (IANA)" errors={errors?.timeZone}>
          <Input name="timeZone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)} onBlur={() => void showPreview()} />
        </FormField>
      </div>
      <div className="text-sm" aria-live="polite" data-testid="schedule-preview">
        <Button type="button" variant="outline" size="sm" onClick={() => void showPreview()}>
          Preview the next runs
        </Button>
        {preview.error && <p className="mt-2 text-destructive">{preview.error}</p>}
        {preview.runs && (
          <ol className="mt-2 list-decimal pl-6 font-mono text-xs">
            {preview.runs.map((run) => (
              <li key={run}>
                {new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(new Date(run))} ({timeZone}) ·{' '}
                {formatUtcStamp(run, 'minute')}
              </li>
            ))}
          </ol>
        )}
      </div>
      <FormField label="Reason" hint="Recorded with every run in the audit trail." errors={errors?.reason}>
        <Textarea name="reason" required maxLength={500} />
      </FormField>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Create schedule'}
        </Button>
        <ActionResult state={state} />
      </div>
    </form>
  );
}
