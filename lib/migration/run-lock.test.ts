import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder, mutateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { INTERRUPTED_RUN_ERROR } from './migration-runs.repository';
import { runImport } from './run-import';
import { isMigrationRunInProgress, RUN_HOLDS_LOCK, RUN_IN_PROGRESS_MESSAGE, tryLockForRun, unlockRun, withSyncLock } from './run-lock';
import { syncSources } from './sync-sources';

let orm: MikroORM;
let root: string;
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-run-lock-'));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
});

/** Polls `condition` until it holds: the test waits for the event itself, however slow the machine (the test timeout bounds it). */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function backendPid(client: pg.Client): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
}

/** True while the backend `pid` is blocked waiting for a lock (here: the run lock held shared by a sync). */
async function isWaitingForLock(pid: number): Promise<boolean> {
  const [row] = await orm.em
    .fork()
    .execute<Array<{ waiting: boolean }>>(`SELECT bool_or(NOT granted) AS waiting FROM pg_locks WHERE pid = ? AND locktype = 'advisory'`, [pid]);
  return row?.waiting ?? false;
}

describe('migration run lock', () => {
  it('refuses a second run at once while one holds the lock, and grants it after', async () => {
    const [first, second] = [await connect(), await connect()];
    expect(await tryLockForRun(first)).toBe(true);
    expect(await isMigrationRunInProgress(orm.em.fork())).toBe(true);
    expect(await tryLockForRun(second)).toBe(false);
    await unlockRun(first);
    expect(await isMigrationRunInProgress(orm.em.fork())).toBe(false);
    expect(await tryLockForRun(second)).toBe(true);
    await unlockRun(second);
  });

  it('makes a run wait for a sync in flight, and makes syncs stand aside while the run holds the lock', async () => {
    const [syncClient, runClient, laterSyncClient] = [await connect(), await connect(), await connect()];
    let endSync!: () => void;
    let syncEntered!: () => void;
    const inSync = new Promise<void>((resolve) => (syncEntered = resolve));
    const syncing = withSyncLock(syncClient, () => {
      syncEntered();
      return new Promise<string>((resolve) => (endSync = () => resolve('synced')));
    });
    await inSync;
    expect(await isMigrationRunInProgress(orm.em.fork())).toBe(false);

    const runPid = await backendPid(runClient);
    let lockDecided = false;
    const locking = tryLockForRun(runClient).finally(() => (lockDecided = true));
    await waitUntil(() => isWaitingForLock(runPid));
    expect(lockDecided).toBe(false);
    endSync();
    expect(await syncing).toBe('synced');
    expect(await locking).toBe(true);

    let called = false;
    expect(await withSyncLock(laterSyncClient, async () => (called = true))).toBe(RUN_HOLDS_LOCK);
    expect(called).toBe(false);
    await unlockRun(runClient);
    expect(await withSyncLock(laterSyncClient, async () => 'synced')).toBe('synced');
  });

  it('defers a sync of changed files while a run holds the lock, writing nothing, and applies it after', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 13);
    await runImport(await ownerEm(), {
      sourceDir: dir,
      backupDir: path.join(root, 'backups'),
      storageDir: path.join(root, 'kyc'),
      context: { source: 'cli', actorLabel: 'vitest' },
    });
    mutateLegacyFolder(dir, 13, 20);
    const syncRuns = async () => (await orm.em.fork().execute(`SELECT count(*)::int AS n FROM migration_runs WHERE kind = 'sync'`))[0].n as number;
    const before = await syncRuns();
    const options = { sourceDir: dir, storageDir: path.join(root, 'kyc'), worker: 'vitest', context: { source: 'system' as const, actorLabel: 'vitest' } };

    const run = await connect();
    expect(await tryLockForRun(run)).toBe(true);
    expect(await syncSources(orm.em.fork(), options)).toBe(RUN_HOLDS_LOCK);
    expect(await syncRuns()).toBe(before);

    await unlockRun(run);
    const results = await syncSources(orm.em.fork(), options);
    expect(results).not.toBe(RUN_HOLDS_LOCK);
    expect((results as Array<{ changed: boolean }>).some((result) => result.changed)).toBe(true);
    expect(await syncRuns()).toBe(before + 1);
  });

  it('closes runs and source states left running by a dead process as interrupted when the next run takes the lock, sparing syncs', async () => {
    const em = orm.em.fork();
    const [dead] = await em.execute(`INSERT INTO migration_runs (kind, source_dir, started_by) VALUES ('import', '/gone', 'killed') RETURNING id`);
    const [sync] = await em.execute(`INSERT INTO migration_runs (kind, source_dir, started_by) VALUES ('sync', '/live', 'worker') RETURNING id`);
    await em.execute(
      `INSERT INTO migration_source_state (source, state, last_run_id) VALUES ('live-stats', 'running', ?)
       ON CONFLICT (source) DO UPDATE SET state = 'running', last_run_id = EXCLUDED.last_run_id`,
      [dead.id],
    );

    const run = await connect();
    expect(await tryLockForRun(run)).toBe(true);
    await unlockRun(run);

    const runs = await orm.em
      .fork()
      .execute(`SELECT id, state, error, finished_at IS NOT NULL AS finished FROM migration_runs WHERE id IN (?, ?) ORDER BY kind`, [dead.id, sync.id]);
    expect(runs).toEqual([
      { id: dead.id, state: 'error', error: INTERRUPTED_RUN_ERROR, finished: true },
      { id: sync.id, state: 'running', error: null, finished: false },
    ]);
    const [state] = await orm.em.fork().execute(`SELECT state, error FROM migration_source_state WHERE source = 'live-stats'`);
    expect(state).toEqual({ state: 'error', error: INTERRUPTED_RUN_ERROR });
    await orm.em.fork().execute(`UPDATE migration_runs SET state = 'validated', finished_at = now() WHERE id = ?`, [sync.id]);
  });

  it('makes `npm run migrate` exit 2 with a clear message while another run holds the lock', async () => {
    const run = await connect();
    expect(await tryLockForRun(run)).toBe(true);
    try {
      const { dir } = generateLegacyFolder(root, 'small', 14);
      const child = spawn(
        path.resolve('node_modules', '.bin', 'tsx'),
        ['--conditions=react-server', 'scripts/migrate.ts', '--from', dir, '--backup-dir', path.join(root, 'backups')],
        {
          env: { ...process.env },
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(output).toContain(RUN_IN_PROGRESS_MESSAGE);
      expect(code).toBe(2);
    } finally {
      await unlockRun(run);
    }
  }, 60_000);
});
