import type { ActionState } from '@/lib/action';

/** The one-line outcome of an inline action (a row's Save, a step button), announced to screen readers. */
export function ActionResult({ state }: { state: ActionState<unknown> | undefined }) {
  if (!state?.message) return null;
  return (
    <span role={state.ok ? 'status' : 'alert'} className={state.ok ? '' : 'field-error'}>
      {state.message}
    </span>
  );
}
