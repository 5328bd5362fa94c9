'use client';

import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { FieldError } from '@/components/ui/field-error';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionState } from '@/lib/action';
import type { CutoverGate, GateItem } from '@/lib/cutover/cutover-gate';
import { cutOverAction, rehearseRollbackAction, rollBackToJsonAction, verifyBackupAction } from './cutover-actions';

type FormAction = (previous: ActionState | undefined, formData: FormData) => Promise<ActionState>;

function Checklist({ items }: { items: GateItem[] }) {
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: '0 0 1rem' }} data-testid="gate-items">
      {items.map((item) => (
        <li key={item.id} style={{ marginBottom: '0.35rem' }}>
          <span className={`badge ${item.ok ? 'ok' : 'danger'}`} aria-label={item.ok ? 'passed' : 'failing'}>
            {item.ok ? '✓' : '✗'}
          </span>{' '}
          <strong>{item.label}</strong> <span style={{ color: 'var(--muted)' }}>— {item.detail}</span>
        </li>
      ))}
    </ul>
  );
}

function StepButton({ action, label }: { action: FormAction; label: string }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} style={{ display: 'inline-flex', gap: '0.5rem', alignItems: 'center', marginRight: '1rem' }}>
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? 'Working…' : label}
      </button>
      <ActionResult state={state} />
    </form>
  );
}

function SwitchForm({ action, label, open, id }: { action: FormAction; label: string; open: boolean; id: string }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="stack" style={{ marginTop: '0.75rem' }}>
      <FormMessage state={state} />
      <label>
        Reason (recorded in the audit trail)
        <input name="reason" required minLength={10} maxLength={500} disabled={!open} aria-invalid={!!state?.fieldErrors?.reason} aria-describedby={`${id}-reason-error`} />
        <FieldError id={`${id}-reason-error`} errors={state?.fieldErrors?.reason} />
      </label>
      <button type="submit" className="danger" disabled={!open || pending} data-testid={`${id}-button`}>
        {pending ? 'Switching…' : label}
      </button>
    </form>
  );
}

/** The cut-over gate: the checklist, the steps that satisfy it, and the two gated switches. */
export function CutoverPanel({ gate, canRun }: { gate: CutoverGate; canRun: boolean }) {
  return (
    <section className="panel" aria-labelledby="cutover-title" data-testid="cutover-panel">
      <h2 id="cutover-title" style={{ marginTop: 0 }}>
        Cut-over gate · now <span className={`badge ${gate.mode === 'pg-primary' ? 'ok' : 'warn'}`}>{gate.mode}</span>
      </h2>
      {gate.mode === 'json-primary' ? (
        <>
          <Checklist items={gate.cutover.items} />
          {canRun && (
            <>
              <StepButton action={verifyBackupAction} label="Verify backup" />
              <StepButton action={rehearseRollbackAction} label="Rehearse rollback" />
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
      {!canRun && <p style={{ color: 'var(--muted)' }}>Only a super admin can run these steps.</p>}
    </section>
  );
}
