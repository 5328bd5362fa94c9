'use client';

import { DownloadIcon } from 'lucide-react';
import Link from 'next/link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { BulkAssetLine, BulkAssetPreview, BulkAssetReport, ReasonCount } from '@/lib/assets/bulk-asset-change';
import { bulkAssetReportCsv, bulkAssetReportFileName } from '@/lib/assets/bulk-asset-report-csv';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

const OUTCOME_VARIANT = { applied: 'success', skipped: 'outline', failed: 'destructive' } as const;

function Reasons({ title, reasons }: { title: string; reasons: ReasonCount[] }) {
  if (reasons.length === 0) return null;
  return (
    <div className="grid gap-1">
      <h3 className="text-sm font-medium">{title}</h3>
      <ul className="grid gap-0.5 text-sm text-muted-foreground">
        {reasons.map((reason) => (
          <li key={reason.reason}>
            <span className="font-mono text-foreground tabular-nums">{reason.count.toLocaleString('en')}</span> {reason.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Lines({ lines, caption }: { lines: BulkAssetLine[]; caption: string }) {
  return (
    // A scrolling region is reachable by keyboard (focusable, named) so its rows can be scrolled without a mouse.
    <div className="max-h-72 overflow-auto rounded-md border" tabIndex={0} role="region" aria-label={caption}>
      <Table>
        <TableCaption className="sr-only">{caption}</TableCaption>
        <TableHeader className="sticky top-0 bg-card">
          <TableRow>
            <TableHead>Asset</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead>Change or reason</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {lines.map((line, index) => (
            <TableRow key={`${line.id}-${index}`}>
              <TableCell className="max-w-64">
                <span dir="auto" className="block truncate font-medium">
                  {line.title || line.id}
                </span>
                <span className="block font-mono text-xs text-muted-foreground">{line.id}</span>
              </TableCell>
              <TableCell>
                <Badge variant={OUTCOME_VARIANT[line.outcome]}>{line.outcome}</Badge>
              </TableCell>
              <TableCell className="text-sm whitespace-normal">
                {line.outcome === 'applied' ? (
                  <span dir="auto">
                    {line.from || '—'} <span aria-hidden>→</span>
                    <span className="sr-only">to</span> {line.to}
                  </span>
                ) : (
                  line.reason
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** What the change would do: counts, the reasons rows would be skipped or fail, and the first rows of each kind. */
export function BulkPreviewSummary({ preview }: { preview: BulkAssetPreview }) {
  const skipped = preview.skipped.reduce((sum, reason) => sum + reason.count, 0);
  const failed = preview.failed.reduce((sum, reason) => sum + reason.count, 0);
  return (
    <div className="grid gap-4" data-testid="bulk-preview">
      <Alert variant={preview.willChange > 0 ? 'info' : 'warning'} role="status">
        <AlertTitle>
          {count(preview.willChange, 'asset will change', 'assets will change')}; {count(skipped, 'skipped', 'skipped')}
          {failed > 0 ? `; ${count(failed, 'would fail', 'would fail')}` : ''}
        </AlertTitle>
        <AlertDescription>
          <p>
            Of {count(preview.ids.length, 'asset', 'assets')} in scope. Each one is checked again as it is written, so the report can differ if someone changes
            them meanwhile.
          </p>
        </AlertDescription>
      </Alert>
      <Reasons title="Skipped" reasons={preview.skipped} />
      <Reasons title="Would fail" reasons={preview.failed} />
      {preview.sample.length > 0 && <Lines lines={preview.sample} caption="The first assets of each outcome" />}
    </div>
  );
}

function downloadCsv(report: BulkAssetReport, operation: string) {
  const blob = new Blob([bulkAssetReportCsv(report.lines)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = bulkAssetReportFileName(operation, report.correlationId);
  link.click();
  URL.revokeObjectURL(url);
}

const OUTCOME_ORDER = { failed: 0, skipped: 1, applied: 2 } as const;

/** The per-row report of an applied change (the exceptions first), with its CSV and the audit entry that names every row. */
export function BulkReport({ report, operation }: { report: BulkAssetReport; operation: string }) {
  const { applied, skipped, failed } = report.totals;
  const exceptionsFirst = [...report.lines].sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome]);
  return (
    <div className="grid gap-4" data-testid="bulk-report">
      <Alert variant={failed > 0 ? 'warning' : 'success'} role="status">
        <AlertTitle>
          {count(applied, 'asset changed', 'assets changed')}, {count(skipped, 'skipped', 'skipped')}, {count(failed, 'failed', 'failed')}
        </AlertTitle>
        <AlertDescription>
          <p>
            One audit entry names every row:{' '}
            <Link className="font-mono underline" href={`/audit?action=ASSET_BULK_CHANGE&q=${encodeURIComponent(`bulk:${report.correlationId}`)}`}>
              bulk:{report.correlationId.slice(0, 8)}
            </Link>
            .
          </p>
        </AlertDescription>
      </Alert>
      <Lines lines={exceptionsFirst} caption="Every asset of the change with its outcome" />
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => downloadCsv(report, operation)}>
          <DownloadIcon aria-hidden /> Download report (CSV)
        </Button>
      </div>
    </div>
  );
}
