'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import { TRANSITION_REASON_MIN } from '@/lib/assets/asset-lifecycle';
import type { BulkAssetPreview, BulkAssetReport } from '@/lib/assets/bulk-asset-change';
import type { BulkAssetOperation, BulkAssetScope } from '@/lib/assets/bulk-asset-change.schemas';
import { applyBulkAssetChangeAction, previewBulkAssetChangeAction } from './asset-lifecycle-actions';
import { BulkPreviewSummary, BulkReport } from './asset-bulk-report';

export type BulkOperationName = BulkAssetOperation['operation'];

const TITLES: Record<BulkOperationName, string> = {
  status: 'Change status',
  category: 'Change category',
  minTier: 'Set minimum tier',
  archive: 'Archive assets',
};

const STATUS_CHOICES = [
  { value: 'active', label: 'Active (resume paused assets)' },
  { value: 'paused', label: 'Paused (stop new investments)' },
  { value: 'closed', label: 'Closed (for good; needs a reason)' },
] as const;

type Step = { kind: 'choose' } | { kind: 'preview'; change: BulkAssetOperation; preview: BulkAssetPreview } | { kind: 'report'; report: BulkAssetReport };

const payload = (input: unknown) => {
  const form = new FormData();
  form.set('payload', JSON.stringify(input));
  return form;
};

/** The change the form describes, as the schema names it (the server validates it again). */
function changeFrom(operation: BulkOperationName, form: FormData): BulkAssetOperation {
  const text = (name: string) => String(form.get(name) ?? '');
  switch (operation) {
    case 'status':
      return { operation, status: text('status') as 'active' | 'paused' | 'closed', reason: text('reason') || undefined };
    case 'category':
      return { operation, category: text('category') };
    case 'minTier':
      return { operation, minTier: Number(text('minTier')) };
    case 'archive':
      return { operation, reason: text('reason') };
  }
}

/**
 * One bulk change in three steps: say what to change, see what it would do (how many change, how many
 * are skipped or would fail and why), then apply it and get the per-row report with its CSV. Nothing
 * is written before "Apply"; each row is checked again when it is written.
 */
export function BulkChangeDialog({ operation, scope, onClose }: { operation: BulkOperationName; scope: BulkAssetScope; onClose: () => void }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [status, setStatus] = useState<string>('paused');
  const [failure, setFailure] = useState<ActionState<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  const needsReason = operation === 'archive' || (operation === 'status' && status === 'closed');
  const reasonErrors = failure?.fieldErrors?.change ?? failure?.fieldErrors?.reason;

  const preview = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const change = changeFrom(operation, new FormData(event.currentTarget));
    startTransition(async () => {
      const result = await previewBulkAssetChangeAction(undefined, payload({ scope, change }));
      setFailure(result.ok ? null : result);
      if (result.ok && result.data) setStep({ kind: 'preview', change, preview: result.data });
    });
  };

  const apply = (change: BulkAssetOperation, ids: string[]) =>
    startTransition(async () => {
      const result = await applyBulkAssetChangeAction(undefined, payload({ ids, change }));
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
          <DialogTitle>{TITLES[operation]}</DialogTitle>
          <DialogDescription>
            {scope.kind === 'rows'
              ? `${scope.ids.length} selected ${scope.ids.length === 1 ? 'asset' : 'assets'}.`
              : 'Every asset matching the current filter and search.'}{' '}
            {step.kind === 'choose' && 'Nothing changes until you confirm the preview.'}
          </DialogDescription>
        </DialogHeader>

        {step.kind === 'choose' && (
          <form onSubmit={preview} className="grid gap-4" aria-label={TITLES[operation]}>
            {operation === 'status' && (
              <FormField label="New status" hint="Each asset moves only if the lifecycle allows it from where it is; the others are skipped and reported.">
                <NativeSelect name="status" value={status} onChange={(event) => setStatus(event.target.value)} className="w-full">
                  {STATUS_CHOICES.map((choice) => (
                    <option key={choice.value} value={choice.value}>
                      {choice.label}
                    </option>
                  ))}
                </NativeSelect>
              </FormField>
            )}
            {operation === 'category' && (
              <FormField label="New category" errors={failure?.fieldErrors?.change}>
                <Input name="category" required maxLength={100} dir="auto" autoComplete="off" />
              </FormField>
            )}
            {operation === 'minTier' && (
              <FormField label="Minimum tier" hint="The KYC tier an investor needs to invest (0 = anyone).">
                <NativeSelect name="minTier" defaultValue="1" className="w-full">
                  {[0, 1, 2, 3, 4, 5].map((tier) => (
                    <option key={tier} value={tier}>
                      Tier {tier}
                    </option>
                  ))}
                </NativeSelect>
              </FormField>
            )}
            {operation === 'archive' && (
              <p className="text-sm text-muted-foreground">
                Only drafts and closed assets are archived (the others are skipped). They keep their status for the legacy API and are no longer changed by bulk
                actions.
              </p>
            )}
            {needsReason && (
              <FormField label="Reason" hint={`Kept in the audit trail with every row (at least ${TRANSITION_REASON_MIN} characters).`} errors={reasonErrors}>
                <Textarea name="reason" required minLength={TRANSITION_REASON_MIN} maxLength={500} rows={3} />
              </FormField>
            )}
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
          <div className="grid gap-4">
            <BulkPreviewSummary preview={step.preview} />
            <ActionResult state={failure ?? undefined} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setStep({ kind: 'choose' })} disabled={pending}>
                Back
              </Button>
              <Button
                type="button"
                variant={needsReason ? 'destructive' : 'default'}
                disabled={pending || step.preview.willChange === 0}
                onClick={() => apply(step.change, step.preview.ids)}
              >
                {pending ? 'Applying…' : `Apply to ${step.preview.willChange.toLocaleString('en')} ${step.preview.willChange === 1 ? 'asset' : 'assets'}`}
              </Button>
            </DialogFooter>
          </div>
        )}

        {step.kind === 'report' && (
          <div className="grid gap-4">
            <BulkReport report={step.report} operation={operation} />
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
