import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { AuditContext } from '@/lib/audit/audit-context';
import { LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';
import { importSource } from './import-source';
import { SOURCE_MAPPINGS } from './mappings';
import { createRun, findCurrentManifest, finishRun, insertMismatches, saveSourceState, type SourceState } from './migration-runs.repository';
import { withPgClient } from './pg-client';
import { loadLegacySource } from './read-legacy-source';
import { RUN_HOLDS_LOCK, withSyncLock } from './run-lock';
import { afterSourceImport, storeManifest } from './run-import';
import { verifySource } from './verify-source';

export type SourceSyncResult = {
  source: SourceId;
  changed: boolean;
  inserted: number;
  updated: number;
  deleted: number;
  state: SourceState | null;
  lagMs: number | null;
};

type SyncOptions = {
  sourceDir: string;
  storageDir: string;
  context: AuditContext;
  worker: string;
  only?: SourceId[];
  /** When each file last changed (mtime), for the lag figure: change → commit. */
  changedAt?: Partial<Record<SourceId, Date>>;
};

/**
 * Pulls changed legacy files into PostgreSQL: a source whose records hash to the manifest already
 * applied is skipped; a changed one gets a new manifest and an upsert that touches only the inserted,
 * updated and deleted records, is verified, and its change-to-commit lag is recorded. A file that does
 * not parse (half-written) throws LegacySourceError and nothing of that source is written.
 * While a migration run holds the run lock nothing is read or written (`RUN_HOLDS_LOCK`): the files
 * stay the truth and the sync worker pulls them in after the run.
 */
export async function syncSources(em: EntityManager, options: SyncOptions): Promise<SourceSyncResult[] | typeof RUN_HOLDS_LOCK> {
  return withPgClient(em, (client) => withSyncLock(client, () => syncUnderLock(client, options)));
}

async function syncUnderLock(client: pg.Client, options: SyncOptions): Promise<SourceSyncResult[]> {
  let runId: string | null = null;
  const results: SourceSyncResult[] = [];
  for (const source of LEGACY_SOURCES) {
    const mapping = SOURCE_MAPPINGS[source.id];
    if (!mapping || (options.only && !options.only.includes(source.id))) continue;
    const data = await loadLegacySource(options.sourceDir, source);
    const current = await findCurrentManifest(client, source.id);
    if (current && current.rootHash === data.rootHash && current.variant === data.variant) {
      results.push({ source: source.id, changed: false, inserted: 0, updated: 0, deleted: 0, state: null, lagMs: null });
      continue;
    }
    runId ??= await createRun(client, { kind: 'sync', sourceDir: options.sourceDir, startedBy: options.worker, options: { only: options.only ?? null } });
    const manifestId = await storeManifest(client, runId, source, data);
    const imported = await importSource(client, { mapping, records: data.records, runId, context: options.context });
    await afterSourceImport(client, source.id, {
      sourceDir: options.sourceDir,
      storageDir: options.storageDir,
      records: data.records,
      context: options.context,
    });
    const changedAt = options.changedAt?.[source.id];
    const lagMs = changedAt ? Date.now() - changedAt.getTime() : null;
    await recordSyncEvent(client, { source: source.id, changedAt, lagMs, worker: options.worker, ...imported });

    const verified = await verifySource(client, { mapping, records: data.records });
    const state: SourceState = verified.mismatches.length === 0 && verified.dbRootHash === data.rootHash ? 'validated' : 'mismatched';
    await insertMismatches(client, runId, source.id, verified.mismatches);
    await saveSourceState(client, source.id, {
      state,
      runId,
      manifestId,
      dbRootHash: verified.dbRootHash,
      readCount: data.records.length,
      writtenCount: data.records.length - imported.quarantined.length,
      quarantinedCount: imported.quarantined.length,
      mismatchedCount: verified.mismatches.length,
      verifiedBy: options.worker,
      error: null,
    });
    await client.query(
      `UPDATE migration_source_state SET last_synced_at = now(), drift_count = 0, drift_keys = '[]', drift_checked_at = now() WHERE source = $1`,
      [source.id],
    );
    results.push({ source: source.id, changed: true, inserted: imported.inserted, updated: imported.updated, deleted: imported.deleted, state, lagMs });
  }
  if (runId) {
    const state = results.some((result) => result.state === 'mismatched') ? 'mismatched' : 'validated';
    await finishRun(client, runId, { state, summary: { sources: results.filter((result) => result.changed) } });
  }
  return results;
}

async function recordSyncEvent(
  client: pg.Client,
  event: { source: SourceId; changedAt?: Date; lagMs: number | null; worker: string; inserted: number; updated: number; deleted: number },
): Promise<void> {
  await client.query(`INSERT INTO sync_events (source, file_changed_at, lag_ms, inserted, updated, deleted, worker) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    event.source,
    event.changedAt ?? null,
    event.lagMs,
    event.inserted,
    event.updated,
    event.deleted,
    event.worker,
  ]);
}
