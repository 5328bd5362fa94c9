'use client';

import { useActionState, useEffect, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import { ACCESS_REASON_MAX, ACCESS_REASON_MIN, REVEAL_VISIBLE_SECONDS } from '@/lib/users/user-page.schemas';

type RevealAction<Data> = (previous: ActionState<Data> | undefined, form: FormData) => Promise<ActionState<Data>>;

/**
 * The one way personal data is revealed: a dialog that asks why (the action records the reason in the
 * audit trail) and hands the decrypted data to `onRevealed`, which keeps it in component state only.
 */
export function RevealReasonDialog<Data>({
  title,
  description,
  reasonHint,
  fields,
  action,
  onRevealed,
  onClose,
}: {
  title: string;
  description: ReactNode;
  reasonHint: string;
  /** Hidden form fields naming what is revealed. */
  fields: Record<string, string>;
  action: RevealAction<Data>;
  onRevealed: (data: Data) => void;
  onClose: () => void;
}) {
  const [state, formAction, pending] = useActionState(async (previous: ActionState<Data> | undefined, form: FormData) => {
    const result = await action(previous, form);
    if (result.ok && result.data) onRevealed(result.data);
    return result;
  }, undefined);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form action={formAction} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <FormField label="Reason" hint={`${reasonHint} (at least ${ACCESS_REASON_MIN} characters).`} errors={state?.fieldErrors?.reason}>
            <Textarea name="reason" required minLength={ACCESS_REASON_MIN} maxLength={ACCESS_REASON_MAX} rows={3} />
          </FormField>
          {state && !state.ok && state.message && (
            <p role="alert" className="text-sm text-destructive">
              {state.message}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? 'Revealing…' : `Reveal for ${REVEAL_VISIBLE_SECONDS} seconds`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Revealed data that hides itself after REVEAL_VISIBLE_SECONDS, with the seconds left for a countdown. */
export function useTimedReveal<Data>(): { revealed: Data | null; secondsLeft: number; show: (data: Data) => void; hide: () => void } {
  const [revealed, setRevealed] = useState<Data | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  useEffect(() => {
    if (revealed === null) return;
    const hide = setTimeout(() => setRevealed(null), REVEAL_VISIBLE_SECONDS * 1000);
    const tick = setInterval(() => setSecondsLeft((left) => Math.max(0, left - 1)), 1000);
    return () => {
      clearTimeout(hide);
      clearInterval(tick);
    };
  }, [revealed]);
  return {
    revealed,
    secondsLeft,
    show: (data) => {
      setSecondsLeft(REVEAL_VISIBLE_SECONDS);
      setRevealed(data);
    },
    hide: () => setRevealed(null),
  };
}
