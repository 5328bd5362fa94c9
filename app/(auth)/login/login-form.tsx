'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { FieldError } from '@/components/ui/field-error';
import { FormMessage } from '@/components/ui/form-message';
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
    <form action={action} onSubmit={validateBeforeSubmit} className="stack" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label>
        Email
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          aria-invalid={!!state?.fieldErrors?.email}
          aria-describedby="email-error"
        />
        <FieldError id="email-error" errors={state?.fieldErrors?.email} />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={!!state?.fieldErrors?.password}
          aria-describedby="password-error"
        />
        <FieldError id="password-error" errors={state?.fieldErrors?.password} />
      </label>
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
