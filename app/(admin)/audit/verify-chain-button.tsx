'use client';

import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { verifyWholeAuditChainAction } from './actions';

/** Full re-verification on demand: the page itself only checks the entries after the last checkpoint. */
export function VerifyChainButton() {
  const [state, action, pending] = useActionState(verifyWholeAuditChainAction, undefined);
  return (
    <form action={action} className="inline" aria-label="Verify the whole audit chain">
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? 'Verifying…' : 'Verify the whole chain'}
      </button>
      <ActionResult state={state} />
    </form>
  );
}
