import type pg from 'pg';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import type { SourceManifest } from '@/lib/legacy/manifest';
import type { SourceEnvelope } from '@/lib/legacy/source-layout';
import type { RecordMismatch } from './verify-source';
import { sealPii } from './sealed-pii';

export type SourceState = 'pending' | 'running' | 'validated' | 'mismatched' | 'error' | 'pending-revalidation';
export type RunState = 'running' | 'validated' | 'mismatched' | 'error';

export async function createRun(
  client: pg.Client,
  run: { kind: 'import' | 'verify' | 'export' | 'sync' | 'rehearsal'; sourceDir: string; startedBy: string; options: Record<string, unknown> },
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO migration_runs (kind, source_dir, started_by, options) VALUES ($1, $2, $3, $4) RETURNING id`,
    [run.kind, run.sourceDir, run.startedBy, JSON.stringify(run.options)],
  );
  return rows[0].id;
}

export async function finishRun(
  client: pg.Client,
  id: string,
  result: { state: RunState; summary: Record<string, unknown>; error?: string; backupPath?: string; backupSha256?: string },
): Promise<void> {
  await client.query(
    `UPDATE migration_runs SET state = $2, summary = $3, error = $4, backup_path = coalesce($5, backup_path),
            backup_sha256 = coalesce($6, backup_sha256), finished_at = now() WHERE id = $1`,
    [id, result.state, JSON.stringify(result.summary), result.error ?? null, result.backupPath ?? null, result.backupSha256 ?? null],
  );
}

/**
 * `fn`'s result; when it throws, the run is first recorded as failed with the error's message (a
 * failure to record that is dropped, so the original error is the one that propagates).
 */
export async function recordingFailure<T>(client: pg.Client, runId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    await finishRun(client, runId, { state: 'error', summary: {}, error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    throw error;
  }
}

export const INTERRUPTED_RUN_ERROR = 'Interrupted: the process running it ended before the run finished.';

/**
 * Closes import and verify runs left `running` by a process that died (killed, machine stopped), and
 * the source states they left `running`, as errors. Only the holder of the run lock may call it: no
 * other run can then be alive.
 */
export async function closeInterruptedRuns(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `UPDATE migration_runs SET state = 'error', error = $1, finished_at = now()
      WHERE state = 'running' AND kind IN ('import', 'verify') RETURNING id`,
    [INTERRUPTED_RUN_ERROR],
  );
  const ids = rows.map((row) => row.id);
  if (ids.length) {
    await client.query(
      `UPDATE migration_source_state SET state = 'error', error = $1, updated_at = now() WHERE state = 'running' AND last_run_id = ANY($2::uuid[])`,
      [INTERRUPTED_RUN_ERROR, ids],
    );
  }
  return ids;
}

/** What a run records about a source file before writing its data: the manifest plus the envelope for write-back. */
export type ManifestInput = SourceManifest & { envelope: SourceEnvelope };

export type StoredManifest = ManifestInput & { id: string; runId: string };

export async function insertManifest(client: pg.Client, runId: string, manifest: ManifestInput): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO migration_manifests (run_id, source, relative_path, file_exists, size_bytes, sha256, record_count, root_hash, variant, envelope)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      runId,
      manifest.source,
      manifest.relativePath,
      manifest.exists,
      manifest.sizeBytes,
      manifest.sha256,
      manifest.recordCount,
      manifest.rootHash,
      manifest.variant,
      JSON.stringify(manifest.envelope),
    ],
  );
  return rows[0].id;
}

/** The manifest the current database content of `source` was imported from. */
export async function findCurrentManifest(client: pg.Client, source: string): Promise<StoredManifest | null> {
  const { rows } = await client.query(`SELECT m.* FROM migration_source_state s JOIN migration_manifests m ON m.id = s.manifest_id WHERE s.source = $1`, [
    source,
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    runId: row.run_id,
    source: row.source,
    relativePath: row.relative_path,
    exists: row.file_exists,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    sha256: row.sha256,
    recordCount: row.record_count,
    rootHash: row.root_hash,
    variant: row.variant,
    envelope: row.envelope,
  };
}

export type SourceStateUpdate = {
  state: SourceState;
  runId: string;
  manifestId?: string;
  dbRootHash?: string | null;
  readCount?: number;
  writtenCount?: number;
  quarantinedCount?: number;
  orphanedCount?: number;
  mismatchedCount?: number;
  importMs?: number;
  verifyMs?: number;
  verifiedBy?: string;
  error?: string | null;
};

/** Upserts the per-source state; fields left undefined keep their stored value. */
export async function saveSourceState(client: pg.Client, source: string, update: SourceStateUpdate): Promise<void> {
  const verified = update.verifiedBy !== undefined;
  await client.query(
    `INSERT INTO migration_source_state (source, state, last_run_id) VALUES ($1, $2, $3)
     ON CONFLICT (source) DO NOTHING`,
    [source, update.state, update.runId],
  );
  await client.query(
    `UPDATE migration_source_state SET
        state = $2, last_run_id = $3,
        manifest_id = coalesce($4, manifest_id),
        db_root_hash = CASE WHEN $5::boolean THEN $6 ELSE db_root_hash END,
        read_count = coalesce($7, read_count), written_count = coalesce($8, written_count),
        quarantined_count = coalesce($9, quarantined_count), orphaned_count = coalesce($10, orphaned_count),
        mismatched_count = coalesce($11, mismatched_count), import_ms = coalesce($12, import_ms), verify_ms = coalesce($13, verify_ms),
        verified_at = CASE WHEN $14::boolean THEN now() ELSE verified_at END,
        verified_by = CASE WHEN $14::boolean THEN $15 ELSE verified_by END,
        error = CASE WHEN $16::boolean THEN $17 ELSE error END,
        updated_at = now()
      WHERE source = $1`,
    [
      source,
      update.state,
      update.runId,
      update.manifestId ?? null,
      update.dbRootHash !== undefined,
      update.dbRootHash ?? null,
      update.readCount ?? null,
      update.writtenCount ?? null,
      update.quarantinedCount ?? null,
      update.orphanedCount ?? null,
      update.mismatchedCount ?? null,
      update.importMs ?? null,
      update.verifyMs ?? null,
      verified,
      update.verifiedBy ?? null,
      update.error !== undefined,
      update.error ?? null,
    ],
  );
}

const MAX_MISMATCH_ROWS_PER_SOURCE = 10_000;

export async function insertMismatches(client: pg.Client, runId: string, source: string, mismatches: RecordMismatch[]): Promise<void> {
  const rows = mismatches
    .flatMap((mismatch) => mismatch.differences.map((difference) => ({ key: mismatch.key, ...difference })))
    .slice(0, MAX_MISMATCH_ROWS_PER_SOURCE);
  if (!rows.length) return;
  // One statement for up to MAX_MISMATCH_ROWS_PER_SOURCE rows: arrays in, unnest in the server.
  await client.query(
    `INSERT INTO migration_mismatches (run_id, source, legacy_key, field, legacy_value, db_value)
     SELECT $1, $2, legacy_key, field, legacy_value::jsonb, db_value::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS t(legacy_key, field, legacy_value, db_value)`,
    [
      runId,
      source,
      rows.map((row) => row.key),
      rows.map((row) => row.field),
      rows.map((row) => jsonOrNull(row.legacyValue, row.field)),
      rows.map((row) => jsonOrNull(row.dbValue, row.field)),
    ],
  );
}

export async function insertAnomalies(client: pg.Client, runId: string, source: string, anomalies: Record<string, string[]>): Promise<void> {
  const kinds = Object.entries(anomalies).flatMap(([kind, keys]) => keys.map((key) => [kind, key] as const));
  if (!kinds.length) return;
  await client.query(
    `INSERT INTO migration_anomalies (run_id, source, kind, legacy_key)
     SELECT $1, $2, kind, legacy_key FROM unnest($3::text[], $4::text[]) AS t(kind, legacy_key)`,
    [runId, source, kinds.map(([kind]) => kind), kinds.map(([, key]) => key)],
  );
}

/** A mismatch value as jsonb text, phone numbers in it sealed (decision 064); `field` names the member for `sealPii`. */
function jsonOrNull(value: JsonValue | undefined, field: string): string | null {
  return value === undefined ? null : JSON.stringify(sealPii(value, field));
}
