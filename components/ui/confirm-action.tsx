'use client';

import { useActionState, useState, type ReactNode } from 'react';
import { ActionResult } from './action-result';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/lib/action';

type FormAction<Data> = (previous: ActionState<Data> | undefined, formData: FormData) => Promise<ActionState<Data>>;

/**
 * A button that asks before it acts: opens a modal alert dialog (Escape cancels, focus stays inside,
 * title and description wired by Radix) and only the dialog's confirm button submits. Renders the
 * action's outcome through `renderResult`.
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
  const [state, formAction, pending] = useActionState(action, undefined);
  // The dialog stays open only while the action's state is the one it was opened with: a new result closes it.
  const [openedWith, setOpenedWith] = useState<{ state: ActionState<Data> | undefined } | null>(null);
  const open = openedWith !== null && openedWith.state === state;
  const setOpen = (next: boolean) => setOpenedWith(next ? { state } : null);

  return (
    <>
      <AlertDialog open={open} onOpenChange={setOpen}>
        <AlertDialogTrigger asChild>
          <Button type="button" size="sm" variant="outline" className={danger ? 'text-destructive hover:text-destructive' : undefined}>
            {label}
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <form action={formAction} className="grid gap-4">
            <AlertDialogHeader>
              <AlertDialogTitle>{title}</AlertDialogTitle>
              <AlertDialogDescription>{description}</AlertDialogDescription>
            </AlertDialogHeader>
            {Object.entries(fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <AlertDialogFooter>
              <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
              <Button type="submit" variant={danger ? 'destructive' : 'default'} disabled={pending}>
                {pending ? 'Working…' : confirmLabel}
              </Button>
            </AlertDialogFooter>
          </form>
        </AlertDialogContent>
      </AlertDialog>
      {state && (renderResult?.(state) ?? <ActionResult state={state} />)}
    </>
  );
}
