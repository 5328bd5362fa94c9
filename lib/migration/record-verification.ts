import type pg from 'pg';
import { insertMismatches, saveSourceState } from './migration-runs.repository';
import type { SourceReport } from './source-report';
import type { VerifyResult } from './verify-source';

/**
 * Puts a verification's outcome into the source's report, its field-level mismatches and its state
 * row: validated only when no record differs and the database-side root hash equals the file's.
 */
export async function recordVerification(
  client: pg.Client,
  { runId, actor, report, verified, legacyRootHash }: { runId: string; actor: string; report: SourceReport; verified: VerifyResult; legacyRootHash: string },
): Promise<void> {
  report.dbRootHash = verified.dbRootHash;
  report.mismatched = verified.mismatches.length;
  report.state = verified.mismatches.length === 0 && verified.dbRootHash === legacyRootHash ? 'validated' : 'mismatched';
  await insertMismatches(client, runId, report.source, verified.mismatches);
  await saveSourceState(client, report.source, {
    state: report.state,
    runId,
    dbRootHash: verified.dbRootHash,
    mismatchedCount: report.mismatched,
    verifyMs: report.verifyMs,
    verifiedBy: actor,
    error: null,
  });
}
