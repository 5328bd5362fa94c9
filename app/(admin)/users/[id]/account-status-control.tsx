'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import type { AccountStatus } from '@/lib/users/account-status';
import { ACCESS_REASON_MAX, ACCESS_REASON_MIN, type AccountStatusAction } from '@/lib/users/user-page.schemas';
import { changeAccountStatusAction } from './actions';

const CHANGES: Record<AccountStatusAction, { label: string; consequence: string }> = {
  suspend: {
    label: 'Suspend account',
    consequence: 'The legacy platform’s users list reports the account as suspended from now on.',
  },
  reactivate: {
    label: 'Reactivate account',
    consequence: 'The account is reported as active again.',
  },
};

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  return <Badge variant={status === 'active' ? 'success' : 'destructive'}>{status}</Badge>;
}

/**
 * The account status and, for a role with `users:write`, the one change it allows (suspend an active
 * account, reactivate a suspended one). Both ask first, in a dialog that needs a typed reason.
 */
export function AccountStatusControl({
  identityId,
  status,
  canWrite,
  unavailableReason,
}: {
  identityId: string;
  status: AccountStatus;
  canWrite: boolean;
  /** Why this identity's status cannot be changed here (an orphan, no identity-map record), if so. */
  unavailableReason: string | null;
}) {
  const [open, setOpen] = useState(false);
  const action: AccountStatusAction | null = status === 'active' ? 'suspend' : status === 'suspended' ? 'reactivate' : null;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="account-status-control">
      <span className="text-sm text-muted-foreground">Account</span>
      <AccountStatusBadge status={status} />
      {canWrite && action && !unavailableReason && (
        <Button
          type="button"
          size="sm"
          variant="outline"
          className={action === 'suspend' ? 'text-destructive hover:text-destructive' : undefined}
          onClick={() => setOpen(true)}
        >
          {CHANGES[action].label}
        </Button>
      )}
      {canWrite && unavailableReason && <span className="text-xs text-muted-foreground">{unavailableReason}</span>}
      {open && action && <StatusDialog identityId={identityId} action={action} onClose={() => setOpen(false)} />}
    </div>
  );
}

function StatusDialog({ identityId, action, onClose }: { identityId: string; action: AccountStatusAction; onClose: () => void }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(async (_previous: ActionState | undefined, form: FormData) => {
    const result = await changeAccountStatusAction(undefined, form);
    if (result.ok) {
      toast.success(result.message);
      onClose();
      router.refresh();
    }
    return result;
  }, undefined);
  const change = CHANGES[action];
  return (
    <Dialog open onOpenChange={(next) => !next && onClose()}>
      <DialogContent>
        <form action={formAction} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{change.label}?</DialogTitle>
            <DialogDescription>{change.consequence} The change and your reason are kept in the audit trail.</DialogDescription>
          </DialogHeader>
          <input type="hidden" name="identityId" value={identityId} />
          <input type="hidden" name="action" value={action} />
          <FormField label="Reason" hint={`At least ${ACCESS_REASON_MIN} characters.`} errors={state?.fieldErrors?.reason}>
            <Textarea name="reason" required minLength={ACCESS_REASON_MIN} maxLength={ACCESS_REASON_MAX} rows={3} />
          </FormField>
          {state && !state.ok && state.message && (
            <p role="alert" className="text-sm text-destructive">
              {state.message}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant={action === 'suspend' ? 'destructive' : 'default'} disabled={pending}>
              {pending ? 'Working…' : change.label}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
