import type { EntityManager } from '@mikro-orm/postgresql';
import { findLegacyFolder, type LegacyFolder } from './legacy-folder';
import {
  toAnomalyGroupDto,
  toCarriedFileDto,
  toMigrationSourceDtos,
  toMismatchDto,
  type AnomalyGroupDto,
  type CarriedFileDto,
  type MigrationJobStatusDto,
  type MigrationSourceDto,
  type MismatchDto,
} from './migration-dashboard.dto';
import { findSourceStates } from './migration-dashboard.repository';
import type { MigrationPageQuery } from './migration-dashboard.schemas';
import { findAnomalyGroups, findCarriedFilePage, findCarriedFilesTotal, findMismatches } from './migration-findings.repository';
import { readMigrationJobStatus } from './migration-job-progress';

// Every list on the page is capped; the page stays one round of small index reads at any data size.
export const DASHBOARD_LIMITS = {
  anomalyKeysPerKind: 50,
  quarantinePreviewChars: 300,
  carriedFiles: 50,
  mismatchesPerSource: 10,
  mismatchPage: 100,
  mismatchValueChars: 1_000,
} as const;

export type MismatchView = {
  rows: MismatchDto[];
  /** The source being paged through, or null for the first rows of every mismatched source. */
  source: string | null;
  /** Sources with more rows than shown (overview), to link to their own pages. */
  sourcesWithMore: string[];
  nextAfter: number | null;
};

export type MigrationDashboard = {
  sources: MigrationSourceDto[];
  anomalies: AnomalyGroupDto[];
  /** Records quarantined by the latest import of each source (the grid pages through them). */
  quarantined: number;
  carriedFiles: { rows: CarriedFileDto[]; files: number; bytes: number };
  mismatches: MismatchView;
  job: MigrationJobStatusDto;
  legacyFolder: LegacyFolder | null;
};

export async function loadMigrationDashboard(em: EntityManager, query: MigrationPageQuery): Promise<MigrationDashboard> {
  const source = query.mismatchSource ?? null;
  const limit = source ? DASHBOARD_LIMITS.mismatchPage : DASHBOARD_LIMITS.mismatchesPerSource;
  // One row over each limit tells whether there is more, without counting.
  const [states, anomalies, mismatchRows, job, legacyFolder, carriedRows, carriedTotal] = await Promise.all([
    findSourceStates(em.fork()),
    findAnomalyGroups(em.fork(), DASHBOARD_LIMITS.anomalyKeysPerKind),
    findMismatches(em.fork(), { source: source ?? undefined, after: query.mismatchAfter, limit: limit + 1, valueChars: DASHBOARD_LIMITS.mismatchValueChars }),
    readMigrationJobStatus(em.fork()),
    findLegacyFolder(em.fork()),
    findCarriedFilePage(em.fork(), DASHBOARD_LIMITS.carriedFiles),
    findCarriedFilesTotal(em.fork()),
  ]);
  const sources = toMigrationSourceDtos(states);
  return {
    sources,
    anomalies: anomalies.map(toAnomalyGroupDto),
    quarantined: sources.reduce((sum, row) => sum + row.quarantined, 0),
    carriedFiles: { rows: carriedRows.map(toCarriedFileDto), files: Number(carriedTotal.files), bytes: Number(carriedTotal.bytes) },
    mismatches: mismatchView(mismatchRows.map(toMismatchDto), source, limit),
    job,
    legacyFolder,
  };
}

function mismatchView(rows: MismatchDto[], source: string | null, limit: number): MismatchView {
  if (source) {
    const shown = rows.slice(0, limit);
    return { rows: shown, source, sourcesWithMore: [], nextAfter: rows.length > limit ? shown.at(-1)!.id : null };
  }
  const perSource = new Map<string, MismatchDto[]>();
  for (const row of rows) {
    const group = perSource.get(row.source) ?? [];
    group.push(row);
    perSource.set(row.source, group);
  }
  return {
    rows: [...perSource.values()].flatMap((group) => group.slice(0, limit)),
    source: null,
    sourcesWithMore: [...perSource].filter(([, group]) => group.length > limit).map(([id]) => id),
    nextAfter: null,
  };
}
