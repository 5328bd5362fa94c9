import { cn } from '@/lib/utils';

/** A control's error text: always rendered (so aria-describedby names something) and announced when it changes. */
export function FieldError({ id, errors, className }: { id: string; errors?: string[]; className?: string }) {
  return (
    <p id={id} className={cn('text-sm text-destructive empty:hidden', className)} aria-live="polite">
      {errors?.join(' ')}
    </p>
  );
}
