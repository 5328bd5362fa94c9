'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { MigrationJobProgressDto, MigrationJobStatusDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { StateBadge } from './cells';
import { formatCount, formatUtc, shortId } from './format';

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
      <div className="notice" role="status" data-testid="migration-progress">
        A migration run started elsewhere (another instance or the command line) is in progress; this page refreshes when it ends.
      </div>
    );
  }
  if (!active) {
    return (
      <div className={`notice ${progress.state === 'validated' ? 'success' : 'error'}`} role="status" data-testid="migration-progress">
        {describe(progress)} by {progress.startedBy} ended {progress.finishedAt ? formatUtc(progress.finishedAt) : ''}: <StateBadge state={progress.state} />
        {progress.message && ` ${progress.message}.`}
        {progress.runId && (
          <>
            {' '}
            Run <code title={progress.runId}>{shortId(progress.runId)}</code>.
          </>
        )}
      </div>
    );
  }
  const step = progress.step;
  return (
    <section className="panel" role="status" aria-label="Migration run in progress" data-testid="migration-progress">
      <strong>{describe(progress)}</strong> started by {progress.startedBy} at {formatUtc(progress.startedAt)} from <code>{progress.sourceDir}</code>
      {step ? (
        <div style={{ marginTop: '0.5rem' }}>
          Source {step.position} of {progress.sourcesTotal}: <strong>{step.source}</strong> · {step.phase} · {formatCount(step.done)}
          {step.total !== null && ` / ${formatCount(step.total)}`} records
          <progress
            style={{ display: 'block', width: '100%', marginTop: '0.35rem' }}
            max={step.total ?? undefined}
            value={step.total === null ? undefined : step.done}
            aria-label={`${step.source} ${step.phase}`}
          />
        </div>
      ) : (
        <div style={{ marginTop: '0.5rem' }}>{progress.kind === 'import' ? 'Backing up the legacy folder…' : 'Starting…'}</div>
      )}
    </section>
  );
}
