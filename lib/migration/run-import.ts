import { stat } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError } from '@/lib/errors';
import type { AuditContext } from '@/lib/audit/audit-context';
import { detectAnomalies } from '@/lib/legacy/anomalies';
import { inspectKycFiles } from '@/lib/legacy/kyc-files';
import { LegacySourceError } from '@/lib/legacy/legacy-source-error';
import type { LegacyFolder } from '@/lib/legacy/read-folder';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { LEGACY_SOURCES, type LegacySource, type SourceId } from '@/lib/legacy/sources';
import { getStorageMode } from '@/lib/settings/storage-mode';
import { appendAdminLogsToAudit } from './admin-logs-to-audit';
import { createBackup } from './backup';
import { carryFiles, type CarriedFilesReport } from './carried-files';
import { importSource } from './import-source';
import { SOURCE_MAPPINGS } from './mappings';
import type { SourceMapping } from './source-mapping';
import { createRun, finishRun, insertAnomalies, insertManifest, recordingFailure, saveSourceState, type RunState } from './migration-runs.repository';
import { withPgClient } from './pg-client';
import { loadLegacySource, type LoadedSource } from './read-legacy-source';
import { registryOrphans } from './record-identities';
import { recordVerification } from './record-verification';
import type { SourceReport } from './source-report';

export type { SourceReport } from './source-report';
import { syncKycDocuments } from './sync-kyc-documents';
import { toVerifyResult, verifySource } from './verify-source';
import { VerifyThread } from './verify-thread';

/** Anomaly kinds that are orphans: a record that points at something the other sources lack. */
export const ORPHAN_KINDS = new Set(['orphanKey', 'missingFile', 'identityNotInWalletDb', 'notInWalletDb', 'blockNotInHistory']);

export type MigrationProgress = { source: SourceId; phase: 'read' | 'write' | 'verify'; done: number; total: number | null };

/** Wall-clock milliseconds of the run's stages; import and verification overlap, so only their sum is one stage. */
export type ImportRunDurations = { backupMs: number; importAndVerifyMs: number; anomaliesMs: number };

export type ImportRunResult = {
  runId: string;
  state: RunState;
  sources: SourceReport[];
  /** Files no table models, carried byte for byte; null for a run limited to some sources. */
  carriedFiles: CarriedFilesReport | null;
  backupPath: string | null;
  durations: ImportRunDurations;
};

type ImportOptions = {
  sourceDir: string;
  backupDir: string;
  /** Managed storage the KYC document files are copied into (content-addressed). */
  storageDir: string;
  context: AuditContext;
  only?: SourceId[];
  onProgress?: (progress: MigrationProgress) => void;
  /** Verify in a worker thread, so it runs on another core. */
  verifyInWorker?: boolean;
};

export const IMPORT_REFUSED_IN_PG_PRIMARY =
  'PostgreSQL has been the source of truth since the cut-over (pg-primary): importing the legacy files would overwrite it with what they hold, which may be older. Roll back to json-primary first, or run a verify instead.';

/**
 * Imports are for json-primary, where the legacy files are the truth. After the cut-over they only
 * mirror PostgreSQL (from the outbox, possibly behind), so an import could overwrite newer data.
 */
export async function assertImportAllowed(em: EntityManager): Promise<void> {
  if ((await getStorageMode(em.fork())) === 'pg-primary') throw new AppError('CONFLICT', IMPORT_REFUSED_IN_PG_PRIMARY);
}

/**
 * One import run: back up the folder, then per source read → manifest (stored first) → import in one
 * transaction → verify by rebuilding every record from PostgreSQL. Verification runs on a second
 * connection while the next source is read and written, so the server's COPY and index builds and
 * this process's decoding overlap. Anomalies (which need every source) are recorded at the end. A
 * source that fails (unreadable, invalid JSON) is reported as `error` and leaves its tables
 * untouched; the others go on.
 */
export async function runImport(em: EntityManager, options: ImportOptions): Promise<ImportRunResult> {
  await assertImportAllowed(em);
  return withPgClient(em, (client) =>
    withPgClient(em, async (verifyClient) => {
      const thread = options.verifyInWorker ? await VerifyThread.start(client) : null;
      try {
        return await importAndVerify(em, client, verifyClient, thread, options);
      } finally {
        await thread?.close();
      }
    }),
  );
}

async function importAndVerify(
  em: EntityManager,
  client: pg.Client,
  verifyClient: pg.Client,
  thread: VerifyThread | null,
  options: ImportOptions,
): Promise<ImportRunResult> {
  const actor = options.context.actorLabel ?? 'system';
  const runId = await createRun(client, {
    kind: 'import',
    sourceDir: path.resolve(options.sourceDir),
    startedBy: actor,
    options: { only: options.only ?? null },
  });
  // A run that cannot go on (backup impossible, database gone) is recorded as failed, with why.
  return recordingFailure(client, runId, () => importRun(em, client, verifyClient, thread, { ...options, runId, actor }));
}

async function importRun(
  em: EntityManager,
  client: pg.Client,
  verifyClient: pg.Client,
  thread: VerifyThread | null,
  options: ImportOptions & { runId: string; actor: string },
): Promise<ImportRunResult> {
  const { runId, actor } = options;
  const sources = LEGACY_SOURCES.filter((source) => !options.only || options.only.includes(source.id));
  const runStarted = performance.now();
  const backup = await createBackup(options.sourceDir, options.backupDir, `legacy-${runId}`);
  const backupDone = performance.now();

  const loaded = new Map<SourceId, LoadedSource>();
  // Reports keep the sources' usual order whatever order they are processed in.
  const reports = new Map(sources.map((source) => [source.id, emptyReport(source)]));
  // One verification at a time on its own connection, each started as soon as its source is written.
  let verifying = Promise.resolve();
  for (const source of await largestFirst(options.sourceDir, sources)) {
    const report = reports.get(source.id)!;
    const mapping = SOURCE_MAPPINGS[source.id];
    const data = await importOne(client, source, report, { ...options, runId });
    if (!data) continue;
    loaded.set(source.id, data);
    if (!mapping || report.state === 'error') continue;
    verifying = verifying.then(() => verifyOne(verifyClient, thread, source, mapping, report, data, { runId, actor, onProgress: options.onProgress }));
  }
  await verifying;
  const importAndVerifyDone = performance.now();
  const kycReadable = loaded.has('kyc-metadata') && reports.get('kyc-metadata')?.state !== 'error';
  const carriedFiles = options.only ? null : await carryFiles(client, { ...options, kycRecords: kycReadable ? loaded.get('kyc-metadata')!.records : null });

  // Orphans come from what PostgreSQL holds (decisions 034, 081): `identities` and `chain_block_numbers`, not lists rebuilt from the files.
  const orphans = await registryOrphans(client);
  const anomalyReport = detectAnomalies(folderOf(loaded), await inspectKycFiles(options.sourceDir, loaded.get('kyc-metadata')?.records ?? []), orphans);
  for (const source of sources) {
    const report = reports.get(source.id)!;
    if (!loaded.has(source.id) || !SOURCE_MAPPINGS[source.id] || report.state === 'error') continue;
    report.anomalies = { ...anomalyReport[source.relativePath]?.anomalies };
    report.orphaned = Object.entries(report.anomalies)
      .filter(([kind]) => ORPHAN_KINDS.has(kind))
      .reduce((sum, [, keys]) => sum + keys.length, 0);
    await insertAnomalies(client, runId, source.id, report.anomalies);
    await saveSourceState(client, source.id, { state: report.state, runId, orphanedCount: report.orphaned });
  }
  const durations = {
    backupMs: Math.round(backupDone - runStarted),
    importAndVerifyMs: Math.round(importAndVerifyDone - backupDone),
    anomaliesMs: Math.round(performance.now() - importAndVerifyDone),
  };

  const all = [...reports.values()];
  const state: RunState =
    all.some((report) => report.state === 'error') || carriedFiles?.error
      ? 'error'
      : all.some((report) => report.state === 'mismatched') || carriedFiles?.mismatched.length
        ? 'mismatched'
        : 'validated';
  const summary = { sources: all.map(({ anomalies: _anomalies, ...report }) => report), carriedFiles };
  await finishRun(client, runId, { state, summary, backupPath: backup.archive, backupSha256: backup.archiveSha256 });
  await em.transactional((tx) =>
    recordAuditEvent(
      tx,
      {
        action: 'MIGRATION_IMPORT',
        tableName: 'migration_runs',
        recordId: runId,
        newValues: { state, sources: all.map((report) => ({ source: report.source, state: report.state, rootHash: report.rootHash })) },
      },
      options.context,
    ),
  );
  return { runId, state, sources: all, carriedFiles, backupPath: backup.archive, durations };
}

/**
 * The sources by file size, largest first: the biggest verification then overlaps the import of
 * all the smaller sources instead of running alone at the end of the run.
 */
async function largestFirst(sourceDir: string, sources: LegacySource[]): Promise<LegacySource[]> {
  const sizes = new Map(
    await Promise.all(
      sources.map(async (source) => [source.id, (await stat(path.join(sourceDir, source.relativePath)).catch(() => null))?.size ?? 0] as const),
    ),
  );
  return [...sources].sort((a, b) => sizes.get(b.id)! - sizes.get(a.id)!);
}

/**
 * Reads one source and imports it (manifest first, then one transaction). Returns what was read,
 * or null when the file could not be read; a failure is recorded in `report` and the source's state.
 */
async function importOne(
  client: pg.Client,
  source: LegacySource,
  report: SourceReport,
  options: ImportOptions & { runId: string },
): Promise<LoadedSource | null> {
  const { runId, onProgress } = options;
  const mapping = SOURCE_MAPPINGS[source.id];
  const started = performance.now();
  let data: LoadedSource | null = null;
  try {
    data = await loadLegacySource(options.sourceDir, source, (done) => onProgress?.({ source: source.id, phase: 'read', done, total: null }));
    report.read = data.records.length;
    report.rootHash = data.rootHash;
    if (!mapping) {
      report.error = 'no table mapping yet';
      return data;
    }
    await saveSourceState(client, source.id, { state: 'running', runId });
    // A full import replaces what earlier drift measurements were about.
    await client.query(
      `UPDATE migration_source_state SET drift_count = NULL, drift_keys = NULL, drift_checked_at = NULL, drift_zero_since = NULL WHERE source = $1`,
      [source.id],
    );
    const manifestId = await storeManifest(client, runId, source, data);
    onProgress?.({ source: source.id, phase: 'write', done: 0, total: data.records.length });
    const imported = await importSource(client, { mapping, records: data.records, runId, context: options.context, bulk: { rootHash: data.rootHash } });
    report.written = data.records.length - imported.quarantined.length;
    report.quarantined = imported.quarantined.length;
    await afterSourceImport(client, source.id, {
      sourceDir: options.sourceDir,
      storageDir: options.storageDir,
      records: data.records,
      context: options.context,
      bulk: { runId, rootHash: data.rootHash },
    });
    report.importMs = Math.round(performance.now() - started);
    onProgress?.({ source: source.id, phase: 'write', done: data.records.length, total: data.records.length });
    await saveSourceState(client, source.id, {
      state: 'running',
      runId,
      manifestId,
      readCount: report.read,
      writtenCount: report.written,
      quarantinedCount: report.quarantined,
      importMs: report.importMs,
      error: null,
    });
  } catch (error) {
    report.state = 'error';
    report.error = error instanceof LegacySourceError ? error.message : `import failed: ${error instanceof Error ? error.message : String(error)}`;
    report.importMs = Math.round(performance.now() - started);
    await saveSourceState(client, source.id, { state: 'error', runId, error: report.error, importMs: report.importMs });
  }
  return data;
}

/** Verifies one imported source and records the outcome; a failure becomes the source's `error`, never the run's. */
async function verifyOne(
  client: pg.Client,
  thread: VerifyThread | null,
  source: LegacySource,
  mapping: SourceMapping,
  report: SourceReport,
  data: LoadedSource,
  { runId, actor, onProgress }: { runId: string; actor: string; onProgress?: (progress: MigrationProgress) => void },
): Promise<void> {
  const started = performance.now();
  try {
    onProgress?.({ source: source.id, phase: 'verify', done: 0, total: data.records.length });
    const verified = thread
      ? toVerifyResult(await thread.compare(mapping, data.records), data.records)
      : await verifySource(client, { mapping, records: data.records });
    report.verifyMs = Math.round(performance.now() - started);
    await recordVerification(client, { runId, actor, report, verified, legacyRootHash: data.rootHash });
    onProgress?.({ source: source.id, phase: 'verify', done: data.records.length, total: data.records.length });
  } catch (error) {
    report.state = 'error';
    report.error = `verify failed: ${error instanceof Error ? error.message : String(error)}`;
    report.verifyMs = Math.round(performance.now() - started);
    await saveSourceState(client, source.id, { state: 'error', runId, error: report.error }).catch(() => undefined);
  }
}

/** The manifest of what was read, stored before the data it describes is written. */
export function storeManifest(client: pg.Client, runId: string, source: LegacySource, data: LoadedSource): Promise<string> {
  return insertManifest(client, runId, {
    source: source.id,
    relativePath: source.relativePath,
    exists: data.exists,
    sizeBytes: data.sizeBytes,
    sha256: data.sha256,
    recordCount: data.recordCount,
    rootHash: data.rootHash,
    variant: data.variant,
    envelope: data.envelope,
  });
}

/** What follows a source's import: KYC files into managed storage, admin-log entries into the audit trail. */
export async function afterSourceImport(
  client: pg.Client,
  source: SourceId,
  options: { sourceDir: string; storageDir: string; records: LegacyRecord[]; context: AuditContext; bulk?: { runId: string; rootHash: string } },
): Promise<void> {
  if (source === 'admin-logs') await appendAdminLogsToAudit(client);
  if (source === 'kyc-metadata') await syncKycDocuments(client, options);
}

export function emptyReport(source: LegacySource): SourceReport {
  return {
    source: source.id,
    relativePath: source.relativePath,
    state: 'pending',
    read: 0,
    written: 0,
    quarantined: 0,
    orphaned: 0,
    mismatched: 0,
    rootHash: null,
    dbRootHash: null,
    anomalies: {},
    error: null,
    importMs: 0,
    verifyMs: 0,
  };
}

function folderOf(loaded: Map<SourceId, LoadedSource>): LegacyFolder {
  const folder: LegacyFolder = new Map();
  for (const [id, data] of loaded) {
    const source = LEGACY_SOURCES.find((candidate) => candidate.id === id)!;
    folder.set(id, { source: id, relativePath: source.relativePath, records: data.records, envelope: data.envelope, variant: data.variant });
  }
  return folder;
}
