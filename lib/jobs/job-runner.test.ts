import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import { useTestOrm } from '@/lib/testing/test-orm';
import { JOB_SCHEMA } from './create-boss';
import { startJobRunner, type JobRunner } from './job-runner';
import type { QueuedJob } from './queued-job';
import type { RecurringJob } from './recurring-job';

let orm: MikroORM;
const suffix = crypto.randomUUID().slice(0, 8);
const ECHO = `jobs-test.echo-${suffix}`;
const TICK = `jobs-test.tick-${suffix}`;
const STALE = `jobs-test.stale-${suffix}`;
const MINUTELY = `jobs-test.minutely-${suffix}`;

const ran: Array<{ queue: string; data: unknown }> = [];
let release: () => void = () => undefined;
let slowStarted = false;
const echo: QueuedJob<{ text: string; slow?: boolean }> = {
  name: ECHO,
  retryLimit: 0,
  retryDelaySeconds: 0,
  async run(data) {
    if (data.slow) {
      slowStarted = true;
      await new Promise<void>((resolve) => (release = resolve));
    }
    ran.push({ queue: ECHO, data });
  },
};
const minutely: RecurringJob = {
  name: MINUTELY,
  cron: '* * * * *',
  async run() {
    ran.push({ queue: MINUTELY, data: null });
  },
};
const tick: RecurringJob = {
  name: TICK,
  cron: '0 6 * * 1',
  timeZone: 'Africa/Cairo',
  async run() {
    ran.push({ queue: TICK, data: null });
  },
};

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let owner: PgBoss;
let runner: JobRunner;

beforeAll(async () => {
  orm = await useTestOrm();
  // Queues are the owner's to create (db:migrate does it for the listed jobs); the runner logs in as the app.
  owner = new PgBoss({
    connectionString: createOrmConfig({ asOwner: true }).clientUrl!,
    schema: JOB_SCHEMA,
    migrate: false,
    supervise: false,
    schedule: false,
  });
  await owner.start();
  for (const name of [ECHO, TICK, STALE, MINUTELY]) await owner.createQueue(name);
  await owner.schedule(STALE, '* * * * *');
  // Scheduled before the runner starts, so its first cron pass (at start) already finds it due.
  await owner.schedule(MINUTELY, '* * * * *');
  // The cron runs at most once a minute across runners (pg-boss's cron_on stamp): let this runner's first pass through.
  await orm.em.fork().getConnection().execute(`UPDATE ${JOB_SCHEMA}.version SET cron_on = NULL`);
  runner = await startJobRunner({
    connectionString: createOrmConfig().clientUrl!,
    orm,
    log: () => undefined,
    recurring: [tick, minutely],
    queued: [echo as QueuedJob],
    pollingIntervalSeconds: 0.5,
  });
});

afterAll(async () => {
  release();
  await runner?.stop();
  await owner?.stop({ graceful: false });
});

describe('job runner', () => {
  it('runs a job sent to its queue, as the app login', async () => {
    const sender = runner.boss;
    await sender.send(ECHO, { text: 'مرحبا' });
    await until(() => ran.some((entry) => entry.queue === ECHO));
    expect(ran.find((entry) => entry.queue === ECHO)?.data).toEqual({ text: 'مرحبا' });
    const [user] = await orm.em.fork().execute<Array<{ current_user: string }>>('SELECT current_user');
    expect(user.current_user).toBe('pend_app');
  });

  it('schedules every recurring job with its cron and time zone, drops schedules no longer listed, and runs the job', async () => {
    const schedules = await runner.boss.getSchedules();
    expect(schedules.find((schedule) => schedule.name === TICK)).toMatchObject({ cron: '0 6 * * 1', options: { tz: 'Africa/Cairo' } });
    expect(schedules.some((schedule) => schedule.name === STALE)).toBe(false);
    await runner.boss.send(TICK, {});
    await until(() => ran.some((entry) => entry.queue === TICK));
  });

  it('fires a recurring job from its cron alone, with nothing sent by hand (the app login runs the cron)', async () => {
    await until(() => ran.some((entry) => entry.queue === MINUTELY), 20_000);
  }, 25_000);

  it('stops gracefully: a running job finishes before stop() resolves', async () => {
    await runner.boss.send(ECHO, { text: 'slow', slow: true });
    await until(() => slowStarted);
    const stopped = runner.stop();
    setTimeout(() => release(), 500);
    await stopped;
    expect(ran.some((entry) => (entry.data as { text?: string } | null)?.text === 'slow')).toBe(true);
  });
});
