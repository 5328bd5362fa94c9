import type { SourceId } from '@/lib/legacy/sources';
import type { SourceState } from './migration-runs.repository';

/** What a run found for one source; apart from the run itself so the verification recorder can use it without importing the run. */
export type SourceReport = {
  source: SourceId;
  relativePath: string;
  state: SourceState;
  read: number;
  written: number;
  quarantined: number;
  orphaned: number;
  mismatched: number;
  rootHash: string | null;
  dbRootHash: string | null;
  anomalies: Record<string, string[]>;
  error: string | null;
  importMs: number;
  verifyMs: number;
};
