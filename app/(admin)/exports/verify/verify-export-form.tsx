'use client';

import { CircleCheckIcon, CircleXIcon, LoaderCircleIcon } from 'lucide-react';
import { useActionState, useState, useTransition } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { ActionState } from '@/lib/action';
import type { ExportJobDto } from '@/lib/exports/export-job.dto';
import { EXPORT_FORMAT_LABELS } from '@/lib/exports/export.schemas';
import { verifyExportAction } from '../actions';
import { formatUtcStamp } from '@/lib/display-time';

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Hashes the picked file in the browser and asks the server which recorded export, if any, has that hash and size. */
export function VerifyExportForm() {
  const [state, verify, isVerifying] = useActionState<ActionState<ExportJobDto[]> | undefined, FormData>(verifyExportAction, undefined);
  const [checked, setChecked] = useState<{ name: string; sha256: string } | null>(null);
  const [isReading, setReading] = useState(false);
  const [, startTransition] = useTransition();
  const isHashing = isReading || isVerifying;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setReading(true);
    setChecked(null);
    const sha256 = await sha256Hex(file).finally(() => setReading(false));
    setChecked({ name: file.name, sha256 });
    const form = new FormData();
    form.set('sha256', sha256);
    form.set('sizeBytes', String(file.size));
    form.set('fileName', file.name);
    startTransition(() => verify(form));
  };

  const matches = state?.ok ? (state.data ?? []) : null;
  return (
    <div className="flex max-w-3xl flex-col gap-4">
      <div className="grid gap-2">
        <Label htmlFor="export-file">File to verify</Label>
        <Input id="export-file" type="file" onChange={(event) => void onFile(event.target.files?.[0])} aria-describedby="export-file-help" />
        <p id="export-file-help" className="text-sm text-muted-foreground">
          CSV, Excel, PDF or NDJSON as downloaded. Any changed byte makes a different hash.
        </p>
      </div>
      <div aria-live="polite" className="flex flex-col gap-3">
        {isHashing && (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <LoaderCircleIcon className="size-4 animate-spin" aria-hidden /> Checking the file…
          </p>
        )}
        {!isHashing && state && !state.ok && (
          <Alert variant="destructive">
            <CircleXIcon aria-hidden />
            <AlertTitle>The file could not be checked</AlertTitle>
            <AlertDescription>{state.message}</AlertDescription>
          </Alert>
        )}
        {!isHashing && checked && matches && matches.length === 0 && (
          <Alert variant="destructive" data-testid="verify-result">
            <CircleXIcon aria-hidden />
            <AlertTitle>No match: this file is not a recorded export</AlertTitle>
            <AlertDescription>
              <p>No completed export has the SHA-256 of {checked.name} with its size. It was changed after download, or did not come from Pend Admin.</p>
              <code className="font-mono text-xs break-all">{checked.sha256}</code>
            </AlertDescription>
          </Alert>
        )}
        {!isHashing && checked && matches && matches.length > 0 && (
          <Alert variant="success" data-testid="verify-result">
            <CircleCheckIcon aria-hidden />
            <AlertTitle>Byte-identical to a recorded export</AlertTitle>
            <AlertDescription>
              {matches.map((job) => (
                <div key={job.id} className="flex flex-col gap-0.5">
                  <p>
                    Export <code className="font-mono text-xs">{job.id}</code>: {job.gridTitle}, {EXPORT_FORMAT_LABELS[job.format]},{' '}
                    {job.rowCount?.toLocaleString('en-US')} rows, by {job.requestedBy} at {formatUtcStamp(job.startedAt)}.
                  </p>
                  <p className="text-xs" dir="auto">
                    {job.filterText}
                  </p>
                </div>
              ))}
              <code className="font-mono text-xs break-all">{checked.sha256}</code>
            </AlertDescription>
          </Alert>
        )}
      </div>
    </div>
  );
}
