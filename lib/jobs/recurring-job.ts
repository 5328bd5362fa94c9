import type { MikroORM } from '@mikro-orm/postgresql';

/** What a recurring job gets: the job runner's ORM (app login) and its log. */
export interface RecurringJobContext {
  orm: MikroORM;
  log(line: string): void;
}

/**
 * Work a domain wants done on a schedule (session clean-up, aggregate refreshes, export retention).
 * Domains export these beside their service and list them in `recurring-jobs.ts`; the job queue
 * (one runner across instances) schedules each by name, so a job runs once per tick, not once per process.
 */
export interface RecurringJob {
  /** Queue name: lowercase, dot-separated, unique (`admin-sessions.purge`). */
  name: string;
  /** Five-field cron expression. */
  cron: string;
  /** IANA time zone the cron is read in; UTC when absent. */
  timeZone?: string;
  run(context: RecurringJobContext): Promise<void>;
}
