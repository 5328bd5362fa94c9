'use client';

import { UploadIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition, type DragEvent } from 'react';
import { applyTierImportAction, dryRunTierImportAction } from '@/app/(admin)/users/tier-actions';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/utils';
import {
  OUTCOME_LABELS,
  TIER_IMPORT_MAX_BYTES,
  TIER_IMPORT_OUTCOMES,
  type TierImportDryRun,
  type TierImportOutcome,
  type TierImportResult,
} from '@/lib/users/tier-import.dto';

const PAGE_ROWS = 100;
const OUTCOME_VARIANT: Record<TierImportOutcome, 'success' | 'outline' | 'warning' | 'destructive'> = {
  will_change: 'success',
  no_change: 'outline',
  unknown_user: 'warning',
  ambiguous: 'warning',
  bad_tier: 'destructive',
  duplicate: 'warning',
  invalid: 'destructive',
};

type Shown = { kind: 'dry-run'; dryRun: TierImportDryRun } | { kind: 'applied'; result: TierImportResult };

/**
 * The CSV import of tier updates: choose or drop a file, see the dry run (every row's outcome with its
 * reason, counted per outcome and filterable), then apply it (after a confirmation) all or nothing.
 * The file is sent again on apply with the dry run's SHA-256, so the server applies exactly the file
 * the admin looked at.
 */
export function TierImportForm() {
  const router = useRouter();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<TierImportOutcome | 'all'>('all');
  const [visible, setVisible] = useState(PAGE_ROWS);
  const [dragging, setDragging] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  const choose = (chosen: File | undefined) => {
    setShown(null);
    setFilter('all');
    setVisible(PAGE_ROWS);
    if (!chosen) return;
    if (chosen.size > TIER_IMPORT_MAX_BYTES) {
      setFile(null);
      setError(`${chosen.name} is ${(chosen.size / 1024 / 1024).toFixed(1)} MB; an import takes at most 10 MB. Split it into smaller files.`);
      return;
    }
    setError(null);
    setFile(chosen);
    const form = new FormData();
    form.set('file', chosen);
    startTransition(async () => {
      const result = await dryRunTierImportAction(undefined, form);
      if (!result.ok || !result.data) {
        setError(result.message ?? result.fieldErrors?.file?.[0] ?? 'The dry run failed.');
        return;
      }
      setShown({ kind: 'dry-run', dryRun: result.data });
    });
  };

  const apply = (dryRun: TierImportDryRun) => {
    if (!file) return;
    const form = new FormData();
    form.set('file', file);
    form.set('sha256', dryRun.sha256);
    form.set('willChange', String(dryRun.counts.will_change));
    startTransition(async () => {
      const result = await applyTierImportAction(undefined, form);
      setConfirming(false);
      if (!result.ok || !result.data) {
        setError(result.message ?? 'The import failed; nothing was changed.');
        return;
      }
      setError(null);
      setShown({ kind: 'applied', result: result.data });
      router.refresh();
    });
  };

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  const data = shown?.kind === 'dry-run' ? shown.dryRun : shown?.result;
  const lines = data ? data.lines.filter((line) => filter === 'all' || line.outcome === filter) : [];

  return (
    <div className="grid gap-6">
      <label
        htmlFor={inputId}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="tier-import-drop"
        className={cn(
          'grid cursor-pointer place-items-center gap-2 rounded-lg border-2 border-dashed p-8 text-center text-sm text-muted-foreground transition-colors focus-within:ring-2 focus-within:ring-ring',
          dragging && 'border-primary bg-primary/5',
        )}
      >
        <UploadIcon aria-hidden className="size-6" />
        <span className="font-medium text-foreground">Drop a CSV file here, or choose one</span>
        <span>
          Columns: identity hash, wallet address or phone (or one &quot;user&quot; column); tier (0–5); reason. Comma or semicolon, up to 10 MB and 50,000 rows.
        </span>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          aria-label="CSV file of tier updates"
          disabled={pending}
          onChange={(event) => {
            choose(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </label>

      {pending && !confirming && (
        <p role="status" className="text-sm text-muted-foreground">
          {shown ? 'Applying…' : `Checking ${file?.name ?? 'the file'}…`}
        </p>
      )}
      {error && (
        <Alert variant="destructive" role="alert">
          <AlertTitle>Not imported</AlertTitle>
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}

      {data && (
        <div className="grid gap-4" data-testid={shown?.kind === 'applied' ? 'tier-import-result' : 'tier-import-dry-run'}>
          {shown?.kind === 'applied' ? (
            <Alert variant="success" role="status">
              <AlertTitle>
                {shown.result.changed.toLocaleString('en')} {shown.result.changed === 1 ? 'tier' : 'tiers'} changed from {shown.result.fileName}
              </AlertTitle>
              <AlertDescription>
                <p>
                  Stored with the file&apos;s SHA-256 <code className="font-mono text-xs">{shown.result.sha256.slice(0, 16)}…</code>; one audit entry names
                  every row:{' '}
                  <Link className="font-mono underline" href={`/audit?action=TIER_IMPORT&q=${encodeURIComponent(`import:${shown.result.id}`)}`}>
                    import:{shown.result.id.slice(0, 8)}
                  </Link>
                  .
                </p>
              </AlertDescription>
            </Alert>
          ) : (
            <Alert variant={data.counts.will_change > 0 ? 'info' : 'warning'} role="status">
              <AlertTitle>
                Dry run of {data.fileName}: {data.counts.will_change.toLocaleString('en')} of {data.rowCount.toLocaleString('en')} rows will change a tier
              </AlertTitle>
              <AlertDescription>
                <p>Nothing is written yet. Applying changes exactly the &quot;will change&quot; rows, all in one transaction, or none of them.</p>
              </AlertDescription>
            </Alert>
          )}

          <div className="flex flex-wrap gap-2" role="group" aria-label="Show rows by outcome">
            <Button type="button" size="sm" variant={filter === 'all' ? 'default' : 'outline'} aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
              All {data.rowCount.toLocaleString('en')}
            </Button>
            {TIER_IMPORT_OUTCOMES.filter((outcome) => data.counts[outcome] > 0).map((outcome) => (
              <Button
                key={outcome}
                type="button"
                size="sm"
                variant={filter === outcome ? 'default' : 'outline'}
                aria-pressed={filter === outcome}
                onClick={() => {
                  setFilter(outcome);
                  setVisible(PAGE_ROWS);
                }}
              >
                {OUTCOME_LABELS[outcome]} {data.counts[outcome].toLocaleString('en')}
              </Button>
            ))}
          </div>

          <div className="max-h-[32rem] overflow-auto rounded-md border" tabIndex={0} role="region" aria-label="Rows of the file with their outcome">
            <Table>
              <TableCaption className="sr-only">Every row of the file with its outcome and reason</TableCaption>
              <TableHeader className="sticky top-0 bg-card">
                <TableRow>
                  <TableHead className="w-16">Row</TableHead>
                  <TableHead>User</TableHead>
                  <TableHead>Outcome</TableHead>
                  <TableHead>Tier</TableHead>
                  <TableHead>Reason</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {lines.length === 0 ? (
                  <TableRow>
                    <TableCell colSpan={5} className="py-8 text-center text-muted-foreground">
                      No rows with this outcome.
                    </TableCell>
                  </TableRow>
                ) : (
                  lines.slice(0, visible).map((line) => (
                    <TableRow key={line.row} data-row={line.row}>
                      <TableCell className="tabular-nums">{line.row}</TableCell>
                      <TableCell className="max-w-56 truncate font-mono text-xs" title={line.user}>
                        {line.user || '—'}
                      </TableCell>
                      <TableCell>
                        <Badge variant={OUTCOME_VARIANT[line.outcome]}>{OUTCOME_LABELS[line.outcome]}</Badge>
                      </TableCell>
                      <TableCell className="tabular-nums">{line.to === null ? '—' : `${line.from ?? '—'} → ${line.to}`}</TableCell>
                      <TableCell className="text-sm whitespace-normal" dir="auto">
                        {line.reason}
                      </TableCell>
                    </TableRow>
                  ))
                )}
              </TableBody>
            </Table>
          </div>
          {lines.length > visible && (
            <div>
              <Button type="button" variant="outline" size="sm" onClick={() => setVisible((count) => count + PAGE_ROWS)}>
                Show {Math.min(PAGE_ROWS, lines.length - visible)} more of {(lines.length - visible).toLocaleString('en')}
              </Button>
            </div>
          )}

          {shown?.kind === 'dry-run' && (
            <AlertDialog open={confirming} onOpenChange={(open) => !pending && setConfirming(open)}>
              <AlertDialogTrigger asChild>
                <Button type="button" className="justify-self-start" disabled={pending || data.counts.will_change === 0}>
                  Apply {data.counts.will_change.toLocaleString('en')} tier {data.counts.will_change === 1 ? 'change' : 'changes'}
                </Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogHeader>
                  <AlertDialogTitle>Apply this import?</AlertDialogTitle>
                  <AlertDialogDescription>
                    {data.counts.will_change.toLocaleString('en')} users get a new tier, written to the identity map and the wallet directory in one
                    transaction; the other {(data.rowCount - data.counts.will_change).toLocaleString('en')} rows are left alone. The file&apos;s SHA-256 and
                    every row&apos;s result are kept and audited.
                  </AlertDialogDescription>
                </AlertDialogHeader>
                <AlertDialogFooter>
                  <AlertDialogCancel type="button" disabled={pending}>
                    Cancel
                  </AlertDialogCancel>
                  <Button type="button" onClick={() => apply(shown.dryRun)} disabled={pending}>
                    {pending ? 'Applying…' : 'Apply'}
                  </Button>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          )}
        </div>
      )}
    </div>
  );
}
