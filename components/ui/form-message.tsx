import type { ActionState } from '@/lib/action';

/** The form-level outcome of a server action, announced to screen readers. */
export function FormMessage({ state }: { state: ActionState<unknown> | undefined }) {
  if (!state?.message) return <div aria-live="polite" />;
  return (
    <div role={state.ok ? 'status' : 'alert'} className={`notice ${state.ok ? 'success' : 'error'}`} data-testid="form-message">
      {state.message}
    </div>
  );
}
