'use client';

import { DownloadIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { applyBulkTierAction, previewBulkTierAction } from '@/app/(admin)/users/tier-actions';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { ActionResult } from '@/components/ui/action-result';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { NativeSelect } from '@/components/ui/native-select';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import type { BulkTierPreview } from '@/lib/users/bulk-tier-change';
import { TIER_REASON_MAX, TIER_REASON_MIN, TIERS, type BulkTierScope } from '@/lib/users/tier-change.schemas';
import type { TierChangeLine, TierChangeResult } from '@/lib/users/tier-change.service';
import { tierReportCsv, tierReportFileName } from '@/lib/users/tier-report-csv';

type Step = { kind: 'choose' } | { kind: 'preview'; tier: number; reason: string; preview: BulkTierPreview } | { kind: 'report'; report: TierChangeResult };

const payload = (input: unknown) => {
  const form = new FormData();
  form.set('payload', JSON.stringify(input));
  return form;
};

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const OUTCOME_VARIANT = { changed: 'success', unchanged: 'outline', 'not found': 'warning' } as const;

function Lines({ lines, caption }: { lines: TierChangeLine[]; caption: string }) {
  return (
    // A scrolling region is reachable by keyboard (focusable, named) so its rows can be scrolled without a mouse.
    <div className="max-h-72 overflow-auto rounded-md border" tabIndex={0} role="region" aria-label={caption}>
      <Table>
        <TableCaption className="sr-only">{caption}</TableCaption>
        <TableHeader className="sticky top-0 bg-card">
          <TableRow>
            <TableHead>Identity</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead>Tier</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {lines.map((line) => (
            <TableRow key={line.identityHash}>
              <TableCell className="font-mono text-xs" title={line.identityHash}>
                {line.identityHash.slice(0, 14)}…
              </TableCell>
              <TableCell>
                <Badge variant={OUTCOME_VARIANT[line.outcome]}>{line.outcome}</Badge>
              </TableCell>
              <TableCell className="tabular-nums">
                {line.from ?? '—'} <span aria-hidden>→</span>
                <span className="sr-only">to</span> {line.to}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function downloadReport(report: TierChangeResult) {
  const url = URL.createObjectURL(new Blob([tierReportCsv(report.lines)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = tierReportFileName(report.correlationId);
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * A tier change for many users, given as ticked identities (`{ ids }`) or a whole filter (`{ filter }`,
 * URL parameters): choose the tier and the reason, see what would change (and what is already at that
 * tier or gone), then apply it in one transaction and get the per-row report with its CSV. Nothing is
 * written before "Apply".
 */
export function BulkTierDialog({ scope, onClose }: { scope: BulkTierScope; onClose: () => void }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [failure, setFailure] = useState<ActionState<unknown> | null>(null);
  const [pending, startTransition] = useTransition();

  const preview = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const tier = Number(form.get('tier'));
    const reason = String(form.get('reason') ?? '').trim();
    if (reason.length < TIER_REASON_MIN) {
      setFailure({ ok: false, fieldErrors: { reason: [`Say why, in at least ${TIER_REASON_MIN} characters.`] } });
      return;
    }
    startTransition(async () => {
      const result = await previewBulkTierAction(undefined, payload({ scope, tier }));
      setFailure(result.ok ? null : result);
      if (result.ok && result.data) setStep({ kind: 'preview', tier, reason, preview: result.data });
    });
  };

  const apply = (tier: number, reason: string, ids: string[]) =>
    startTransition(async () => {
      const result = await applyBulkTierAction(undefined, payload({ ids, tier, reason }));
      setFailure(result.ok ? null : result);
      if (result.ok && result.data) {
        setStep({ kind: 'report', report: result.data });
        router.refresh();
      }
    });

  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Change tiers</DialogTitle>
          <DialogDescription>
            {'ids' in scope ? `${count(scope.ids.length, 'selected user', 'selected users')}.` : 'Every user matching the current filter.'}{' '}
            {step.kind === 'choose' && 'Nothing changes until you confirm the preview.'}
          </DialogDescription>
        </DialogHeader>

        {step.kind === 'choose' && (
          <form onSubmit={preview} className="grid gap-4" aria-label="Change tiers">
            <FormField label="New tier">
              <NativeSelect name="tier" defaultValue="1" className="w-full">
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>
                    Tier {tier}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField
              label="Reason"
              hint={`Kept in the audit trail with every row (at least ${TIER_REASON_MIN} characters).`}
              errors={failure?.fieldErrors?.reason}
            >
              <Textarea name="reason" required minLength={TIER_REASON_MIN} maxLength={TIER_REASON_MAX} rows={3} />
            </FormField>
            <ActionResult state={failure ?? undefined} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? 'Counting…' : 'Preview'}
              </Button>
            </DialogFooter>
          </form>
        )}

        {step.kind === 'preview' && (
          <div className="grid gap-4" data-testid="bulk-tier-preview">
            <Alert variant={step.preview.willChange > 0 ? 'info' : 'warning'} role="status">
              <AlertTitle>
                {count(step.preview.willChange, 'user will change', 'users will change')}; {step.preview.unchanged.toLocaleString('en')} already at tier{' '}
                {step.tier}
                {step.preview.notFound > 0 ? `; ${step.preview.notFound.toLocaleString('en')} not found` : ''}
              </AlertTitle>
              <AlertDescription>
                <p>All of them change in one transaction, or none does.</p>
              </AlertDescription>
            </Alert>
            {step.preview.sample.length > 0 && <Lines lines={step.preview.sample} caption="The first users of each outcome" />}
            <ActionResult state={failure ?? undefined} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setStep({ kind: 'choose' })} disabled={pending}>
                Back
              </Button>
              <Button type="button" disabled={pending || step.preview.willChange === 0} onClick={() => apply(step.tier, step.reason, step.preview.ids)}>
                {pending ? 'Applying…' : `Apply to ${count(step.preview.willChange, 'user', 'users')}`}
              </Button>
            </DialogFooter>
          </div>
        )}

        {step.kind === 'report' && (
          <div className="grid gap-4" data-testid="bulk-tier-report">
            <Alert variant="success" role="status">
              <AlertTitle>
                {count(step.report.totals.changed, 'tier changed', 'tiers changed')}, {step.report.totals.unchanged.toLocaleString('en')} already at that tier
              </AlertTitle>
              <AlertDescription>
                <p>
                  One audit entry names every row:{' '}
                  <Link className="font-mono underline" href={`/audit?action=TIER_BULK_CHANGE&q=${encodeURIComponent(`bulk:${step.report.correlationId}`)}`}>
                    bulk:{step.report.correlationId.slice(0, 8)}
                  </Link>
                  .
                </p>
              </AlertDescription>
            </Alert>
            <Lines lines={step.report.lines} caption="Every user of the change with its outcome" />
            <div>
              <Button type="button" variant="outline" size="sm" onClick={() => downloadReport(step.report)}>
                <DownloadIcon aria-hidden /> Download report (CSV)
              </Button>
            </div>
            <DialogFooter>
              <Button type="button" onClick={onClose}>
                Done
              </Button>
            </DialogFooter>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
