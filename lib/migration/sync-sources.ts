import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { AuditContext } from '@/lib/audit/audit-context';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceEnvelope } from '@/lib/legacy/source-layout';
import { getLegacySource, LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';
import { importChangedRecords, importSource, type ImportResult } from './import-source';
import { SOURCE_MAPPINGS } from './mappings';
import { createRun, findCurrentManifest, finishRun, insertMismatches, saveSourceState, type SourceState } from './migration-runs.repository';
import { withPgClient } from './pg-client';
import { loadLegacySource, type LoadedSource } from './read-legacy-source';
import { RUN_HOLDS_LOCK, withSyncLock } from './run-lock';
import { afterSourceImport, storeManifest } from './run-import';
import { verifyRecords, verifySource } from './verify-source';

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

/** A legacy file a row-level write has just replaced, and the records it changed in place (same keys, same positions). */
export type WrittenFile = {
  source: SourceId;
  /** SHA-256 of the file's bytes before the write. */
  previousSha256: string | null;
  bytes: Buffer;
  envelope: SourceEnvelope;
  recordCount: number;
  /** The written file's root hash (over every record's key and hash). */
  rootHash: string;
  /** Every record of the file as written, when the writer parsed them all (a patch of record spans did not: the file is read if they are needed). */
  records?: LegacyRecord[];
  /** The records the write changed. */
  changed: LegacyRecord[];
};

// Their sync does more than store rows (managed KYC files, admin-log entries into the audit trail): always whole.
const WHOLE_SYNC_ONLY = new Set<SourceId>(['kyc-metadata', 'admin-logs']);

/**
 * Applies a row-level write of a legacy file (json-primary) without reading, importing or verifying
 * the rest of the source: when PostgreSQL holds, validated, exactly the file the writer started from
 * (its manifest has the previous bytes' SHA-256 and the database's root hash is that manifest's), only
 * the changed records are upserted (audited row by row under the writer's context) and re-verified,
 * and the new manifest is the written file's. The database then holds the new file by construction:
 * the old one, verified, plus the changed records, verified. In any other case (the legacy server
 * changed the file since the last sync, the source is mismatched or never imported, a changed record
 * does not verify) the whole source is synced as the worker would.
 */
export async function syncWrittenFile(
  em: EntityManager,
  options: Omit<SyncOptions, 'only' | 'changedAt'> & { file: WrittenFile },
): Promise<SourceSyncResult[] | typeof RUN_HOLDS_LOCK> {
  const { file } = options;
  return withPgClient(em, (client) =>
    withSyncLock(client, async () => {
      const whole = () => syncUnderLock(client, { ...options, only: [file.source] });
      const mapping = SOURCE_MAPPINGS[file.source];
      if (!mapping || WHOLE_SYNC_ONLY.has(file.source) || file.previousSha256 === null) return whole();
      const current = await findCurrentManifest(client, file.source);
      const { rows } = await client.query<{ state: string; db_root_hash: string | null }>(
        'SELECT state, db_root_hash FROM migration_source_state WHERE source = $1',
        [file.source],
      );
      const base = rows[0];
      if (!current || current.sha256 !== file.previousSha256 || base?.state !== 'validated' || base.db_root_hash !== current.rootHash) return whole();

      const source = getLegacySource(file.source);
      const loaded: LoadedSource = {
        source: source.id,
        relativePath: source.relativePath,
        exists: true,
        sizeBytes: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        recordCount: file.recordCount,
        envelope: file.envelope,
        variant: file.envelope.variant,
        records: file.records ?? [],
        rootHash: file.rootHash,
      };
      const runId = await createRun(client, {
        kind: 'sync',
        sourceDir: options.sourceDir,
        startedBy: options.worker,
        options: { only: [file.source], changedRecords: file.changed.length },
      });
      const manifestId = await storeManifest(client, runId, source, loaded);
      const imported: ImportResult = await importChangedRecords(client, { mapping, records: file.changed, context: options.context });
      await recordSyncEvent(client, { source: file.source, lagMs: null, worker: options.worker, ...imported });
      const mismatches = await verifyRecords(client, { mapping, records: file.changed });
      // A changed record that does not verify leaves the source's root hash unknown: verify all of it, as a whole sync would.
      const verified =
        mismatches.length === 0
          ? { mismatches, dbRootHash: loaded.rootHash }
          : await verifySource(client, { mapping, records: file.records ?? (await loadLegacySource(options.sourceDir, source)).records });
      const state: SourceState = verified.mismatches.length === 0 && verified.dbRootHash === loaded.rootHash ? 'validated' : 'mismatched';
      await insertMismatches(client, runId, file.source, verified.mismatches);
      await saveSourceState(client, file.source, {
        state,
        runId,
        manifestId,
        dbRootHash: verified.dbRootHash,
        readCount: file.recordCount,
        mismatchedCount: verified.mismatches.length,
        verifiedBy: options.worker,
        error: null,
      });
      await client.query(
        `UPDATE migration_source_state SET last_synced_at = now(), drift_count = 0, drift_keys = '[]', drift_checked_at = now() WHERE source = $1`,
        [file.source],
      );
      const result = { source: file.source, changed: true, inserted: imported.inserted, updated: imported.updated, deleted: 0, state, lagMs: null };
      await finishRun(client, runId, { state, summary: { sources: [result] } });
      return [result];
    }),
  );
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
