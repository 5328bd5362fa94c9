'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { verifySecondFactorAction } from './actions';

export function VerifyForm() {
  const [state, action, pending] = useActionState(verifySecondFactorAction, undefined);
  return (
    <form action={action} className="grid gap-4" noValidate>
      {state && !state.ok && <FormMessage state={state} />}
      <FormField id="code" label="Code" errors={state?.fieldErrors?.code}>
        <Input name="code" autoComplete="one-time-code" inputMode="text" required autoFocus />
      </FormField>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Checking…' : 'Verify'}
      </Button>
    </form>
  );
}
