import type { RecurringJobContext } from './recurring-job';

/**
 * Work sent to the job queue on demand (a background export, one run of a schedule): a queue name, how
 * often a failed run is retried, and the handler the job runner calls with the job's data.
 */
export interface QueuedJob<Data extends object = object> {
  /** Queue name: lowercase, dot-separated, unique (`exports.run`). */
  name: string;
  /** Further attempts after a failure (pg-boss `retryLimit`); the last failure stays on the job's row. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** `attempt` counts retries: 0 on the first run. */
  run(data: Data, context: RecurringJobContext & { jobId: string; attempt: number }): Promise<void>;
}
