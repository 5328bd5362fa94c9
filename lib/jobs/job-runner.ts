import type { MikroORM } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import { createBoss } from './create-boss';
import type { QueuedJob } from './queued-job';
import { queuedJobs } from './queued-jobs';
import type { RecurringJob } from './recurring-job';
import { recurringJobs } from './recurring-jobs';

export type JobRunner = { boss: PgBoss; stop(): Promise<void> };

type JobRunnerOptions = {
  /** The app login's URL: the runner works as the app does (decision 061). */
  connectionString: string;
  orm: MikroORM;
  log(line: string): void;
  recurring?: RecurringJob[];
  queued?: QueuedJob[];
  /** How often an idle worker asks for work (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
};

/** How long a stop waits for running jobs before it lets them go (they are retried once their lease expires). */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts the one job runner (`npm run jobs`): schedules every recurring job with pg-boss (cron in its
 * time zone; any number of runners still run a tick once) and removes schedules no longer listed, then
 * works the recurring and on-demand queues. `stop()` lets running jobs finish, up to 30 s.
 */
export async function startJobRunner({
  connectionString,
  orm,
  log,
  recurring = recurringJobs,
  queued = queuedJobs,
  pollingIntervalSeconds = 2,
}: JobRunnerOptions): Promise<JobRunner> {
  const boss = createBoss({ connectionString, max: 4, asRunner: true });
  boss.on('error', (error) => log(`job queue error: ${error instanceof Error ? error.message : String(error)}`));
  await boss.start();
  const listed = new Set(recurring.map((job) => job.name));
  for (const schedule of await boss.getSchedules()) if (!listed.has(schedule.name)) await boss.unschedule(schedule.name);
  for (const job of recurring) {
    await boss.schedule(job.name, job.cron, {}, { tz: job.timeZone ?? 'UTC' });
    await boss.work(job.name, { pollingIntervalSeconds }, async () => {
      await job.run({ orm, log });
    });
  }
  for (const job of queued) {
    await boss.work<object>(job.name, { pollingIntervalSeconds, includeMetadata: true }, async ([item]) => {
      await job.run(item.data, { orm, log, jobId: item.id, attempt: item.retryCount });
    });
  }
  log(`Job runner working ${recurring.length} recurring and ${queued.length} on-demand queues`);
  return {
    boss,
    stop: () => boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS }),
  };
}
