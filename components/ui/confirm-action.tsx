'use client';

import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { ActionResult } from './action-result';
import type { ActionState } from '@/lib/action';

type FormAction<Data> = (previous: ActionState<Data> | undefined, formData: FormData) => Promise<ActionState<Data>>;

/**
 * A button that asks before it acts: opens a modal dialog (Escape cancels, focus stays inside) and
 * only the dialog's confirm button submits. Renders the action's outcome through `renderResult`.
 */
export function ConfirmAction<Data>({
  action,
  fields,
  label,
  title,
  description,
  confirmLabel,
  danger = false,
  renderResult,
}: {
  action: FormAction<Data>;
  fields: Record<string, string>;
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  renderResult?: (state: ActionState<Data>) => ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState(action, undefined);
  useEffect(() => {
    if (state) dialog.current?.close();
  }, [state]);

  return (
    <>
      <button type="button" className={danger ? 'danger' : 'secondary'} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${title}-title`}>
        <form action={formAction}>
          <h2 id={`${title}-title`} style={{ marginTop: 0 }}>
            {title}
          </h2>
          <p>{description}</p>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div style={{ display: 'flex', gap: '0.5rem', justifyContent: 'flex-end' }}>
            <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={danger ? 'danger' : undefined} disabled={pending}>
              {pending ? 'Working…' : confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
      {state && (renderResult?.(state) ?? <ActionResult state={state} />)}
    </>
  );
}
