'use client';

import { EyeIcon, EyeOffIcon } from 'lucide-react';
import { useActionState, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import { ACCESS_REASON_MAX, ACCESS_REASON_MIN, REVEAL_VISIBLE_SECONDS } from '@/lib/users/user-page.schemas';
import { revealPhoneAction } from './actions';

/**
 * The masked phone, and for a role that may reveal it, a button that asks why (the reason is kept in the
 * audit trail and the access log) and then shows the full number for 30 seconds. The number is only in
 * this component's state: never in the page's HTML, gone on hide, timeout or navigation.
 */
export function RevealPhone({ identityId, masked, canReveal }: { identityId: string; masked: string | null; canReveal: boolean }) {
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
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

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {revealed === null ? (
        <span className="font-mono" data-testid="user-phone-masked">
          {masked ?? 'no phone on file'}
        </span>
      ) : (
        <output className="inline-flex items-center gap-2" aria-live="polite">
          <span className="font-mono font-medium" data-testid="user-phone-revealed">
            {revealed}
          </span>
          <span className="text-xs text-muted-foreground">hides in {secondsLeft} s</span>
          <Button type="button" size="sm" variant="ghost" onClick={() => setRevealed(null)}>
            <EyeOffIcon aria-hidden /> Hide now
          </Button>
        </output>
      )}
      {canReveal && revealed === null && (
        <Button type="button" size="sm" variant="outline" onClick={() => setAsking(true)}>
          <EyeIcon aria-hidden /> Reveal phone
        </Button>
      )}
      {asking && (
        <RevealDialog
          identityId={identityId}
          onClose={() => setAsking(false)}
          onRevealed={(phone) => {
            setAsking(false);
            setSecondsLeft(REVEAL_VISIBLE_SECONDS);
            setRevealed(phone);
          }}
        />
      )}
    </span>
  );
}

function RevealDialog({ identityId, onClose, onRevealed }: { identityId: string; onClose: () => void; onRevealed: (phone: string) => void }) {
  const [state, formAction, pending] = useActionState(async (_previous: ActionState<{ phone: string }> | undefined, form: FormData) => {
    const result = await revealPhoneAction(undefined, form);
    if (result.ok && result.data) onRevealed(result.data.phone);
    return result;
  }, undefined);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form action={formAction} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Reveal this user’s phone number?</DialogTitle>
            <DialogDescription>
              The full number is shown to you for {REVEAL_VISIBLE_SECONDS} seconds. Your name, the time and your reason are kept in the audit trail and in this
              user’s access log.
            </DialogDescription>
          </DialogHeader>
          <input type="hidden" name="identityId" value={identityId} />
          <FormField label="Reason" hint={`Why you need the number (at least ${ACCESS_REASON_MIN} characters).`} errors={state?.fieldErrors?.reason}>
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
