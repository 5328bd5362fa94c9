'use client';

import { EyeIcon } from 'lucide-react';
import { useActionState, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import type { RevealedFinding } from '@/lib/migration-dashboard/reveal-finding';
import { ACCESS_REASON_MAX, ACCESS_REASON_MIN, REVEAL_VISIBLE_SECONDS } from '@/lib/users/user-page.schemas';
import { revealFindingAction } from './actions';

/**
 * For a viewer allowed to reveal personal data: a button that asks why, then shows the quarantined record
 * or the mismatch values with their phone numbers decrypted for 30 seconds. The numbers live only in this
 * component's state (never in the page's HTML); the reveal and its reason are in the audit trail.
 */
export function RevealFinding({ kind, id }: { kind: RevealedFinding['kind']; id: string }) {
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<RevealedFinding | null>(null);

  useEffect(() => {
    if (revealed === null) return;
    const hide = setTimeout(() => setRevealed(null), REVEAL_VISIBLE_SECONDS * 1000);
    return () => clearTimeout(hide);
  }, [revealed]);

  const [state, formAction, pending] = useActionState(async (_previous: ActionState<RevealedFinding> | undefined, form: FormData) => {
    const result = await revealFindingAction(undefined, form);
    if (result.ok && result.data) {
      setAsking(false);
      setRevealed(result.data);
    }
    return result;
  }, undefined);

  return (
    <div className="mt-1 grid gap-1">
      {revealed === null ? (
        <Button type="button" size="sm" variant="outline" onClick={() => setAsking(true)} data-testid={`reveal-${kind}-${id}`}>
          <EyeIcon aria-hidden /> Reveal numbers
        </Button>
      ) : (
        <output aria-live="polite" className="grid gap-1">
          <pre className="max-w-md overflow-x-auto font-mono text-xs whitespace-pre-wrap" data-testid={`revealed-${kind}-${id}`}>
            {revealed.kind === 'quarantine' ? revealed.record : `file: ${revealed.legacyValue ?? '—'}\ndatabase: ${revealed.dbValue ?? '—'}`}
          </pre>
          <Button type="button" size="sm" variant="ghost" onClick={() => setRevealed(null)}>
            Hide now
          </Button>
        </output>
      )}
      {asking && (
        <Dialog open onOpenChange={(open) => !open && setAsking(false)}>
          <DialogContent>
            <form action={formAction} className="grid gap-4">
              <DialogHeader>
                <DialogTitle>Reveal the phone numbers in this {kind === 'quarantine' ? 'record' : 'difference'}?</DialogTitle>
                <DialogDescription>
                  They are shown to you for {REVEAL_VISIBLE_SECONDS} seconds. Your name, the time and your reason are kept in the audit trail.
                </DialogDescription>
              </DialogHeader>
              <input type="hidden" name="kind" value={kind} />
              <input type="hidden" name="id" value={id} />
              <FormField label="Reason" hint={`Why you need the numbers (at least ${ACCESS_REASON_MIN} characters).`} errors={state?.fieldErrors?.reason}>
                <Textarea name="reason" required minLength={ACCESS_REASON_MIN} maxLength={ACCESS_REASON_MAX} rows={3} />
              </FormField>
              {state && !state.ok && state.message && (
                <p role="alert" className="text-sm text-destructive">
                  {state.message}
                </p>
              )}
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setAsking(false)}>
                  Cancel
                </Button>
                <Button type="submit" disabled={pending}>
                  {pending ? 'Revealing…' : `Reveal for ${REVEAL_VISIBLE_SECONDS} seconds`}
                </Button>
              </DialogFooter>
            </form>
          </DialogContent>
        </Dialog>
      )}
    </div>
  );
}
