import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { LEGACY_SYNC_CONTEXT } from '@/lib/audit/audit-context';
import { LegacySourceError } from '@/lib/legacy/legacy-source-error';
import { LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';
import { getStorageMode } from '@/lib/settings/storage-mode';
import { lockPath } from '@/lib/storage/legacy-file-lock';
import { drainOutbox } from '@/lib/storage/storage-outbox';
import { carriedPlacesStamp } from './carried-files';
import { checkDrift } from './check-drift';
import { leasePgClient, type LeasedPgClient } from './pg-client';
import { SOURCE_MAPPINGS } from './mappings';
import { RUN_HOLDS_LOCK } from './run-lock';
import { syncCarriedFiles } from './sync-carried-files';
import { syncSources } from './sync-sources';

export type SyncWorkerOptions = {
  orm: MikroORM;
  sourceDir: string;
  storageDir: string;
  name: string;
  pollMs?: number;
  driftEveryMs?: number;
  /** How often the files no table models are looked at (each look stats every KYC upload). */
  carriedEveryMs?: number;
  log?: (line: string) => void;
};

type FileStamp = string;

// One leader at a time across processes and machines: a session-level advisory lock held by the worker.
const LEADER_LOCK = 727_001;

async function stampOf(file: string): Promise<FileStamp> {
  const info = await stat(file).catch(() => null);
  return info ? `${info.ino}:${info.size}:${info.mtimeMs}` : 'missing';
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null)) !== null;
}

/**
 * The parallel-run worker. In json-primary it follows the legacy files: file events plus a polling
 * fallback find changed files; a file under the legacy lock, or one that does not parse yet, is left
 * for the next pass (never half-imported); a changed one is synced (only its changed records are
 * written). In pg-primary it drains the outbox to the files instead. In both, the files no table
 * models are carried again when they change. Drift is re-measured regularly.
 * Several workers may run: only the advisory-lock leader applies changes.
 */
export function startSyncWorker({
  orm,
  sourceDir,
  storageDir,
  name,
  pollMs = 1_000,
  driftEveryMs = 30_000,
  carriedEveryMs = 30_000,
  log = () => undefined,
}: SyncWorkerOptions) {
  const applied = new Map<SourceId, FileStamp>();
  let leader: LeasedPgClient | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastDrift = 0;
  let lastCarriedLook = 0;
  let carriedStamp: string | null = null;

  async function ensureLeadership(): Promise<boolean> {
    if (leader) return true;
    const lease = await leasePgClient(orm.em);
    const { client } = lease;
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [LEADER_LOCK]);
    if (!rows[0].locked) {
      await lease.release();
      return false;
    }
    leader = {
      client,
      release: async () => {
        await client.query(`SELECT pg_advisory_unlock($1)`, [LEADER_LOCK]).catch(() => undefined);
        await lease.release();
      },
    };
    log(`${name}: leading the sync of ${sourceDir}`);
    return true;
  }

  async function pass(): Promise<void> {
    if (!(await ensureLeadership())) return;
    const em = orm.em.fork();
    if ((await getStorageMode(em)) === 'pg-primary') {
      const mirrored = await drainOutbox(em, { sourceDir });
      if (mirrored) log(`${name}: mirrored ${mirrored} change(s) to the legacy files`);
    } else {
      await pullChangedFiles();
    }
    // In either mode the legacy files are the only home of what no table models.
    await followCarriedFiles();
    if (Date.now() - lastDrift >= driftEveryMs || (await hasUnmeasuredDrift())) {
      lastDrift = Date.now();
      await checkDrift(orm.em.fork(), { sourceDir });
    }
  }

  /** An import resets a source's drift to unknown; measure it on the next pass, not at the next interval. */
  async function hasUnmeasuredDrift(): Promise<boolean> {
    const [row] = await orm.em
      .fork()
      .execute<Array<{ unmeasured: boolean }>>(
        `SELECT exists (SELECT 1 FROM migration_source_state WHERE drift_checked_at IS NULL AND state <> 'error') AS unmeasured`,
      );
    return row.unmeasured;
  }

  async function pullChangedFiles(): Promise<void> {
    for (const source of LEGACY_SOURCES) {
      if (!SOURCE_MAPPINGS[source.id]) continue;
      const file = path.join(sourceDir, source.relativePath);
      const stamp = await stampOf(file);
      if (applied.get(source.id) === stamp || (await exists(lockPath(file)))) continue;
      const info = await stat(file).catch(() => null);
      try {
        const outcome = await syncSources(orm.em.fork(), {
          sourceDir,
          storageDir,
          worker: name,
          only: [source.id],
          context: LEGACY_SYNC_CONTEXT,
          changedAt: info && applied.has(source.id) ? { [source.id]: info.mtime } : undefined,
        });
        if (outcome === RUN_HOLDS_LOCK) {
          log(`${name}: a migration run is in progress; syncing after it`);
          return;
        }
        // Only a stamp that still holds after the read counts: a write during the read is seen next pass.
        if ((await stampOf(file)) === stamp) applied.set(source.id, stamp);
        const [result] = outcome;
        if (result?.changed)
          log(`${name}: ${source.id} +${result.inserted} ~${result.updated} -${result.deleted} (${result.state}, lag ${result.lagMs ?? '-'} ms)`);
      } catch (error) {
        if (!(error instanceof LegacySourceError)) throw error;
        log(`${name}: ${source.relativePath} is not readable yet (${error.message}); retrying`);
      }
    }
  }

  /** Carries the files no table models again when the places they come from changed. */
  async function followCarriedFiles(): Promise<void> {
    if (Date.now() - lastCarriedLook < carriedEveryMs) return;
    lastCarriedLook = Date.now();
    const stamp = await carriedPlacesStamp(sourceDir);
    if (stamp === carriedStamp) return;
    try {
      const outcome = await syncCarriedFiles(orm.em.fork(), { sourceDir, storageDir, worker: name });
      if (outcome === RUN_HOLDS_LOCK) return;
      // As with the sources: only a stamp that still holds after the read counts.
      if ((await carriedPlacesStamp(sourceDir)) === stamp) carriedStamp = stamp;
      if (outcome) log(`${name}: carried ${outcome.files} file(s) no table models${outcome.error ? ` (${outcome.error})` : ''}`);
    } catch (error) {
      if (!(error instanceof LegacySourceError)) throw error;
      log(`${name}: carried files wait for a readable KYC metadata file (${error.message})`);
    }
  }

  /** Runs a pass now, or right after the running one: passes never overlap. */
  function trigger(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => log(`${name}: sync pass failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void trigger();
        }
      });
    return running;
  }

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(sourceDir, { recursive: true }, () => void trigger());
    watcher.on('error', () => undefined);
  } catch {
    log(`${name}: file events unavailable for ${sourceDir}; polling only`);
  }
  const timer = setInterval(() => void trigger(), pollMs);
  void trigger();

  return {
    /** One pass, awaited (tests and the CLI use it). */
    runOnce: () => trigger(),
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      watcher?.close();
      await running;
      await leader?.release();
      leader = null;
    },
  };
}
