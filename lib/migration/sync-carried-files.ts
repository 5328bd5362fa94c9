import type { EntityManager } from '@mikro-orm/postgresql';
import { getLegacySource } from '@/lib/legacy/sources';
import { carryFiles, findStoredCarriedFiles, readCarriedFiles, type CarriedFilesReport } from './carried-files';
import { createRun, finishRun } from './migration-runs.repository';
import { withPgClient } from './pg-client';
import { loadLegacySource } from './read-legacy-source';
import { RUN_HOLDS_LOCK, withSyncLock } from './run-lock';

/**
 * The parallel run's step for the carried files: when the folder's carried files differ from their
 * stored copies (the legacy server wrote credentials-db.json, a stray upload appeared), they are
 * carried again under a `sync` run, so a rollback never writes an old copy. Null when nothing
 * changed; `RUN_HOLDS_LOCK` while a migration run holds the lock. Throws LegacySourceError while the
 * KYC metadata does not parse (half-written): the caller tries again later.
 */
export async function syncCarriedFiles(
  em: EntityManager,
  { sourceDir, storageDir, worker }: { sourceDir: string; storageDir: string; worker: string },
): Promise<CarriedFilesReport | null | typeof RUN_HOLDS_LOCK> {
  return withPgClient(em, (client) =>
    withSyncLock(client, async () => {
      const { records: kycRecords } = await loadLegacySource(sourceDir, getLegacySource('kyc-metadata'));
      const read = await readCarriedFiles(sourceDir, kycRecords);
      const stored = new Map((await findStoredCarriedFiles(client)).map((file) => [file.relativePath, file.sha256]));
      if (read.length === stored.size && read.every((file) => stored.get(file.relativePath) === file.sha256)) return null;
      const runId = await createRun(client, { kind: 'sync', sourceDir, startedBy: worker, options: { carriedFiles: true } });
      const report = await carryFiles(client, { sourceDir, storageDir, runId, kycRecords });
      const state = report.error ? 'error' : report.mismatched.length ? 'mismatched' : 'validated';
      await finishRun(client, runId, { state, summary: { carriedFiles: report }, error: report.error ?? undefined });
      return report;
    }),
  );
}
