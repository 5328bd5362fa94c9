'use client';

import { EyeIcon } from 'lucide-react';
import { useState } from 'react';
import { RevealReasonDialog, useTimedReveal } from '@/components/pii/reveal-reason-dialog';
import { Button } from '@/components/ui/button';
import type { RevealedFinding } from '@/lib/migration-dashboard/reveal-finding';
import { REVEAL_VISIBLE_SECONDS } from '@/lib/users/user-page.schemas';
import { revealFindingAction } from './actions';

/**
 * For a viewer allowed to reveal personal data: a button that asks why, then shows the quarantined record
 * or the mismatch values with their phone numbers decrypted for 30 seconds. The numbers live only in this
 * component's state (never in the page's HTML); the reveal and its reason are in the audit trail.
 */
export function RevealFinding({ kind, id }: { kind: RevealedFinding['kind']; id: string }) {
  const [asking, setAsking] = useState(false);
  const { revealed, secondsLeft, show, hide } = useTimedReveal<RevealedFinding>();

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
          <span className="text-xs text-muted-foreground">hides in {secondsLeft} s</span>
          <Button type="button" size="sm" variant="ghost" onClick={hide}>
            Hide now
          </Button>
        </output>
      )}
      {asking && (
        <RevealReasonDialog
          title={`Reveal the phone numbers in this ${kind === 'quarantine' ? 'record' : 'difference'}?`}
          description={`They are shown to you for ${REVEAL_VISIBLE_SECONDS} seconds. Your name, the time and your reason are kept in the audit trail.`}
          reasonHint="Why you need the numbers"
          fields={{ kind, id }}
          action={revealFindingAction}
          onClose={() => setAsking(false)}
          onRevealed={(finding) => {
            setAsking(false);
            show(finding);
          }}
        />
      )}
    </div>
  );
}
