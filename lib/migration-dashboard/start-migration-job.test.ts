import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { getOrm } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { IMPORT_REFUSED_IN_PG_PRIMARY, runImport } from '@/lib/migration/run-import';
import { tryLockForRun, unlockRun } from '@/lib/migration/run-lock';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { requireLegacyFolder } from './legacy-folder';
import type { MigrationJobStatusDto } from './migration-dashboard.dto';
import { readMigrationJobStatus } from './migration-job-progress';
import { startMigrationJob } from './start-migration-job';

let orm: MikroORM;
let dir: string;
let actor: { id: string; email: string };

/** What the action wrapper passes for a signed-in admin. */
const auditOf = ({ id, email }: { id: string; email: string }) => ({ source: 'admin-ui' as const, actorId: id, actorLabel: email });

beforeAll(async () => {
  orm = await useTestOrm();
  const { user } = await orm.em.fork().transactional((em) => createAdminUser(em, { email: randomEmail('job'), name: 'Job runner', role: 'super_admin' }));
  actor = { id: user.id, email: user.email };
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-dashboard-job-'));
  dir = generateLegacyFolder(root, 'small', 5).dir;
  await runImport(await ownerEm(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc-storage'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
});

// The jobs run on the app's own ORM (lib/db), as in the server.
afterAll(async () => (await getOrm()).close(true));

async function waitUntilIdle(): Promise<MigrationJobStatusDto> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const status = await readMigrationJobStatus(orm.em.fork());
    if (!status.active) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the migration job did not finish within 30 s');
}

describe('startMigrationJob', () => {
  it.skipIf(!!process.env.LEGACY_DATA_DIR)('runs against the folder of the latest import when LEGACY_DATA_DIR is unset', async () => {
    expect(await requireLegacyFolder(orm.em.fork())).toBe(path.resolve(dir));
  });

  it('verifies in the background, refuses a second job meanwhile, and leaves the outcome in the progress store', async () => {
    const started = await startMigrationJob({ kind: 'verify' }, { sourceDir: dir, actor, audit: auditOf(actor) });
    expect(started).toMatchObject({ kind: 'verify', state: 'running', startedBy: actor.email, sourcesTotal: 13, runId: null });
    expect((await readMigrationJobStatus(orm.em.fork())).active).toBe(true);

    const second = startMigrationJob({ kind: 'import', source: 'live-stats' }, { sourceDir: dir, actor, audit: auditOf(actor) });
    await expect(second).rejects.toBeInstanceOf(AppError);
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT' });

    const { progress } = await waitUntilIdle();
    expect(progress).toMatchObject({ jobId: started.jobId, state: 'validated', message: '13 validated' });
    const [run] = await orm.em.fork().execute(`SELECT kind, state, started_by FROM migration_runs WHERE id = ?`, [progress!.runId]);
    expect(run).toEqual({ kind: 'verify', state: 'validated', started_by: actor.email });
    const [audit] = await orm.em.fork().execute(`SELECT action, actor_label, source FROM audit_trail WHERE record_id = ?`, [progress!.runId]);
    expect(audit).toEqual({ action: 'MIGRATION_VERIFY', actor_label: actor.email, source: 'admin-ui' });
  });

  it('shows a run holding the lock elsewhere (the CLI) as active without details, whatever job the cache remembers', async () => {
    await startMigrationJob({ kind: 'verify' }, { sourceDir: dir, actor, audit: auditOf(actor) });
    const finished = await waitUntilIdle();
    expect(finished.progress).toMatchObject({ state: 'validated' });

    const cliRun = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await cliRun.connect();
    try {
      expect(await tryLockForRun(cliRun)).toBe(true);
      expect(await readMigrationJobStatus(orm.em.fork())).toEqual({ active: true, progress: null });
      await expect(startMigrationJob({ kind: 'verify' }, { sourceDir: dir, actor, audit: auditOf(actor) })).rejects.toMatchObject({ code: 'CONFLICT' });
      await unlockRun(cliRun);
    } finally {
      await cliRun.end();
    }
    expect(await readMigrationJobStatus(orm.em.fork())).toEqual(finished);
  });

  it('refuses a re-import in pg-primary before starting anything, saying why', async () => {
    await orm.em
      .fork()
      .execute(
        `INSERT INTO app_settings (key, value) VALUES ('storage_mode', to_jsonb('pg-primary'::text)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      );
    try {
      await expect(startMigrationJob({ kind: 'import', source: 'live-stats' }, { sourceDir: dir, actor, audit: auditOf(actor) })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: IMPORT_REFUSED_IN_PG_PRIMARY,
      });
      expect((await readMigrationJobStatus(orm.em.fork())).active).toBe(false);
    } finally {
      await orm.em.fork().execute(`UPDATE app_settings SET value = to_jsonb('json-primary'::text) WHERE key = 'storage_mode'`);
    }
  });

  it('re-imports one source and records a run limited to it', async () => {
    const started = await startMigrationJob({ kind: 'import', source: 'live-stats' }, { sourceDir: dir, actor, audit: auditOf(actor) });
    expect(started).toMatchObject({ kind: 'import', source: 'live-stats', sourcesTotal: 1 });
    const { progress } = await waitUntilIdle();
    expect(progress).toMatchObject({ jobId: started.jobId, state: 'validated', message: '1 validated' });
    const [run] = await orm.em.fork().execute(`SELECT kind, state, options FROM migration_runs WHERE id = ?`, [progress!.runId]);
    expect(run).toEqual({ kind: 'import', state: 'validated', options: { only: ['live-stats'] } });
  });
});
