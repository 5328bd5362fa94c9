'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { loginSchema } from '@/lib/auth/login.schemas';
import { loginAction } from './actions';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [serverState, action, pending] = useActionState(loginAction, undefined);
  const [clientErrors, setClientErrors] = useState<Record<string, string[]> | undefined>();
  const state = clientErrors ? { ok: false, fieldErrors: clientErrors } : serverState;

  // Same schema as the server: an oversize or malformed value is explained at once, never posted.
  function validateBeforeSubmit(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const parsed = loginSchema.safeParse({ email: form.get('email'), password: form.get('password') });
    setClientErrors(parsed.success ? undefined : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>));
    if (!parsed.success) event.preventDefault();
  }

  return (
    <form action={action} onSubmit={validateBeforeSubmit} className="grid gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField id="email" label="Email" errors={state?.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </FormField>
      <FormField id="password" label="Password" errors={state?.fieldErrors?.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </FormField>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
