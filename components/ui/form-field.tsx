import { Slot } from 'radix-ui';
import { useId, type ReactElement, type ReactNode } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';

/**
 * Label, control and error as one unit. The single child (an Input, Textarea, SelectTrigger...) receives
 * the id, `aria-invalid` and an `aria-describedby` naming the hint and the error, so a screen reader
 * reads the error with the control and announces it when it appears.
 */
export function FormField({
  label,
  errors,
  hint,
  id: givenId,
  className,
  children,
}: {
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
  id?: string;
  className?: string;
  children: ReactElement;
}) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div data-slot="form-field" className={cn('grid gap-2', className)}>
      <Label htmlFor={id}>{label}</Label>
      <Slot.Root id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={hint ? `${hintId} ${errorId}` : errorId}>
        {children}
      </Slot.Root>
      {hint && (
        <p id={hintId} className="text-sm text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
