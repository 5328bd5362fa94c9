import type { Metadata } from 'next';
import Link from 'next/link';
import { FolderOpenIcon } from 'lucide-react';
import { Suspense } from 'react';
import { DataTableSkeleton } from '@/components/data-table/data-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { Card, CardContent } from '@/components/ui/card';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { Skeleton } from '@/components/ui/skeleton';
import { hasPermission } from '@/lib/auth/permissions';
import { findChainBlockDrift } from '@/lib/chain/chain-ingest.repository';
import { DASHBOARD_LIMITS, loadMigrationDashboard } from '@/lib/migration-dashboard/load-migration-dashboard';
import { findAnomalyPage, findCarriedFilePage, findMismatchPage, findQuarantinePage } from '@/lib/migration-dashboard/migration-findings.repository';
import type { MigrationSourceDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import {
  toAnomalyDto,
  toCarriedFileDto,
  toMigrationRunDto,
  toMismatchDto,
  toQuarantineDto,
  withReveal,
} from '@/lib/migration-dashboard/migration-dashboard.dto';
import { findRunFacetCounts, findRunPage } from '@/lib/migration-dashboard/migration-dashboard.repository';
import {
  listAnomaliesQuerySchema,
  listCarriedFilesQuerySchema,
  listMigrationRunsQuerySchema,
  listMismatchesQuerySchema,
  listQuarantineQuerySchema,
  type ListAnomaliesQuery,
  type ListCarriedFilesQuery,
  type ListMigrationRunsQuery,
  type ListMismatchesQuery,
  type ListQuarantineQuery,
} from '@/lib/migration-dashboard/migration-dashboard.schemas';
import {
  ANOMALY_GRID_SCOPE,
  CARRIED_FILE_GRID_SCOPE,
  MISMATCH_GRID_SCOPE,
  QUARANTINE_GRID_SCOPE,
  RUN_GRID_SCOPE,
} from '@/lib/migration-dashboard/migration-grids';
import { isFiltered, scopeSearchParams } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { findSavedViews } from '@/lib/saved-views/saved-view.service';
import { AnomaliesTable, AnomaliesToolbar } from './anomalies-table';
import { CarriedFilesTable, CarriedFilesToolbar } from './carried-files-table';
import { ChainDriftPanel } from './chain-drift-panel';
import { CutoverGateSlot } from './cutover-gate-slot';
import { formatBytes, formatCount, formatDuration } from './format';
import { MigrationProgress } from './migration-progress';
import { MismatchesTable, MismatchesToolbar } from './mismatches-table';
import { QuarantineTable, QuarantineToolbar } from './quarantine-table';
import { RunsTable, RunsToolbar } from './runs-table';
import { SourcesTable } from './sources-table';
import { VerifyNowForm } from './verify-now-form';

export const metadata: Metadata = { title: 'Migration' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const sum = (sources: MigrationSourceDto[], pick: (source: MigrationSourceDto) => number | null) =>
  sources.reduce((total, source) => total + (pick(source) ?? 0), 0);

const DEFAULT_RUN_COLUMNS = [...listMigrationRunsQuerySchema.parse({}).columns];
const DEFAULT_QUARANTINE_COLUMNS = [...listQuarantineQuerySchema.parse({}).columns];
const DEFAULT_ANOMALY_COLUMNS = [...listAnomaliesQuerySchema.parse({}).columns];
const DEFAULT_CARRIED_FILE_COLUMNS = [...listCarriedFilesQuerySchema.parse({}).columns];
const DEFAULT_MISMATCH_COLUMNS = [...listMismatchesQuerySchema.parse({}).columns];

export default async function MigrationPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const runsQuery = listMigrationRunsQuerySchema.safeParse(scopeSearchParams(params, RUN_GRID_SCOPE));
  const quarantineQuery = listQuarantineQuerySchema.safeParse(scopeSearchParams(params, QUARANTINE_GRID_SCOPE));
  const anomaliesQuery = listAnomaliesQuerySchema.safeParse(scopeSearchParams(params, ANOMALY_GRID_SCOPE));
  const carriedFilesQuery = listCarriedFilesQuerySchema.safeParse(scopeSearchParams(params, CARRIED_FILE_GRID_SCOPE));
  const mismatchesQuery = listMismatchesQuerySchema.safeParse(scopeSearchParams(params, MISMATCH_GRID_SCOPE));
  const page = await loadPage('migration:read', async ({ em, actor }) => ({
    dashboard: await loadMigrationDashboard(em),
    canRun: hasPermission(actor.role, 'migration:run'),
    canExport: hasPermission(actor.role, 'exports:create'),
    runCounts: await findRunFacetCounts(em.fork()),
    runViews: await findSavedViews(em.fork(), actor, { grid: 'migration-runs' }),
    quarantineViews: await findSavedViews(em.fork(), actor, { grid: 'migration-quarantine' }),
    mismatchViews: await findSavedViews(em.fork(), actor, { grid: 'migration-mismatches' }),
    anomalyViews: await findSavedViews(em.fork(), actor, { grid: 'migration-anomalies' }),
    carriedFileViews: await findSavedViews(em.fork(), actor, { grid: 'migration-carried-files' }),
    chainDrift: await findChainBlockDrift(em.fork()),
  }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { dashboard, canRun, canExport, runCounts, runViews, quarantineViews, mismatchViews, anomalyViews, carriedFileViews, chainDrift } = page.data;
  const { sources, anomalyCounts, quarantined, carriedFiles, job, legacyFolder } = dashboard;

  const validated = sources.filter((source) => source.state === 'validated' && source.rootHashesEqual).length;
  const lags = sources.flatMap((source) => (source.syncLagMs === null ? [] : [source.syncLagMs]));
  const cards = [
    { label: 'Sources validated', value: `${validated} / ${sources.length}` },
    { label: 'Mismatched records', value: formatCount(sum(sources, (source) => source.mismatched)) },
    { label: 'Quarantined · orphaned records', value: `${formatCount(quarantined)} · ${formatCount(sum(sources, (source) => source.orphaned))}` },
    { label: 'Largest sync lag', value: lags.length ? formatDuration(Math.max(...lags)) : '—' },
    { label: 'Drifted records', value: formatCount(sum(sources, (source) => source.driftCount)) },
  ];

  return (
    <>
      <PageHeader title="Migration" description="The legacy JSON files, their import into PostgreSQL, the checks and the cut-over." />
      <KpiGrid className="mb-4">
        {cards.map((card) => (
          <KpiCard key={card.label} label={card.label} value={card.value} testId="migration-card" />
        ))}
      </KpiGrid>

      <Card role="region" aria-label="Runs from the dashboard" className="mb-4 py-4">
        <CardContent className="flex flex-wrap items-start justify-between gap-4">
          <p className="flex min-w-0 items-start gap-2 text-sm">
            <FolderOpenIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
            {legacyFolder ? (
              <span className="min-w-0 break-all">
                Dashboard runs read <code className="font-mono text-xs">{legacyFolder.dir}</code> (
                {legacyFolder.origin === 'LEGACY_DATA_DIR' ? 'LEGACY_DATA_DIR' : 'the folder of the latest import'}).
              </span>
            ) : (
              <span>
                No legacy folder is known yet: set LEGACY_DATA_DIR, or import once with <code className="font-mono text-xs">npm run migrate -- --from DIR</code>
                .
              </span>
            )}
          </p>
          {canRun && legacyFolder && <VerifyNowForm isJobActive={job.active} />}
        </CardContent>
      </Card>
      <MigrationProgress key={job.progress?.jobId ?? (job.active ? 'active' : 'idle')} initial={job} />

      <Section id="sources" title="Sources">
        <SourcesTable sources={sources} canRun={canRun} folder={legacyFolder?.dir ?? null} />
      </Section>

      {/* The cut-over gate: its own panel, between the per-source states it depends on and the findings.
          Evaluating it reads several tables, so it streams in after the rest of the page. */}
      <Suspense fallback={<Skeleton role="status" aria-label="Loading the cut-over gate" className="mt-8 h-64 rounded-xl" />}>
        <CutoverGateSlot />
      </Suspense>

      <Section id="mismatches" title="Mismatches" description="Field differences that stand: the ones the latest run of each source found.">
        <div className="flex flex-col gap-3">
          <MismatchesToolbar
            counts={sources.filter((source) => source.mismatched > 0).map((source) => ({ source: source.source, count: source.mismatched }))}
            savedViews={mismatchViews}
            defaultColumns={DEFAULT_MISMATCH_COLUMNS}
            canExport={canExport}
          />
          {mismatchesQuery.success ? (
            <Suspense key={JSON.stringify(mismatchesQuery.data)} fallback={<DataTableSkeleton columns={7} rows={5} />}>
              <MismatchesGrid query={mismatchesQuery.data} />
            </Suspense>
          ) : (
            <p role="alert" className="text-sm text-destructive">
              This link’s mismatch filters are invalid ({mismatchesQuery.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}
              ). <Link href="/migration#mismatches">Show every difference</Link>
            </p>
          )}
        </div>
      </Section>

      <Section id="anomalies" title="Anomalies" description="Defects in the legacy files found by the latest import of each source, one row per record.">
        <div className="flex flex-col gap-3">
          <AnomaliesToolbar counts={anomalyCounts} savedViews={anomalyViews} defaultColumns={DEFAULT_ANOMALY_COLUMNS} canExport={canExport} />
          {anomaliesQuery.success ? (
            <Suspense key={JSON.stringify(anomaliesQuery.data)} fallback={<DataTableSkeleton columns={4} rows={5} />}>
              <AnomaliesGrid query={anomaliesQuery.data} />
            </Suspense>
          ) : (
            <p role="alert" className="text-sm text-destructive">
              This link’s anomaly filters are invalid ({anomaliesQuery.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}
              ). <Link href="/migration#anomalies">Show every anomaly</Link>
            </p>
          )}
        </div>
      </Section>

      <Section
        id="quarantine"
        title="Quarantine"
        description={`Records kept as read because they do not fit the table mapping: ${formatCount(quarantined)} from the latest import of each source.`}
      >
        <div className="flex flex-col gap-3">
          <QuarantineToolbar
            counts={sources.filter((source) => source.quarantined > 0).map((source) => ({ source: source.source, count: source.quarantined }))}
            savedViews={quarantineViews}
            defaultColumns={DEFAULT_QUARANTINE_COLUMNS}
          />
          {quarantineQuery.success ? (
            <Suspense key={JSON.stringify(quarantineQuery.data)} fallback={<DataTableSkeleton columns={5} rows={5} />}>
              <QuarantineGrid query={quarantineQuery.data} />
            </Suspense>
          ) : (
            <p role="alert" className="text-sm text-destructive">
              This link’s quarantine filters are invalid ({quarantineQuery.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}
              ). <Link href="/migration#quarantine">Show every record</Link>
            </p>
          )}
        </div>
      </Section>

      <Section
        id="carried-files"
        title="Files carried byte for byte"
        description={
          <>
            Legacy files no table models, kept in managed storage by the latest full import and written back by the rollback: {formatCount(carriedFiles.files)}{' '}
            files, {formatBytes(carriedFiles.bytes)}.
          </>
        }
      >
        <div className="flex flex-col gap-3">
          <CarriedFilesToolbar savedViews={carriedFileViews} defaultColumns={DEFAULT_CARRIED_FILE_COLUMNS} />
          {carriedFilesQuery.success ? (
            <Suspense key={JSON.stringify(carriedFilesQuery.data)} fallback={<DataTableSkeleton columns={5} rows={3} />}>
              <CarriedFilesGrid query={carriedFilesQuery.data} />
            </Suspense>
          ) : (
            <p role="alert" className="text-sm text-destructive">
              This link’s carried-file filters are invalid (
              {carriedFilesQuery.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}).{' '}
              <Link href="/migration#carried-files">Show every file</Link>
            </p>
          )}
        </div>
      </Section>

      <Section
        id="chain-drift"
        title="Chain drift"
        description={`Blocks the legacy chain file holds with another hash than the chain node: ${formatCount(chainDrift.total)}. The legacy row is kept; the chain's block is not stored over it.`}
      >
        <ChainDriftPanel drift={chainDrift} />
      </Section>

      <Section id="runs" title="Run history" description="Every run (imports, verifies, syncs, exports, rehearsals), newest first.">
        <div className="flex flex-col gap-3">
          <RunsToolbar counts={runCounts} savedViews={runViews} defaultColumns={DEFAULT_RUN_COLUMNS} canExport={canExport} />
          {runsQuery.success ? (
            <Suspense key={JSON.stringify(runsQuery.data)} fallback={<DataTableSkeleton columns={8} rows={5} />}>
              <RunsGrid query={runsQuery.data} />
            </Suspense>
          ) : (
            <p role="alert" className="text-sm text-destructive">
              This link’s run filters are invalid ({runsQuery.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}).{' '}
              <Link href="/migration#runs">Show every run</Link>
            </p>
          )}
        </div>
      </Section>
    </>
  );
}

async function RunsGrid({ query }: { query: ListMigrationRunsQuery }) {
  const result = await loadPage('migration:read', ({ em }) => findRunPage(em, query));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <RunsTable
      runs={rows.map(toMigrationRunDto)}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}

async function QuarantineGrid({ query }: { query: ListQuarantineQuery }) {
  const result = await loadPage('migration:read', ({ em }) => findQuarantinePage(em, query, DASHBOARD_LIMITS.quarantinePreviewChars));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <QuarantineTable
      rows={rows.map((row) => withReveal(toQuarantineDto(row), row, hasPermission(result.actor.role, 'users:reveal-pii')))}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}

async function MismatchesGrid({ query }: { query: ListMismatchesQuery }) {
  const result = await loadPage('migration:read', ({ em }) => findMismatchPage(em, query, DASHBOARD_LIMITS.mismatchValueChars));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <MismatchesTable
      rows={rows.map((row) => withReveal(toMismatchDto(row), row, hasPermission(result.actor.role, 'users:reveal-pii')))}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}

async function AnomaliesGrid({ query }: { query: ListAnomaliesQuery }) {
  const result = await loadPage('migration:read', ({ em }) => findAnomalyPage(em, query));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <AnomaliesTable
      rows={rows.map(toAnomalyDto)}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}

async function CarriedFilesGrid({ query }: { query: ListCarriedFilesQuery }) {
  const result = await loadPage('migration:read', ({ em }) => findCarriedFilePage(em, query));
  if (!result.allowed) return <AccessDenied message={result.message} />;
  const { rows, nextCursor, prevCursor, total } = result.data;
  return (
    <CarriedFilesTable
      rows={rows.map(toCarriedFileDto)}
      query={{ sort: query.sort, columns: query.columns, pageSize: query.pageSize, cursor: query.cursor }}
      page={{ nextCursor, prevCursor, total, filtered: isFiltered(query), pageSize: query.pageSize }}
    />
  );
}
