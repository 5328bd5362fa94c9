'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { toast } from 'sonner';
import { changeTierAction } from '@/app/(admin)/users/tier-actions';
import { ActionResult } from '@/components/ui/action-result';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import { TIER_REASON_MAX, TIER_REASON_MIN, TIERS } from '@/lib/users/tier-change.schemas';
import type { PageTierChange } from '@/lib/users/tier-change.service';

type Draft = { tier: number; reason: string };

/**
 * Changes one user's tier: choose the tier and say why, confirm, and the server action (users:write)
 * writes it where the platform keeps tiers, audited with the reason. Mounted on the user page; it names the
 * person by the identity id, so the hash never reaches the browser. `onChanged` hears the result.
 */
export function ChangeTierDialog({
  identityId,
  currentTier,
  label = 'Change tier',
  onChanged,
}: {
  identityId: string;
  currentTier: number | null;
  label?: string;
  onChanged?: (line: PageTierChange) => void;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<ActionState<unknown> | null>(null);
  const [pending, startTransition] = useTransition();

  const reset = (next: boolean) => {
    if (pending) return;
    setOpen(next);
    setDraft(null);
    setFailure(null);
  };

  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reason = String(form.get('reason') ?? '').trim();
    if (reason.length < TIER_REASON_MIN) {
      setFailure({ ok: false, fieldErrors: { reason: [`Say why, in at least ${TIER_REASON_MIN} characters.`] } });
      return;
    }
    setFailure(null);
    setDraft({ tier: Number(form.get('tier')), reason });
  };

  const confirm = (chosen: Draft) =>
    startTransition(async () => {
      const form = new FormData();
      form.set('identityId', identityId);
      form.set('tier', String(chosen.tier));
      form.set('reason', chosen.reason);
      const result = await changeTierAction(undefined, form);
      if (!result.ok || !result.data) {
        setFailure(result);
        setDraft(null);
        return;
      }
      toast.success(result.message ?? 'Tier changed.');
      onChanged?.(result.data);
      setOpen(false);
      setDraft(null);
      router.refresh();
    });

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline">
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Change tier</DialogTitle>
          <DialogDescription>
            Now {currentTier === null ? 'no tier' : `tier ${currentTier}`}. The change is written to the identity map and the wallet directory and kept in the
            audit trail with your reason.
          </DialogDescription>
        </DialogHeader>
        {draft === null ? (
          <form onSubmit={review} className="grid gap-4" aria-label="Change tier">
            <FormField label="New tier" errors={failure?.fieldErrors?.tier}>
              <NativeSelect name="tier" defaultValue={String(currentTier === null ? 0 : (currentTier + 1) % TIERS.length)} className="w-full">
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>
                    Tier {tier}
                    {tier === currentTier ? ' (current)' : ''}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField label="Reason" hint={`At least ${TIER_REASON_MIN} characters, kept in the audit trail.`} errors={failure?.fieldErrors?.reason}>
              <Textarea name="reason" required minLength={TIER_REASON_MIN} maxLength={TIER_REASON_MAX} rows={3} />
            </FormField>
            <ActionResult state={failure ?? undefined} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => reset(false)}>
                Cancel
              </Button>
              <Button type="submit">Review</Button>
            </DialogFooter>
          </form>
        ) : (
          <div className="grid gap-4">
            <p role="status" className="text-sm">
              Change the tier from <strong>{currentTier === null ? 'none' : currentTier}</strong> to <strong>{draft.tier}</strong>?
              <span className="mt-1 block text-muted-foreground">Reason: {draft.reason}</span>
            </p>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setDraft(null)} disabled={pending}>
                Back
              </Button>
              <Button type="button" onClick={() => confirm(draft)} disabled={pending}>
                {pending ? 'Changing…' : `Change to tier ${draft.tier}`}
              </Button>
            </DialogFooter>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
