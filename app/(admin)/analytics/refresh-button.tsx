'use client';

import { RefreshCwIcon } from 'lucide-react';
import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { Button } from '@/components/ui/button';
import { refreshAnalyticsAction } from './actions';

/** Refresh on demand; the job refreshes every 5 minutes anyway. */
export function RefreshButton() {
  const [state, action, pending] = useActionState(refreshAnalyticsAction, undefined);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2" aria-label="Refresh the aggregates">
      <Button type="submit" variant="outline" disabled={pending}>
        <RefreshCwIcon aria-hidden className={pending ? 'animate-spin' : undefined} />
        {pending ? 'Refreshing…' : 'Refresh now'}
      </Button>
      <ActionResult state={state} />
    </form>
  );
}
