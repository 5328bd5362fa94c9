import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import type { RunState, SourceState } from '@/lib/migration/migration-runs.repository';
import type { AnomalyCountRow, AnomalyRow, CarriedFileRow, MismatchRow, QuarantineRow } from './migration-findings.repository';
import type { RunRow, SourceStateRow } from './migration-dashboard.repository';

/** One legacy source as the dashboard and the status API show it; a never-imported source is `pending`. */
export type MigrationSourceDto = {
  source: string;
  relativePath: string;
  state: SourceState;
  read: number;
  written: number;
  quarantined: number;
  orphaned: number;
  mismatched: number;
  fileExists: boolean | null;
  sizeBytes: number | null;
  sha256: string | null;
  /** Root hash of the legacy file's records (from the manifest) and of their rebuild from PostgreSQL. */
  rootHash: string | null;
  dbRootHash: string | null;
  rootHashesEqual: boolean | null;
  importMs: number | null;
  verifyMs: number | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  lastSyncedAt: string | null;
  syncLagMs: number | null;
  driftCount: number | null;
  driftKeys: string[];
  driftCheckedAt: string | null;
  error: string | null;
};

export type MigrationRunDto = {
  id: string;
  kind: string;
  /** The sources a partial run was limited to (a per-source re-import); null = every source. */
  only: string[] | null;
  state: RunState;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
};

export type AnomalyCountDto = { source: string; kind: string; count: number };

export type AnomalyDto = { id: number; source: string; kind: string; key: string; runId: string; runStartedAt: string };

export type QuarantineDto = {
  id: string;
  source: string;
  key: string;
  reason: string;
  rawPreview: string;
  rawLength: number;
  quarantinedAt: string;
  /** The record holds sealed phone numbers and the viewer may reveal them (an audited reveal, decision 064). */
  revealable: boolean;
};

/** A legacy file no table models, carried byte for byte. */
export type CarriedFileDto = { relativePath: string; reason: string; sizeBytes: number; sha256: string; storedAt: string };

/** One field-level difference; values are JSON text, null when the side has no such field (or record). */
export type MismatchDto = {
  id: number;
  source: string;
  key: string;
  field: string;
  legacyValue: string | null;
  dbValue: string | null;
  isTruncated: boolean;
  /** The values hold sealed phone numbers and the viewer may reveal them (an audited reveal, decision 064). */
  revealable: boolean;
  runId: string;
  runKind: string;
  runStartedAt: string;
  runStartedBy: string;
};

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return new Date(value).toISOString();
}

function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

export function toMigrationSourceDto(source: { id: string; relativePath: string }, row: SourceStateRow | undefined): MigrationSourceDto {
  const rootHash = row?.root_hash ?? null;
  const dbRootHash = row?.db_root_hash ?? null;
  return {
    source: source.id,
    relativePath: source.relativePath,
    state: row?.state ?? 'pending',
    read: row?.read_count ?? 0,
    written: row?.written_count ?? 0,
    quarantined: row?.quarantined_count ?? 0,
    orphaned: row?.orphaned_count ?? 0,
    mismatched: row?.mismatched_count ?? 0,
    fileExists: row?.file_exists ?? null,
    sizeBytes: numberOrNull(row?.size_bytes ?? null),
    sha256: row?.sha256 ?? null,
    rootHash,
    dbRootHash,
    rootHashesEqual: rootHash && dbRootHash ? rootHash === dbRootHash : null,
    importMs: row?.import_ms ?? null,
    verifyMs: row?.verify_ms ?? null,
    verifiedAt: iso(row?.verified_at ?? null),
    verifiedBy: row?.verified_by ?? null,
    lastSyncedAt: iso(row?.last_synced_at ?? null),
    syncLagMs: row?.lag_ms ?? null,
    driftCount: row?.drift_count ?? null,
    driftKeys: row?.drift_keys ?? [],
    driftCheckedAt: iso(row?.drift_checked_at ?? null),
    error: row?.error ?? null,
  };
}

/** All legacy sources in folder order, whether or not the engine has touched them yet. */
export function toMigrationSourceDtos(rows: SourceStateRow[]): MigrationSourceDto[] {
  const bySource = new Map(rows.map((row) => [row.source, row]));
  return LEGACY_SOURCES.map((source) => toMigrationSourceDto(source, bySource.get(source.id)));
}

export function toMigrationRunDto(row: RunRow): MigrationRunDto {
  const startedAt = new Date(row.started_at);
  const finishedAt = row.finished_at === null ? null : new Date(row.finished_at);
  return {
    id: row.id,
    kind: row.kind,
    only: row.only,
    state: row.state,
    startedBy: row.started_by,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt?.toISOString() ?? null,
    durationMs: finishedAt ? finishedAt.getTime() - startedAt.getTime() : null,
    error: row.error,
  };
}

export function toAnomalyCountDto(row: AnomalyCountRow): AnomalyCountDto {
  return { source: row.source, kind: row.kind, count: Number(row.count) };
}

export function toAnomalyDto(row: AnomalyRow): AnomalyDto {
  return { id: Number(row.id), source: row.source, kind: row.kind, key: row.legacy_key, runId: row.run_id, runStartedAt: iso(row.run_started_at)! };
}

/** A finding's DTO with `revealable` set for a viewer who may (or may not) reveal sealed phone numbers. */
export function withReveal<Dto extends { revealable: boolean }>(dto: Dto, row: { has_sealed_pii: boolean }, canRevealPii: boolean): Dto {
  return { ...dto, revealable: canRevealPii && row.has_sealed_pii };
}

export function toQuarantineDto(row: QuarantineRow): QuarantineDto {
  return {
    id: row.id,
    source: row.legacy_source,
    key: row.legacy_key,
    reason: row.reason,
    rawPreview: row.raw_preview,
    rawLength: Number(row.raw_length),
    quarantinedAt: iso(row.created_at)!,
    revealable: false,
  };
}

export function toCarriedFileDto(row: CarriedFileRow): CarriedFileDto {
  return { relativePath: row.relative_path, reason: row.reason, sizeBytes: Number(row.size_bytes), sha256: row.sha256, storedAt: iso(row.updated_at)! };
}

export function toMismatchDto(row: MismatchRow): MismatchDto {
  return {
    id: Number(row.id),
    source: row.source,
    key: row.legacy_key,
    field: row.field,
    legacyValue: row.legacy_value,
    dbValue: row.db_value,
    isTruncated: row.is_truncated,
    revealable: false,
    runId: row.run_id,
    runKind: row.run_kind,
    runStartedAt: iso(row.run_started_at)!,
    runStartedBy: row.run_started_by,
  };
}

/** `GET /api/admin/migration/status`: what a monitor alerts on (states, counts, hashes), no record data. */
export type MigrationStatusDto = {
  state: 'validated' | 'attention';
  running: boolean;
  generatedAt: string;
  sources: Array<Pick<MigrationSourceDto, (typeof STATUS_FIELDS)[number]>>;
};

const STATUS_FIELDS = [
  'source',
  'relativePath',
  'state',
  'read',
  'written',
  'quarantined',
  'orphaned',
  'mismatched',
  'rootHash',
  'dbRootHash',
  'rootHashesEqual',
  'verifiedAt',
  'verifiedBy',
  'lastSyncedAt',
  'syncLagMs',
  'driftCount',
  'error',
] as const satisfies ReadonlyArray<keyof MigrationSourceDto>;

export function toMigrationStatusDto(sources: MigrationSourceDto[], running: boolean): MigrationStatusDto {
  return {
    state: sources.every((source) => source.state === 'validated' && source.rootHashesEqual) ? 'validated' : 'attention',
    running,
    generatedAt: new Date().toISOString(),
    sources: sources.map((source) => Object.fromEntries(STATUS_FIELDS.map((field) => [field, source[field]])) as MigrationStatusDto['sources'][number]),
  };
}

export type MigrationJobStepDto = { source: string; position: number; phase: 'read' | 'write' | 'verify'; done: number; total: number | null };

/** A dashboard-started run as the progress store holds it; polled by the page every second. */
export type MigrationJobProgressDto = {
  jobId: string;
  kind: 'verify' | 'import';
  /** The re-imported source; null for a verify of every source. */
  source: string | null;
  sourceDir: string;
  startedBy: string;
  startedAt: string;
  sourcesTotal: number;
  state: 'running' | RunState;
  step: MigrationJobStepDto | null;
  runId: string | null;
  finishedAt: string | null;
  message: string | null;
};

export type MigrationJobStatusDto = {
  /** A dashboard run holds the job lock right now (true across instances, whatever the cache holds). */
  active: boolean;
  /** The running or last finished run, when this instance's cache knows it. */
  progress: MigrationJobProgressDto | null;
};
