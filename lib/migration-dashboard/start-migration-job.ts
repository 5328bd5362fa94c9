import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { withEm } from '@/lib/db';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';
import { withPgClient } from '@/lib/migration/pg-client';
import { RUN_IN_PROGRESS_MESSAGE, tryLockForRun, unlockRun } from '@/lib/migration/run-lock';
import { assertImportAllowed, runImport, type MigrationProgress, type SourceReport } from '@/lib/migration/run-import';
import { runVerify } from '@/lib/migration/run-verify';
import type { MigrationJobProgressDto } from './migration-dashboard.dto';
import { saveJobProgress } from './migration-job-progress';

export type MigrationJobRequest = { kind: 'verify' } | { kind: 'import'; source: SourceId };
type JobActor = { id: string; email: string };

const FLUSH_MS = 1_000;

// Running jobs stay referenced until they settle: none is dropped mid-run and each logs its own failure.
const holder = globalThis as typeof globalThis & { __pendMigrationJobs?: Set<Promise<void>> };
holder.__pendMigrationJobs ??= new Set();

/**
 * Starts a verify of every source, or the re-import of one, in the background and returns as soon as
 * the job holds the run lock: on a big folder a run takes minutes, which no request should wait for.
 * The job works on its own EntityManager (the caller's transaction ends when the caller returns).
 * Progress goes to the progress store; the run record, results and audit event are written by the
 * engine services under the actor's audit context. Throws CONFLICT while another run (dashboard or CLI) holds the lock.
 */
export async function startMigrationJob(
  request: MigrationJobRequest,
  { sourceDir, actor, audit }: { sourceDir: string; actor: JobActor; audit: AuditContext },
): Promise<MigrationJobProgressDto> {
  // Refused here, not inside the background job, so the person who asked sees why.
  if (request.kind === 'import') await withEm((em) => assertImportAllowed(em));
  let announce!: (progress: MigrationJobProgressDto | null) => void;
  const started = new Promise<MigrationJobProgressDto | null>((resolve) => {
    announce = resolve;
  });
  const job = withEm((em) =>
    withPgClient(em, async (lockClient) => {
      if (!(await tryLockForRun(lockClient))) return announce(null);
      try {
        await runJob(em, request, { sourceDir, actor, audit, announce });
      } finally {
        await unlockRun(lockClient);
      }
    }),
  );
  const tracked: Promise<void> = job
    .catch((error: unknown) => console.error('migration job failed', error))
    .finally(() => holder.__pendMigrationJobs!.delete(tracked));
  holder.__pendMigrationJobs!.add(tracked);

  // A job that fails before it announces itself (database down) rejects here instead of hanging.
  const progress = await Promise.race([started, job.then(() => started)]);
  if (!progress) throw new AppError('CONFLICT', RUN_IN_PROGRESS_MESSAGE);
  return progress;
}

async function runJob(
  em: EntityManager,
  request: MigrationJobRequest,
  {
    sourceDir,
    actor,
    audit: context,
    announce,
  }: { sourceDir: string; actor: JobActor; audit: AuditContext; announce: (progress: MigrationJobProgressDto) => void },
): Promise<void> {
  const sources: string[] = request.kind === 'verify' ? LEGACY_SOURCES.map((source) => source.id) : [request.source];
  const progress: MigrationJobProgressDto = {
    jobId: randomUUID(),
    kind: request.kind,
    source: request.kind === 'import' ? request.source : null,
    sourceDir,
    startedBy: actor.email,
    startedAt: new Date().toISOString(),
    sourcesTotal: sources.length,
    state: 'running',
    step: null,
    runId: null,
    finishedAt: null,
    message: null,
  };
  await saveJobProgress(progress);
  announce(progress);

  // The engine reports every record read; that only updates this object, the timer writes it out.
  // A failed write is skipped: progress is a view, the run itself is recorded in the database.
  const flush = setInterval(() => void saveJobProgress(progress).catch(() => undefined), FLUSH_MS);
  const onProgress = (update: MigrationProgress) => {
    progress.step = { ...update, position: sources.indexOf(update.source) + 1 };
  };
  try {
    const result =
      request.kind === 'verify'
        ? await runVerify(em, { sourceDir, storageDir: env().KYC_STORAGE_DIR, context, onProgress, verifyInWorker: true })
        : await runImport(em, {
            sourceDir,
            backupDir: env().BACKUP_DIR,
            storageDir: env().KYC_STORAGE_DIR,
            context,
            only: [request.source],
            onProgress,
            verifyInWorker: true,
          });
    progress.state = result.state;
    progress.runId = result.runId;
    progress.message = summarize(result.sources);
  } catch (error) {
    console.error('migration job failed', error);
    progress.state = 'error';
    progress.message = 'The run stopped on an unexpected error (logged on the server); its run record shows how far it got.';
  } finally {
    clearInterval(flush);
    progress.finishedAt = new Date().toISOString();
    await saveJobProgress(progress).catch(() => undefined);
  }
}

/** "12 validated, 1 mismatched" */
function summarize(reports: SourceReport[]): string {
  const counts = new Map<string, number>();
  for (const report of reports) counts.set(report.state, (counts.get(report.state) ?? 0) + 1);
  return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}
