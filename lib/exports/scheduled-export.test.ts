import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { AuditContext } from '@/lib/audit/audit-context';
import type { Role } from '@/lib/auth/permissions';
import { startJobRunner, type JobRunner } from '@/lib/jobs/job-runner';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import type { ExportJobRow } from './export.repository';
import { exportScheduleSchema, nextRuns } from './export-schedule.schemas';
import { createExportSchedule, setExportSchedulePaused } from './export-schedule.service';
import { findRecentExportJobs } from './export.repository';

process.env.EXPORT_FILES_DIR = mkdtempSync(path.join(os.tmpdir(), 'pend-scheduled-'));

let orm: MikroORM;
let runner: JobRunner;
const table = `sc_${crypto.randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  orm = await useTestOrm();
  await orm.em.fork().execute(
    `INSERT INTO audit_trail (table_name, record_id, action, actor_label, source)
     SELECT ?, 'r' || n, 'UPDATE', 'scheduled-export@test.pend', 'system' FROM generate_series(1, 30) n`,
    [table],
  );
  runner = await startJobRunner({ connectionString: createOrmConfig().clientUrl!, orm, log: () => undefined, recurring: [], pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await runner?.stop();
  const { jobSender } = await import('@/lib/jobs/send-job');
  await (await jobSender()).stop({ graceful: false });
});

async function newActor(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(orm.em.fork(), { email: randomEmail(role), name: `${role} admin`, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

const audit = (actor: Actor): AuditContext => ({ actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' });

async function runsOf(actor: Actor, scheduleId: string): Promise<ExportJobRow[]> {
  return (await findRecentExportJobs(orm.em.fork(), { limit: 50, requestedBy: actor.id })).filter((job) => job.schedule_id === scheduleId);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const input = (overrides: Record<string, string> = {}) =>
  exportScheduleSchema.parse({
    name: 'Audit every 2 s',
    grid: 'audit',
    query: `/audit?table=${table}&sort=seq.asc&columns=seq,action`,
    format: 'csv',
    cron: '*/2 * * * * *',
    timeZone: 'Africa/Cairo',
    reason: 'Scheduled-export test',
    ...overrides,
  });

describe('scheduled exports', () => {
  it('validates the cron and the zone, and previews the next runs in the zone', () => {
    expect(exportScheduleSchema.safeParse({ ...input(), cron: 'every monday' }).success).toBe(false);
    expect(exportScheduleSchema.safeParse({ ...input(), timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(exportScheduleSchema.safeParse({ ...input(), cron: '* * * * * *' }).success).toBe(false);
    const runs = nextRuns('0 6 * * 1', 'Africa/Cairo', { from: new Date('2026-12-06T00:00:00Z') });
    expect(runs).toHaveLength(5);
    // Cairo is UTC+2 in December: Mondays 06:00 local are 04:00 UTC.
    expect(runs[0].toISOString()).toBe('2026-12-07T04:00:00.000Z');
    expect(runs[1].toISOString()).toBe('2026-12-14T04:00:00.000Z');
  });

  it('runs on its schedule as its owner, each run a completed export listed with its hash', async () => {
    const owner = await newActor('auditor');
    const schedule = await createExportSchedule(orm.em.fork(), { actor: owner, audit: audit(owner), input: input() });
    const runs = await until(
      () => runsOf(owner, schedule.id),
      (jobs) => jobs.filter((job) => job.state === 'completed').length >= 2,
    );
    await setExportSchedulePaused(orm.em.fork(), { actor: owner, audit: audit(owner), id: schedule.id, isPaused: true });
    for (const job of runs.filter((run) => run.state === 'completed')) {
      expect(job.row_count).toBe('30');
      expect(createHash('sha256').update(readFileSync(job.file_path!)).digest('hex')).toBe(job.sha256);
    }
  }, 60_000);

  it('fails the runs of a deactivated owner with a clear reason, shown on the schedule', async () => {
    const owner = await newActor('auditor');
    const schedule = await createExportSchedule(orm.em.fork(), { actor: owner, audit: audit(owner), input: input({ name: 'Leaver' }) });
    await orm.em.fork().execute(`UPDATE admin_users SET is_active = false WHERE id = ?::uuid`, [owner.id]);
    const runs = await until(
      () => runsOf(owner, schedule.id),
      (jobs) => jobs.some((job) => job.state === 'failed'),
    );
    await setExportSchedulePaused(orm.em.fork(), { actor: owner, audit: audit(owner), id: schedule.id, isPaused: true });
    expect(runs.find((job) => job.state === 'failed')!.error).toContain('deactivated');
    const [row] = await orm.em.fork().execute<Array<{ last_error: string }>>(`SELECT last_error FROM export_schedules WHERE id = ?::uuid`, [schedule.id]);
    expect(row.last_error).toContain('deactivated');
  }, 60_000);
});
