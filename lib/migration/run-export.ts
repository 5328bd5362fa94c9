import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { defaultEnvelope } from '@/lib/legacy/source-layout';
import { LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';
import { exportCarriedFiles } from './carried-files';
import { exportSource } from './export-source';
import { SOURCE_MAPPINGS } from './mappings';
import { createRun, findCurrentManifest, finishRun } from './migration-runs.repository';
import { withPgClient } from './pg-client';
import { exportStoredKycDocuments } from './sync-kyc-documents';

export type ExportReport = { source: SourceId; relativePath: string; records: number; written: boolean };

/**
 * The rollback: writes the whole legacy folder back from PostgreSQL into `targetDir`. Each file keeps
 * the form it was imported in; a re-import of the folder gives the same root hashes. KYC documents
 * and the files no table models are written back from managed storage, byte for byte.
 */
export async function runExport(
  em: EntityManager,
  { targetDir, storageDir, context }: { targetDir: string; storageDir: string; context: AuditContext },
): Promise<{ runId: string; sources: ExportReport[]; kycFiles: number; carriedFiles: number }> {
  return withPgClient(em, async (client) => {
    const runId = await createRun(client, { kind: 'export', sourceDir: path.resolve(targetDir), startedBy: context.actorLabel ?? 'system', options: {} });
    const sources: ExportReport[] = [];
    let kycFiles = 0;
    let carriedFiles = 0;
    try {
      for (const adapter of LEGACY_SOURCES) {
        const mapping = SOURCE_MAPPINGS[adapter.id];
        if (!mapping) continue;
        const manifest = await findCurrentManifest(client, adapter.id);
        const envelope = manifest?.envelope ?? defaultEnvelope(adapter.layout);
        const result = await exportSource(client, { adapter, mapping, envelope, targetDir });
        sources.push({ source: adapter.id, relativePath: adapter.relativePath, ...result });
      }
      kycFiles = (await exportStoredKycDocuments(client, { storageDir, targetDir })).written.length;
      carriedFiles = await exportCarriedFiles(client, { storageDir, targetDir });
    } catch (error) {
      await finishRun(client, runId, { state: 'error', summary: { sources }, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    await finishRun(client, runId, { state: 'validated', summary: { sources, kycFiles, carriedFiles } });
    await em.transactional((tx) =>
      recordAuditEvent(
        tx,
        {
          action: 'MIGRATION_EXPORT',
          tableName: 'migration_runs',
          recordId: runId,
          newValues: { targetDir: path.resolve(targetDir), sources, kycFiles, carriedFiles },
        },
        context,
      ),
    );
    return { runId, sources, kycFiles, carriedFiles };
  });
}
