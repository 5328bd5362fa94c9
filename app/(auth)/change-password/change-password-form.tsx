'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { changeOwnPasswordAction } from '@/app/(admin)/actions';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '@/lib/auth/login.schemas';

export function ChangePasswordForm() {
  const router = useRouter();
  const [state, action, pending] = useActionState(changeOwnPasswordAction, undefined);
  useEffect(() => {
    if (state?.ok) router.replace('/dashboard');
  }, [state, router]);

  return (
    <form action={action} className="grid gap-4" noValidate>
      {state && !state.ok && <FormMessage state={state} />}
      <FormField id="currentPassword" label="Current password" errors={state?.fieldErrors?.currentPassword}>
        <Input name="currentPassword" type="password" autoComplete="current-password" required autoFocus />
      </FormField>
      <FormField id="newPassword" label="New password" errors={state?.fieldErrors?.newPassword} hint={PASSWORD_RULES}>
        <Input name="newPassword" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} />
      </FormField>
      <FormField id="confirmPassword" label="Repeat the new password" errors={state?.fieldErrors?.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </FormField>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  );
}
