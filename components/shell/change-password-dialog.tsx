'use client';

import { useActionState, useEffect } from 'react';
import { toast } from 'sonner';
import { changeOwnPasswordAction } from '@/app/(admin)/actions';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '@/lib/auth/login.schemas';

/** The signed-in admin's own password change; closes with a toast when it succeeds. */
export function ChangePasswordDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [state, action, pending] = useActionState(changeOwnPasswordAction, undefined);
  useEffect(() => {
    if (!state?.ok) return;
    toast.success(state.message);
    onOpenChange(false);
  }, [state, onOpenChange]);

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Change password</DialogTitle>
          <DialogDescription>Give your current password, then the new one twice (12 characters at least).</DialogDescription>
        </DialogHeader>
        <form action={action} className="grid gap-4" noValidate>
          {state && !state.ok && <FormMessage state={state} />}
          <FormField label="Current password" errors={state?.fieldErrors?.currentPassword}>
            <Input name="currentPassword" type="password" autoComplete="current-password" required />
          </FormField>
          <FormField label="New password" errors={state?.fieldErrors?.newPassword} hint={PASSWORD_RULES}>
            <Input name="newPassword" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} />
          </FormField>
          <FormField label="Repeat the new password" errors={state?.fieldErrors?.confirmPassword}>
            <Input name="confirmPassword" type="password" autoComplete="new-password" required />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? 'Saving…' : 'Change password'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
