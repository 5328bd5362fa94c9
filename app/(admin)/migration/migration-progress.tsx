'use client';

import { CircleAlertIcon, CircleCheckIcon, LoaderIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Card, CardContent } from '@/components/ui/card';
import type { MigrationJobProgressDto, MigrationJobStatusDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { StateBadge } from './cells';
import { formatCount, shortId } from './format';
import { formatUtcStamp } from '@/lib/display-time';

const PROGRESS_URL = '/api/admin/migration/progress';
const POLL_MS = 1_000;

function describe(progress: MigrationJobProgressDto): string {
  return progress.kind === 'verify' ? 'Verify of every source' : `Re-import of ${progress.source}`;
}

/**
 * Live progress of a dashboard run: polls the progress route every second while a run holds the job
 * lock, then refreshes the page once so the tables show the run's results.
 */
export function MigrationProgress({ initial }: { initial: MigrationJobStatusDto }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);

  useEffect(() => {
    if (!status.active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(PROGRESS_URL, { cache: 'no-store' });
        // Signed out or role changed: polling cannot succeed again.
        if (response.status === 401 || response.status === 403) return;
        if (response.ok) {
          const next = (await response.json()) as MigrationJobStatusDto;
          if (stopped) return;
          setStatus(next);
          if (!next.active) return router.refresh();
        }
      } catch {
        // A network blip: the next tick asks again.
      }
      if (!stopped) timer = setTimeout(pollAgain, POLL_MS);
    };
    // poll catches its own failures, so nothing awaits its promise.
    const pollAgain = () => void poll();
    timer = setTimeout(pollAgain, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [status.active, router]);

  const { active, progress } = status;
  if (!progress) {
    if (!active) return null;
    return (
      <Alert variant="info" role="status" data-testid="migration-progress" className="mb-4">
        <LoaderIcon className="animate-spin" aria-hidden />
        <AlertDescription className="text-foreground">
          A migration run started elsewhere (another instance or the command line) is in progress; this page refreshes when it ends.
        </AlertDescription>
      </Alert>
    );
  }
  if (!active) {
    const isValidated = progress.state === 'validated';
    return (
      <Alert variant={isValidated ? 'success' : 'destructive'} role="status" data-testid="migration-progress" className="mb-4">
        {isValidated ? <CircleCheckIcon aria-hidden /> : <CircleAlertIcon aria-hidden />}
        <AlertDescription className="block text-foreground">
          {describe(progress)} by {progress.startedBy} ended {progress.finishedAt ? formatUtcStamp(progress.finishedAt) : ''}:{' '}
          <StateBadge state={progress.state} />
          {progress.message && ` ${progress.message}.`}
          {progress.runId && (
            <>
              {' '}
              Run{' '}
              <code title={progress.runId} className="font-mono text-xs">
                {shortId(progress.runId)}
              </code>
              .
            </>
          )}
        </AlertDescription>
      </Alert>
    );
  }
  const step = progress.step;
  return (
    <Card role="status" aria-label="Migration run in progress" data-testid="migration-progress" className="mb-4 py-4">
      <CardContent className="grid gap-2 text-sm">
        <p>
          <strong>{describe(progress)}</strong> started by {progress.startedBy} at {formatUtcStamp(progress.startedAt)} from{' '}
          <code className="font-mono text-xs break-all">{progress.sourceDir}</code>
        </p>
        {step ? (
          <div className="grid gap-1.5">
            <p>
              Source {step.position} of {progress.sourcesTotal}: <strong>{step.source}</strong> · {step.phase} · {formatCount(step.done)}
              {step.total !== null && ` / ${formatCount(step.total)}`} records
            </p>
            <progress
              className="h-2 w-full overflow-hidden rounded-full accent-primary"
              max={step.total ?? undefined}
              value={step.total === null ? undefined : step.done}
              aria-label={`${step.source} ${step.phase}`}
            />
          </div>
        ) : (
          <p>{progress.kind === 'import' ? 'Backing up the legacy folder…' : 'Starting…'}</p>
        )}
      </CardContent>
    </Card>
  );
}
