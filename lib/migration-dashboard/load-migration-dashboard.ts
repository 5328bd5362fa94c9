import type { EntityManager } from '@mikro-orm/postgresql';
import { findLegacyFolder, type LegacyFolder } from './legacy-folder';
import { toAnomalyCountDto, toMigrationSourceDtos, type AnomalyCountDto, type MigrationJobStatusDto, type MigrationSourceDto } from './migration-dashboard.dto';
import { findSourceStates } from './migration-dashboard.repository';
import { findAnomalyCounts, findCarriedFilesTotal } from './migration-findings.repository';
import { readMigrationJobStatus } from './migration-job-progress';

// Every list on the page is capped; the page stays one round of small index reads at any data size.
export const DASHBOARD_LIMITS = {
  quarantinePreviewChars: 300,
  mismatchValueChars: 1_000,
} as const;

export type MigrationDashboard = {
  sources: MigrationSourceDto[];
  /** Anomalies per source and kind from the latest import of each source (the grid pages through them). */
  anomalyCounts: AnomalyCountDto[];
  /** Records quarantined by the latest import of each source (the grid pages through them). */
  quarantined: number;
  /** How many files are carried byte for byte and their bytes (the grid pages through them). */
  carriedFiles: { files: number; bytes: number };
  job: MigrationJobStatusDto;
  legacyFolder: LegacyFolder | null;
};

export async function loadMigrationDashboard(em: EntityManager): Promise<MigrationDashboard> {
  const [states, anomalies, job, legacyFolder, carriedTotal] = await Promise.all([
    findSourceStates(em.fork()),
    findAnomalyCounts(em.fork()),
    readMigrationJobStatus(em.fork()),
    findLegacyFolder(em.fork()),
    findCarriedFilesTotal(em.fork()),
  ]);
  const sources = toMigrationSourceDtos(states);
  return {
    sources,
    anomalyCounts: anomalies.map(toAnomalyCountDto),
    quarantined: sources.reduce((sum, row) => sum + row.quarantined, 0),
    carriedFiles: { files: Number(carriedTotal.files), bytes: Number(carriedTotal.bytes) },
    job,
    legacyFolder,
  };
}
