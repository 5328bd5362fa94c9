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

/** A new schedule: grid and its URL parameters (paste the grid's URL), format, cron in a zone, with the next five runs previewed. */
export function ScheduleForm({ grids }: { grids: Array<{ id: string; title: string }> }) {
  const [state, formAction, pending] = useActionState(createExportScheduleAction, undefined);
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
          <NativeSelect name="grid" defaultValue={grids[0]?.id}>
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
      <FormField label="Filter, sort and columns" hint="Paste the grid's URL (or its part after ?), as a saved view opens it." errors={errors?.query}>
        <Input name="query" maxLength={4000} placeholder="/audit?action=LOGIN&columns=seq,actor,action" />
      </FormField>
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
                {run.replace('T', ' ').slice(0, 16)} UTC
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
