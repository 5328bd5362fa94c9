import { DownloadIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ExportJobDto } from '@/lib/exports/export-job.dto';
import { EXPORT_FORMAT_LABELS } from '@/lib/exports/export.schemas';
import { formatUtcStamp } from '@/lib/display-time';

const STATE_VARIANTS = {
  queued: 'secondary',
  running: 'secondary',
  completed: 'success',
  failed: 'destructive',
  cancelled: 'warning',
  expired: 'outline',
} as const;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Recorded exports: when, who, what (grid, filter, columns, format), the outcome and the file's SHA-256. */
export function ExportJobsTable({ jobs, showRequester }: { jobs: ExportJobDto[]; showRequester: boolean }) {
  return (
    <Table data-testid="export-jobs">
      <caption className="sr-only">Recorded exports, newest first</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Started</TableHead>
          {showRequester && <TableHead>By</TableHead>}
          <TableHead>Grid · filter</TableHead>
          <TableHead>Format</TableHead>
          <TableHead className="text-right">Rows</TableHead>
          <TableHead className="text-right">Size</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Job · SHA-256</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {jobs.length === 0 ? (
          <TableRow>
            <TableCell colSpan={showRequester ? 8 : 7} className="py-10 text-center text-muted-foreground">
              No exports yet. A grid’s Export menu downloads what it shows, and the export is recorded here.
            </TableCell>
          </TableRow>
        ) : (
          jobs.map((job) => (
            <TableRow key={job.id} data-testid="export-job">
              <TableCell className="font-mono text-xs whitespace-nowrap">{formatUtcStamp(job.startedAt)}</TableCell>
              {showRequester && <TableCell>{job.requestedBy}</TableCell>}
              <TableCell className="max-w-md">
                <span className="font-medium">{job.gridTitle}</span>
                <span className="block text-xs break-words text-muted-foreground" dir="auto">
                  {job.filterText}
                </span>
                {job.unmaskedPii && (
                  <Badge variant="destructive" className="mt-1" data-testid="export-unmasked-pii">
                    Unmasked phone numbers
                  </Badge>
                )}
                {job.reason && <span className="block text-xs">Reason: {job.reason}</span>}
              </TableCell>
              <TableCell>{EXPORT_FORMAT_LABELS[job.format]}</TableCell>
              <TableCell className="text-right tabular-nums">
                {job.state === 'running' || job.state === 'queued' ? <ExportProgress job={job} /> : (job.rowCount?.toLocaleString('en-US') ?? '—')}
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{job.sizeBytes === null ? '—' : formatBytes(job.sizeBytes)}</TableCell>
              <TableCell>
                <Badge variant={STATE_VARIANTS[job.state]} data-testid="export-state">
                  {job.state}
                </Badge>
                {job.hasFile && (
                  <a
                    href={`/api/exports/jobs/${job.id}/file`}
                    download
                    className="mt-1 flex items-center gap-1 text-xs whitespace-nowrap underline"
                    data-testid="export-download"
                  >
                    <DownloadIcon aria-hidden className="size-3" /> Download
                  </a>
                )}
                {job.hasFile && job.expiresAt && (
                  <span className="block text-xs whitespace-nowrap text-muted-foreground">kept until {job.expiresAt.slice(0, 10)}</span>
                )}
                {job.state === 'expired' && <span className="block text-xs text-muted-foreground">file deleted (retention)</span>}
              </TableCell>
              <TableCell>
                <code className="block font-mono text-xs">{job.id}</code>
                <code className="block max-w-[18rem] font-mono text-xs break-all text-muted-foreground" data-testid="export-sha256">
                  {job.sha256 ?? '—'}
                </code>
              </TableCell>
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}

/** Rows written of the rows the grid counted, as the job runner last reported them. */
function ExportProgress({ job }: { job: ExportJobDto }) {
  const written = job.progressRows.toLocaleString('en-US');
  if (job.state === 'queued') return <span className="text-muted-foreground">queued</span>;
  return (
    <span className="flex flex-col items-end gap-1" data-testid="export-progress">
      <span>
        {written}
        {job.expectedRows !== null && ` / ${job.expectedRows.toLocaleString('en-US')}`}
      </span>
      {job.expectedRows !== null && (
        <progress className="h-1.5 w-24" max={job.expectedRows} value={Math.min(job.progressRows, job.expectedRows)} aria-label="Rows written" />
      )}
    </span>
  );
}
