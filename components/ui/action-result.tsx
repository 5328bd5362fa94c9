import type { ActionState } from '@/lib/action';
import { cn } from '@/lib/utils';

/** The one-line outcome of an inline action (a row's Save, a step button), announced to screen readers. */
export function ActionResult({ state }: { state: ActionState<unknown> | undefined }) {
  if (!state?.message) return null;
  return (
    <span role={state.ok ? 'status' : 'alert'} className={cn('text-sm', state.ok ? 'text-success' : 'text-destructive')}>
      {state.message}
    </span>
  );
}
