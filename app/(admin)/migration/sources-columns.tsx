'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-action';
import type { MigrationSourceDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { cn } from '@/lib/utils';
import { reimportSourceAction } from './actions';
import { Count, StateBadge } from './cells';
import { formatBytes, formatDuration } from './format';
import { HashValue } from './hash-value';
import { formatUtcStamp } from '@/lib/display-time';

const muted = 'text-xs text-muted-foreground';
const stack = 'grid justify-items-start gap-0.5';

function SourceCell({ row }: { row: MigrationSourceDto }) {
  return (
    <div className={cn(stack, 'max-w-56 min-w-40')}>
      <strong>{row.source}</strong>
      <span className={cn(muted, '[overflow-wrap:anywhere]')}>
        {row.relativePath}
        {row.sizeBytes !== null && ` · ${formatBytes(row.sizeBytes)}`}
      </span>
      {row.fileExists === false && <Badge variant="warning">file missing</Badge>}
      {row.sha256 && (
        <span className="whitespace-nowrap">
          <span className={muted}>sha256 </span>
          <HashValue value={row.sha256} label={`SHA-256 of ${row.relativePath}`} />
        </span>
      )}
      {row.error && (
        <span className="text-sm text-destructive" role="note">
          {row.error}
        </span>
      )}
    </div>
  );
}

function RootHashes({ row }: { row: MigrationSourceDto }) {
  if (!row.rootHash) return <span className={muted}>not imported</span>;
  return (
    <div className={stack}>
      <span className="whitespace-nowrap">
        <span className={muted}>file </span>
        <HashValue value={row.rootHash} label={`source root hash of ${row.source}`} />
      </span>
      <span className="whitespace-nowrap">
        <span className={muted}>db </span>
        {row.dbRootHash ? <HashValue value={row.dbRootHash} label={`database root hash of ${row.source}`} /> : <span className={muted}>not verified</span>}
      </span>
      {row.rootHashesEqual !== null && (
        <span className={`badge ${row.rootHashesEqual ? 'ok' : 'danger'}`} data-testid="root-hash-comparison">
          {row.rootHashesEqual ? 'equal' : 'different'}
        </span>
      )}
    </div>
  );
}

function VerifiedCell({ row }: { row: MigrationSourceDto }) {
  const { verifiedAt, verifiedBy, importMs, verifyMs } = row;
  if (!verifiedAt) return <span className={muted}>never</span>;
  const timing = [importMs !== null && `import ${formatDuration(importMs)}`, verifyMs !== null && `verify ${formatDuration(verifyMs)}`]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className={cn(stack, 'max-w-48 min-w-36')} title={timing || undefined}>
      <time dateTime={verifiedAt} className="font-mono text-xs whitespace-nowrap" title={formatUtcStamp(verifiedAt)}>
        {formatUtcStamp(verifiedAt).slice(0, 16)}
      </time>
      <span className={cn(muted, 'break-words')}>by {verifiedBy ?? 'unknown'}</span>
    </div>
  );
}

function SyncCell({ row }: { row: MigrationSourceDto }) {
  return (
    <div className={cn(stack, 'whitespace-nowrap')}>
      <span title={row.lastSyncedAt ? `last synced ${formatUtcStamp(row.lastSyncedAt)}` : 'never synced'}>
        <span className={muted}>lag </span>
        {row.syncLagMs === null ? '—' : formatDuration(row.syncLagMs)}
      </span>
      <span title={row.driftCheckedAt ? `drift checked ${formatUtcStamp(row.driftCheckedAt)}` : 'drift never checked'}>
        <span className={muted}>drift </span>
        {row.driftCount === null ? '—' : <Badge variant={row.driftCount === 0 ? 'success' : 'warning'}>{row.driftCount}</Badge>}
      </span>
      {row.driftKeys.length > 0 && (
        <details>
          <summary className={muted}>drifted keys</summary>
          <pre className="mt-1 max-h-40 overflow-auto rounded-md bg-muted p-2 font-mono text-xs">{row.driftKeys.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}

/** Narrow count headers; the full word is the abbreviation's title. */
function Short({ full, short }: { full: string; short: string }) {
  return <abbr title={full}>{short}</abbr>;
}

export function sourceColumns({ canRun, folder }: { canRun: boolean; folder: string | null }): ColumnDef<MigrationSourceDto>[] {
  const columns: ColumnDef<MigrationSourceDto>[] = [
    { accessorKey: 'source', header: 'Source · file', cell: ({ row }) => <SourceCell row={row.original} /> },
    {
      accessorKey: 'state',
      header: 'State',
      cell: ({ row }) => <StateBadge state={row.original.state} title={row.original.error ?? undefined} />,
    },
    { accessorKey: 'read', header: 'Read', cell: ({ row }) => <Count value={row.original.read} /> },
    { accessorKey: 'written', header: 'Written', cell: ({ row }) => <Count value={row.original.written} /> },
    {
      accessorKey: 'quarantined',
      header: () => <Short full="Quarantined" short="Quar." />,
      cell: ({ row }) => <Count value={row.original.quarantined} href="#quarantine" />,
    },
    {
      accessorKey: 'orphaned',
      header: () => <Short full="Orphaned" short="Orph." />,
      cell: ({ row }) => <Count value={row.original.orphaned} href="#anomalies" />,
    },
    {
      accessorKey: 'mismatched',
      header: () => <Short full="Mismatched" short="Mism." />,
      cell: ({ row }) => <Count value={row.original.mismatched} href={`?mismatches.source=${row.original.source}#mismatches`} />,
    },
    {
      id: 'rootHashes',
      header: 'Root hash file · db',
      accessorFn: (row) => (row.rootHashesEqual === null ? 2 : row.rootHashesEqual ? 1 : 0),
      cell: ({ row }) => <RootHashes row={row.original} />,
    },
    { accessorKey: 'verifiedAt', header: 'Verified (UTC)', cell: ({ row }) => <VerifiedCell row={row.original} /> },
    { id: 'sync', header: 'Sync', accessorFn: (row) => row.driftCount ?? -1, cell: ({ row }) => <SyncCell row={row.original} /> },
  ];
  if (!canRun) return columns;
  return [
    ...columns,
    {
      id: 'actions',
      header: 'Actions',
      enableSorting: false,
      cell: ({ row }) => (
        // Wide enough for the button label on one line; the dialog inside keeps normal wrapping.
        <div className="min-w-27">
          <ConfirmAction
            action={reimportSourceAction}
            fields={{ source: row.original.source }}
            label="Re-import"
            title={`Re-import ${row.original.source}?`}
            description={
              <>
                Reads <code>{row.original.relativePath}</code> again from <code>{folder ?? 'the legacy folder'}</code>, backs up the folder, writes its records
                to PostgreSQL (upserts on the legacy key, so unchanged records stay as they are) and verifies every record. Other sources are not touched.
                Progress is shown on this page.
              </>
            }
            confirmLabel="Re-import"
          />
        </div>
      ),
    },
  ];
}
