'use client';

import { CircleCheckIcon, CircleXIcon } from 'lucide-react';
import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import type { ActionState } from '@/lib/action';
import type { CutoverGate, GateItem } from '@/lib/cutover/cutover-gate';
import { cutOverAction, rehearseRollbackAction, rollBackToJsonAction, verifyBackupAction } from './cutover-actions';

type FormAction = (previous: ActionState | undefined, formData: FormData) => Promise<ActionState>;

function Checklist({ items }: { items: GateItem[] }) {
  return (
    <ul className="grid gap-2" data-testid="gate-items">
      {items.map((item) => (
        <li key={item.id} className="flex items-start gap-2 text-sm">
          {item.ok ? (
            <CircleCheckIcon className="mt-0.5 size-4 shrink-0 text-success" aria-label="passed" role="img" />
          ) : (
            <CircleXIcon className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="failing" role="img" />
          )}
          <span>
            <strong className="font-medium">{item.label}</strong> <span className="text-muted-foreground">— {item.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

function StepButton({ action, label }: { action: FormAction; label: string }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? 'Working…' : label}
      </Button>
      <ActionResult state={state} />
    </form>
  );
}

function SwitchForm({ action, label, open, id }: { action: FormAction; label: string; open: boolean; id: string }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="grid max-w-md gap-3">
      <FormMessage state={state} />
      <FormField id={`${id}-reason`} label="Reason (recorded in the audit trail)" errors={state?.fieldErrors?.reason}>
        <Input name="reason" required minLength={10} maxLength={500} disabled={!open} dir="auto" />
      </FormField>
      <div>
        <Button type="submit" variant="destructive" disabled={!open || pending} data-testid={`${id}-button`}>
          {pending ? 'Switching…' : label}
        </Button>
      </div>
    </form>
  );
}

/** The cut-over gate: the checklist, the steps that satisfy it, and the two gated switches. */
export function CutoverPanel({ gate, canRun }: { gate: CutoverGate; canRun: boolean }) {
  return (
    <Card role="region" aria-labelledby="cutover-title" data-testid="cutover-panel" className="mt-8">
      <CardHeader>
        <CardTitle id="cutover-title" className="flex items-center gap-2 text-lg">
          Cut-over gate · now <Badge variant={gate.mode === 'pg-primary' ? 'success' : 'warning'}>{gate.mode}</Badge>
        </CardTitle>
        <CardDescription>
          {gate.mode === 'json-primary'
            ? 'PostgreSQL becomes the source of truth only when every check below passes.'
            : 'PostgreSQL is the source of truth; going back to JSON is gated the same way.'}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        {gate.mode === 'json-primary' ? (
          <>
            <Checklist items={gate.cutover.items} />
            {canRun && (
              <>
                <div className="flex flex-wrap gap-4">
                  <StepButton action={verifyBackupAction} label="Verify backup" />
                  <StepButton action={rehearseRollbackAction} label="Rehearse rollback" />
                </div>
                <SwitchForm action={cutOverAction} label="Cut over to PostgreSQL" open={gate.cutover.open} id="cutover" />
              </>
            )}
          </>
        ) : (
          <>
            <Checklist items={gate.rollback.items} />
            {canRun && <SwitchForm action={rollBackToJsonAction} label="Roll back to JSON" open={gate.rollback.open} id="rollback" />}
          </>
        )}
        {!canRun && <p className="text-sm text-muted-foreground">Only a super admin can run these steps.</p>}
      </CardContent>
    </Card>
  );
}
