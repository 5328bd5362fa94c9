import { CircleAlertIcon, CircleCheckIcon } from 'lucide-react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import type { ActionState } from '@/lib/action';

/** The form-level outcome of a server action, announced to screen readers. */
export function FormMessage({ state }: { state: ActionState<unknown> | undefined }) {
  if (!state?.message) return <div aria-live="polite" />;
  const Icon = state.ok ? CircleCheckIcon : CircleAlertIcon;
  return (
    <Alert role={state.ok ? 'status' : 'alert'} variant={state.ok ? 'success' : 'destructive'} data-testid="form-message">
      <Icon aria-hidden />
      <AlertDescription className="text-foreground">{state.message}</AlertDescription>
    </Alert>
  );
}
