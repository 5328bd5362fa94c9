'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import { allowedTransitions, readStatus, TRANSITION_REASON_MIN, type AssetTransition, type StatusReading } from '@/lib/assets/asset-lifecycle';
import { AssetStatusBadge } from './asset-status-badge';
import { transitionAssetAction } from './asset-lifecycle-actions';

/** The lifecycle state, with the stored spelling when it is a legacy one (or one no vocabulary knows). */
export function AssetLifecycleBadge({ reading }: { reading: StatusReading }) {
  if (reading.state === null) {
    return (
      <span className="inline-flex items-center gap-1.5">
        <Badge variant="outline" className="font-mono">
          {reading.stored ?? 'no status'}
        </Badge>
        <span className="text-xs text-muted-foreground">not a status the lifecycle knows</span>
      </span>
    );
  }
  if (reading.state === 'archived') {
    return (
      <span className="inline-flex items-center gap-1.5">
        <Badge variant="secondary">archived</Badge>
        <span className="text-xs text-muted-foreground">stored as “{reading.stored}”</span>
      </span>
    );
  }
  return <AssetStatusBadge status={reading.state} statusLegacy={reading.isLegacySpelling ? reading.stored : null} />;
}

/**
 * An asset's status and the moves the lifecycle allows from it. Each move asks first, in a dialog that
 * says what it does; closing and archiving need a typed reason, which the audit trail keeps. The
 * server checks the same rules against the asset as stored now, so a stale page gets a conflict.
 */
export function AssetStatusControl({
  assetId,
  title,
  status,
  archivedAt,
  canWrite,
}: {
  assetId: string;
  title: string;
  status: string | null;
  archivedAt?: string | null;
  canWrite: boolean;
}) {
  const reading = readStatus({ status, archivedAt });
  const [chosen, setChosen] = useState<AssetTransition | null>(null);
  const transitions = canWrite ? allowedTransitions(reading.state) : [];
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="asset-status-control">
      <span className="text-sm text-muted-foreground">Status</span>
      <AssetLifecycleBadge reading={reading} />
      {transitions.map((transition) => (
        <Button
          key={transition.action}
          type="button"
          size="sm"
          variant="outline"
          className={transition.needsReason ? 'text-destructive hover:text-destructive' : undefined}
          onClick={() => setChosen(transition)}
        >
          {transition.label}
        </Button>
      ))}
      {chosen && (
        <TransitionDialog
          key={chosen.action}
          transition={chosen}
          assetId={assetId}
          title={title}
          reading={reading}
          archivedAt={archivedAt ?? ''}
          onClose={() => setChosen(null)}
        />
      )}
    </div>
  );
}

function TransitionDialog({
  transition,
  assetId,
  title,
  reading,
  archivedAt,
  onClose,
}: {
  transition: AssetTransition;
  assetId: string;
  title: string;
  reading: StatusReading;
  archivedAt: string;
  onClose: () => void;
}) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(async (previous: ActionState<unknown> | undefined, form: FormData) => {
    const result = await transitionAssetAction(undefined, form);
    if (result.ok) {
      toast.success(result.message);
      onClose();
      router.refresh();
    }
    return result;
  }, undefined);
  const danger = transition.needsReason;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form action={formAction} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>
              {transition.label} “<span dir="auto">{title}</span>”?
            </DialogTitle>
            <DialogDescription>
              {transition.consequence} It goes from <strong>{reading.state}</strong> to <strong>{transition.to}</strong>.
            </DialogDescription>
          </DialogHeader>
          <input type="hidden" name="id" value={assetId} />
          <input type="hidden" name="action" value={transition.action} />
          <input type="hidden" name="loadedStatus" value={reading.stored ?? ''} />
          <input type="hidden" name="loadedArchivedAt" value={archivedAt} />
          {transition.needsReason && (
            <FormField
              label="Reason"
              hint={`Kept in the audit trail with this change (at least ${TRANSITION_REASON_MIN} characters).`}
              errors={state?.fieldErrors?.reason}
            >
              <Textarea name="reason" required minLength={TRANSITION_REASON_MIN} maxLength={500} rows={3} />
            </FormField>
          )}
          {state && !state.ok && state.message && (
            <p role="alert" className="text-sm text-destructive">
              {state.message}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant={danger ? 'destructive' : 'default'} disabled={pending}>
              {pending ? 'Working…' : transition.label}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
