export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <span id={id} className="field-error" aria-live="polite">
      {errors?.join(' ')}
    </span>
  );
}
