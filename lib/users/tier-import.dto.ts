/** The tier import's outcomes, limits and shapes, client-safe (the import page renders them). */
export const TIER_IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const TIER_IMPORT_MAX_ROWS = 50_000;

export const TIER_IMPORT_OUTCOMES = ['will_change', 'no_change', 'unknown_user', 'ambiguous', 'bad_tier', 'duplicate', 'invalid'] as const;
export type TierImportOutcome = (typeof TIER_IMPORT_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<TierImportOutcome, string> = {
  will_change: 'Will change',
  no_change: 'No change',
  unknown_user: 'Unknown user',
  ambiguous: 'Ambiguous match',
  bad_tier: 'Bad tier',
  duplicate: 'Duplicate row',
  invalid: 'Incomplete row',
};

/**
 * One row's outcome. `user` is how the row named the user, phones masked (a dry run or a stored result
 * never holds a full number); `identityHash` the identity it matched, when exactly one.
 */
export type TierImportLine = {
  row: number;
  outcome: TierImportOutcome;
  reason: string;
  user: string;
  identityHash: string | null;
  from: number | null;
  to: number | null;
};

export type TierImportDryRun = {
  fileName: string;
  sha256: string;
  size: number;
  rowCount: number;
  counts: Record<TierImportOutcome, number>;
  lines: TierImportLine[];
};

export type TierImportResult = TierImportDryRun & { id: string; mode: 'json-primary' | 'pg-primary'; changed: number };

export type TierImportSummary = {
  id: string;
  fileName: string;
  sha256: string;
  rowCount: number;
  changed: number;
  counts: Record<TierImportOutcome, number>;
  importedBy: string;
  importedAt: string;
};
