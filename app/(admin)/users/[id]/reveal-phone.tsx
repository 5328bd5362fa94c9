'use client';

import { EyeIcon, EyeOffIcon } from 'lucide-react';
import { useState } from 'react';
import { RevealReasonDialog, useTimedReveal } from '@/components/pii/reveal-reason-dialog';
import { Button } from '@/components/ui/button';
import { REVEAL_VISIBLE_SECONDS } from '@/lib/users/user-page.schemas';
import { revealPhoneAction } from './actions';

/**
 * The masked phone, and for a role that may reveal it, a button that asks why (the reason is kept in the
 * audit trail and the access log) and then shows the full number for 30 seconds. The number is only in
 * this component's state: never in the page's HTML, gone on hide, timeout or navigation.
 */
export function RevealPhone({ identityId, masked, canReveal }: { identityId: string; masked: string | null; canReveal: boolean }) {
  const [asking, setAsking] = useState(false);
  const { revealed, secondsLeft, show, hide } = useTimedReveal<string>();

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
          <Button type="button" size="sm" variant="ghost" onClick={hide}>
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
        <RevealReasonDialog
          title="Reveal this user’s phone number?"
          description={`The full number is shown to you for ${REVEAL_VISIBLE_SECONDS} seconds. Your name, the time and your reason are kept in the audit trail and in this user’s access log.`}
          reasonHint="Why you need the number"
          fields={{ identityId }}
          action={revealPhoneAction}
          onClose={() => setAsking(false)}
          onRevealed={({ phone }) => {
            setAsking(false);
            show(phone);
          }}
        />
      )}
    </span>
  );
}
