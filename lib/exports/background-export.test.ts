import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { AuditContext } from '@/lib/audit/audit-context';
import type { Role } from '@/lib/auth/permissions';
import { toAppError } from '@/lib/errors';
import { startJobRunner } from '@/lib/jobs/job-runner';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { findExportJobById, type ExportJobRow } from './export.repository';
import { openExportFile } from './open-export-file';
import { purgeExpiredExports } from './purge-expired-exports';
import { queueExportIfLarge } from './queue-export';
import { runExportJob } from './run-export-job';

// A low threshold and a scratch folder of this file's own (env() is parsed once per test file).
const filesDir = mkdtempSync(path.join(os.tmpdir(), 'pend-exports-'));
process.env.EXPORT_BACKGROUND_THRESHOLD_ROWS = '100';
process.env.EXPORT_FILES_DIR = filesDir;
process.env.EXPORT_RETENTION_DAYS = '7';

let orm: MikroORM;
const table = `bg_${crypto.randomUUID().slice(0, 8)}`;
const ENTRIES = 2_500;

beforeAll(async () => {
  orm = await useTestOrm();
  // One statement: the chain trigger hashes each row in turn.
  await orm.em.fork().execute(
    `INSERT INTO audit_trail (table_name, record_id, action, actor_label, source)
     SELECT ?, 'r' || n, CASE WHEN n % 5 = 0 THEN 'LOGIN' ELSE 'UPDATE' END, 'background-export@test.pend', 'system' FROM generate_series(1, ?) n`,
    [table, ENTRIES],
  );
}, 120_000);

async function newActor(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(orm.em.fork(), { email: randomEmail(role), name: `${role} admin`, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

const audit = (actor: Actor): AuditContext => ({ actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' });

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const auditEntries = (id: string) =>
  orm.em
    .fork()
    .execute<Array<{ action: string; new_values: Record<string, unknown> | null }>>(
      `SELECT action, new_values FROM audit_trail WHERE table_name = 'export_jobs' AND record_id = ? ORDER BY seq`,
      [id],
    );

describe('background exports', () => {
  let completed: ExportJobRow;
  let queuedId: string;
  let auditor: Actor;

  it('streams an export below the threshold and queues one above it', async () => {
    auditor = await newActor('auditor');
    const small = await queueExportIfLarge(orm.em.fork(), {
      actor: auditor,
      audit: audit(auditor),
      gridId: 'audit',
      params: new URLSearchParams(`format=csv&table=${table}_none`),
    });
    expect(small).toBeNull();
    const queued = await queueExportIfLarge(orm.em.fork(), {
      actor: auditor,
      audit: audit(auditor),
      gridId: 'audit',
      params: new URLSearchParams(`format=csv&table=${table}&action=UPDATE&sort=seq.asc&columns=seq,action,table`),
    });
    expect(queued).toMatchObject({ state: 'queued', is_background: true });
    queuedId = queued!.id;
    expect((await auditEntries(queued!.id)).map((entry) => entry.action)).toEqual(['EXPORT_QUEUED']);
  });

  it('runs on the job runner: queued → completed, the kept file (0600) hashes to the row’s SHA-256 and holds only the filtered rows', async () => {
    const runner = await startJobRunner({
      connectionString: createOrmConfig().clientUrl!,
      orm,
      log: () => undefined,
      recurring: [],
      pollingIntervalSeconds: 0.5,
    });
    try {
      completed = (await until(
        () => findExportJobById(orm.em.fork(), queuedId),
        (job) => job?.state === 'completed',
      ))!;
    } finally {
      await runner.stop();
    }
    expect(completed.file_path!.startsWith(filesDir)).toBe(true);
    expect(statSync(completed.file_path!).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(completed.file_path!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(completed.sha256);
    expect(Number(completed.size_bytes)).toBe(bytes.length);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    const body = records.slice(1, -1);
    expect(body).toHaveLength(ENTRIES - ENTRIES / 5);
    expect(body.every((record) => record[1] === 'UPDATE' && record[2].startsWith(`${table} · `))).toBe(true);
    expect(records.at(-1)![0]).toContain(completed.id);
    expect(completed.progress_rows).toBe(completed.row_count);
    expect(new Date(completed.expires_at!).getTime() - new Date(completed.finished_at!).getTime()).toBe(7 * 24 * 3600 * 1000);
    expect((await auditEntries(completed.id)).map((entry) => entry.action)).toEqual(['EXPORT_QUEUED', 'EXPORT_COMPLETED']);
  }, 60_000);

  it('moves progress every few rows while it writes', async () => {
    const job = await queueExportIfLarge(orm.em.fork(), {
      actor: auditor,
      audit: audit(auditor),
      gridId: 'audit',
      params: new URLSearchParams(`format=ndjson&table=${table}`),
    });
    const seen: string[] = [];
    const outcome = await runExportJob(orm.em.fork(), job!.id, {
      // Rows are counted a page (EXPORT_BATCH_ROWS, 1,000) at a time.
      progressEvery: 1_000,
      onProgress: async () => {
        const row = await findExportJobById(orm.em.fork(), job!.id);
        seen.push(`${row!.state}:${row!.progress_rows}`);
      },
    });
    expect(outcome.state).toBe('completed');
    expect(seen).toEqual(['running:1000', 'running:2000']);
  });

  it('downloads the kept file for its requester, audited; others do not see it', async () => {
    const file = await openExportFile(orm.em.fork(), { actor: auditor, audit: audit(auditor), id: completed.id });
    const bytes = await readAll(file.body);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(completed.sha256);
    const entries = await auditEntries(completed.id);
    expect(entries.at(-1)).toMatchObject({ action: 'EXPORT_DOWNLOADED', new_values: { sha256: completed.sha256 } });
    const viewer = await newActor('viewer');
    const refused = await openExportFile(orm.em.fork(), { actor: viewer, audit: audit(viewer), id: completed.id }).catch(
      (error: unknown) => toAppError(error)?.code,
    );
    expect(refused).toBe('NOT_FOUND');
  });

  it('fails a queued export whose requester was deactivated before it ran, saying why', async () => {
    const leaver = await newActor('auditor');
    const job = await queueExportIfLarge(orm.em.fork(), {
      actor: leaver,
      audit: audit(leaver),
      gridId: 'audit',
      params: new URLSearchParams(`format=csv&table=${table}`),
    });
    await orm.em.fork().execute(`UPDATE admin_users SET is_active = false WHERE id = ?::uuid`, [leaver.id]);
    const outcome = await runExportJob(orm.em.fork(), job!.id);
    expect(outcome.state).toBe('failed');
    expect(outcome.job).toMatchObject({ state: 'failed', sha256: null });
    expect(outcome.job!.error).toContain('deactivated');
  });

  it('retention deletes expired files and marks their rows expired, keeping the record and its hash', async () => {
    await orm.em.fork().execute(`UPDATE export_jobs SET expires_at = now() - interval '1 minute' WHERE id = ?::uuid`, [completed.id]);
    expect(await purgeExpiredExports(orm.em.fork())).toBeGreaterThanOrEqual(1);
    const expired = await findExportJobById(orm.em.fork(), completed.id);
    expect(expired).toMatchObject({ state: 'expired', file_path: null, sha256: completed.sha256, row_count: completed.row_count });
    expect(existsSync(completed.file_path!)).toBe(false);
    expect((await auditEntries(completed.id)).at(-1)!.action).toBe('EXPORT_EXPIRED');
    const gone = await openExportFile(orm.em.fork(), { actor: auditor, audit: audit(auditor), id: completed.id }).catch(
      (error: unknown) => toAppError(error)?.code,
    );
    expect(gone).toBe('NOT_FOUND');
  });
});

afterAll(async () => {
  const { jobSender } = await import('@/lib/jobs/send-job');
  await (await jobSender()).stop({ graceful: false });
});
