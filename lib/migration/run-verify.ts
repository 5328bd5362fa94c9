import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { LegacySourceError } from '@/lib/legacy/legacy-source-error';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { checkCarriedFiles, type CarriedFilesReport } from './carried-files';
import { SOURCE_MAPPINGS } from './mappings';
import { createRun, finishRun, recordingFailure, saveSourceState, type RunState } from './migration-runs.repository';
import { withPgClient } from './pg-client';
import { loadLegacySource, type LoadedSource } from './read-legacy-source';
import { recordVerification } from './record-verification';
import { emptyReport, type MigrationProgress, type SourceReport } from './run-import';
import { compareSource, toVerifyResult } from './verify-source';
import { VerifyThread } from './verify-thread';

export type VerifyRunResult = { runId: string; state: RunState; sources: SourceReport[]; carriedFiles: CarriedFilesReport };

type VerifyOptions = {
  sourceDir: string;
  /** Managed storage, where the carried files' copies are checked. */
  storageDir: string;
  context: AuditContext;
  onProgress?: (progress: MigrationProgress) => void;
  /** Compare in a worker thread, on another core, while the next source is read. */
  verifyInWorker?: boolean;
};

/**
 * Re-verifies what PostgreSQL holds against the legacy folder as it is now: every record rebuilt
 * and compared, per-source state and field-level mismatches recorded under a new `verify` run.
 */
export async function runVerify(em: EntityManager, options: VerifyOptions): Promise<VerifyRunResult> {
  const { sourceDir, context } = options;
  return withPgClient(em, async (client) => {
    const thread = options.verifyInWorker ? await VerifyThread.start(client) : null;
    try {
      const actor = context.actorLabel ?? 'system';
      const runId = await createRun(client, { kind: 'verify', sourceDir: path.resolve(sourceDir), startedBy: actor, options: {} });
      // A run that cannot go on (database gone) is recorded as failed, with why.
      return await recordingFailure(client, runId, () => verifyRun(em, client, thread, { ...options, runId, actor }));
    } finally {
      await thread?.close();
    }
  });
}

async function verifyRun(
  em: EntityManager,
  client: pg.Client,
  thread: VerifyThread | null,
  { sourceDir, storageDir, context, onProgress, runId, actor }: VerifyOptions & { runId: string; actor: string },
): Promise<VerifyRunResult> {
  const reports: SourceReport[] = [];
  let kycRecords: LegacyRecord[] | null = null;
  // Results are recorded one source at a time, in order, while the next source is being read.
  let recording = Promise.resolve();
  for (const adapter of LEGACY_SOURCES) {
    const mapping = SOURCE_MAPPINGS[adapter.id];
    if (!mapping) continue;
    const report: SourceReport = { ...emptyReport(adapter), state: 'running' };
    reports.push(report);
    const started = performance.now();
    const failed = (error: unknown) => {
      report.state = 'error';
      report.error = error instanceof LegacySourceError ? error.message : `verify failed: ${error instanceof Error ? error.message : String(error)}`;
      // The chain of recordings must never reject (nothing awaits it until the end): a state row
      // that cannot be written leaves the error in the report only.
      return saveSourceState(client, adapter.id, { state: 'error', runId, error: report.error }).catch(() => undefined);
    };
    let data: LoadedSource;
    try {
      data = await loadLegacySource(sourceDir, adapter, (done) => onProgress?.({ source: adapter.id, phase: 'read', done, total: null }));
      if (adapter.id === 'kyc-metadata') kycRecords = data.records;
    } catch (error) {
      recording = recording.then(() => failed(error));
      continue;
    }
    report.read = data.records.length;
    report.rootHash = data.rootHash;
    onProgress?.({ source: adapter.id, phase: 'verify', done: 0, total: data.records.length });
    const comparing = thread
      ? thread.compare(mapping, data.records)
      : compareSource(client, mapping, new Map(data.records.map((record) => [record.key, record.hash])));
    // Marked handled at once (its failure is recorded in order below); in-thread, the comparison
    // uses `client`, so it must finish before the next source's queries.
    const settled = comparing.catch(() => undefined);
    if (!thread) await settled;
    recording = recording.then(async () => {
      try {
        const verified = toVerifyResult(await comparing, data.records);
        report.quarantined = verified.quarantined;
        report.written = verified.recordCount - verified.quarantined;
        report.verifyMs = Math.round(performance.now() - started);
        await recordVerification(client, { runId, actor, report, verified, legacyRootHash: data.rootHash });
        onProgress?.({ source: adapter.id, phase: 'verify', done: data.records.length, total: data.records.length });
      } catch (error) {
        await failed(error);
      }
    });
    if (!thread) await recording;
  }
  await recording;
  const carriedFiles = await checkCarriedFiles(client, { sourceDir, storageDir, kycRecords });
  const state: RunState =
    reports.some((report) => report.state === 'error') || carriedFiles.error
      ? 'error'
      : reports.some((report) => report.state === 'mismatched') || carriedFiles.mismatched.length
        ? 'mismatched'
        : 'validated';
  await finishRun(client, runId, { state, summary: { sources: reports, carriedFiles } });
  await em.transactional((tx) =>
    recordAuditEvent(tx, { action: 'MIGRATION_VERIFY', tableName: 'migration_runs', recordId: runId, newValues: { state } }, context),
  );
  return { runId, state, sources: reports, carriedFiles };
}
