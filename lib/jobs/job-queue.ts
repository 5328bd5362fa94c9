import PgBoss from 'pg-boss';
import { JOB_SCHEMA } from './create-boss';
import { queuedJobs } from './queued-jobs';
import { recurringJobs } from './recurring-jobs';

/**
 * pg-boss's own queue through which its cron sends every scheduled job (`QUEUES.SEND_IT` in its
 * timekeeper, not exported). The runner's `start()` tries to create it and ignores the failure, which is
 * certain for the app login: without it no cron ever fires, so the owner creates it with the others.
 */
export const CRON_SEND_QUEUE = '__pgboss__send-it';

/** Every queue the runner works: the recurring jobs', the on-demand jobs' and pg-boss's cron queue. pg-boss 10 needs a queue before a send or a schedule. */
export function jobQueueNames(): string[] {
  return [...recurringJobs.map((job) => job.name), ...queuedJobs.map((job) => job.name), CRON_SEND_QUEUE];
}

/**
 * Creates or upgrades pg-boss's schema and every queue, as the owner: the app login may not create in
 * any schema, and pg-boss 10 makes a table partition per queue. Called by `migrateToLatest`.
 */
export async function installJobQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOB_SCHEMA, max: 1, migrate: true, supervise: false, schedule: false });
  boss.on('error', (error) => console.error(error));
  await boss.start();
  try {
    const names = jobQueueNames();
    for (const name of names) {
      const queued = queuedJobs.find((job) => job.name === name);
      const options = { name, retryLimit: queued?.retryLimit ?? 0, retryDelay: queued?.retryDelaySeconds ?? 0 };
      if (await boss.getQueue(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** The DML grants the app login needs on pg-boss's schema (it sends, fetches, completes and schedules; it creates nothing). */
export function jobQueueGrantsSql(role: string): string {
  return `
    GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO "${role}";
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO "${role}";
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO "${role}";
    ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOB_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role}";
  `;
}
